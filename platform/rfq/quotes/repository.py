"""Every query of rfq.quotes's tables."""

from __future__ import annotations

import uuid

import asyncpg

from hansa.core.db import Tx


async def latest_revisions(tx: Tx, rfq_id: uuid.UUID) -> list[asyncpg.Record]:
    """The highest-numbered sent revision of each invited supplier, by tenant."""
    return await tx.fetch(
        "SELECT DISTINCT ON (tenant_id) * FROM public.rfq_revision WHERE rfq_id = $1 "
        "ORDER BY tenant_id, number DESC",
        rfq_id,
    )


async def revision(tx: Tx, revision_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.fetchrow("SELECT * FROM public.rfq_revision WHERE id = $1", revision_id)


async def revision_lines_json(tx: Tx, revision_ids: list[uuid.UUID]) -> str:
    """The lines of these revisions (one query however many), in the RFQ's line order, as one
    JSON array (text): a comparison reads 50 x 200 of them, and decoding one document into
    structs costs a fraction of decoding 10,000 rows column by column."""
    found = await tx.fetchval(
        "SELECT coalesce(json_agg(rl ORDER BY rl.revision_id, l.position), '[]')::text "
        "FROM public.rfq_revision_line rl JOIN public.rfq_line l ON l.id = rl.line_id "
        "WHERE rl.revision_id = ANY($1::uuid[])",
        revision_ids,
    )
    return str(found)
