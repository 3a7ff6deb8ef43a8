"""Every query of rfq.awards's tables (public ``rfq_award``, ``rfq_award_line``,
``rfq_award_step``): Piccolo on ``tx``; SQL where a row is locked or claimed, or many rows
go in at once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import asyncpg
import msgspec

from hansa.core.db import Tx, new_row
from hansa.rfq.awards.tables import RfqAward, RfqAwardStep

_LINE_COLUMNS = (
    "award_id", "line_id", "tenant_id", "revision_id", "sku", "quantity", "unit_price", "breaks", "currency",
    "line_total",
)  # fmt: skip


async def insert_award(
    tx: Tx,
    award_id: uuid.UUID,
    rfq_id: uuid.UUID,
    *,
    checkout_id: uuid.UUID | None,
    contract_valid_until: date | None,
    awarded_by: uuid.UUID | None,
) -> None:
    await RfqAward.insert(
        new_row(
            RfqAward,
            id=award_id,
            rfq_id=rfq_id,
            status="placing",
            checkout_id=checkout_id,
            contract_valid_until=contract_valid_until,
            awarded_by=awarded_by,
        )
    ).run()


async def insert_lines(tx: Tx, lines: Sequence[dict[str, Any]]) -> None:
    """SQL: one statement for the whole award (up to 200 lines x splits); ``breaks`` go as
    JSON text (an array of arrays is not a jsonb[] to asyncpg)."""
    values = [[line[column] for line in lines] for column in _LINE_COLUMNS]
    values[_LINE_COLUMNS.index("breaks")] = [msgspec.json.encode(line["breaks"]).decode() for line in lines]
    await tx.execute(
        f"INSERT INTO public.rfq_award_line ({', '.join(_LINE_COLUMNS)}) "
        "SELECT a, l, t, r, s, q, u, b::jsonb, c, lt FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], "
        "$4::uuid[], $5::text[], $6::numeric[], $7::numeric[], $8::text[], $9::text[], $10::numeric[]) "
        "AS x (a, l, t, r, s, q, u, b, c, lt)",
        *values,
    )


async def insert_steps(tx: Tx, award_id: uuid.UUID, tenant_ids: Sequence[uuid.UUID]) -> None:
    if tenant_ids:
        await RfqAwardStep.insert(
            *(new_row(RfqAwardStep, award_id=award_id, tenant_id=t, status="pending") for t in tenant_ids)
        ).run()


async def award_of_rfq(tx: Tx, rfq_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.fetchrow("SELECT * FROM public.rfq_award WHERE rfq_id = $1", rfq_id)


async def award(tx: Tx, award_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.fetchrow("SELECT * FROM public.rfq_award WHERE id = $1", award_id)


async def award_lines(
    tx: Tx, award_id: uuid.UUID, tenant_id: uuid.UUID | None = None
) -> list[asyncpg.Record]:
    """The award's lines (one supplier's when ``tenant_id``)."""
    return await tx.fetch(
        "SELECT * FROM public.rfq_award_line WHERE award_id = $1 AND ($2::uuid IS NULL OR tenant_id = $2)",
        award_id,
        tenant_id,
    )


async def steps_of(tx: Tx, award_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT * FROM public.rfq_award_step WHERE award_id = $1 ORDER BY tenant_id", award_id
    )


async def step(
    tx: Tx, award_id: uuid.UUID, tenant_id: uuid.UUID, *, lock: bool = False
) -> asyncpg.Record | None:
    return await tx.fetchrow(
        "SELECT * FROM public.rfq_award_step WHERE award_id = $1 AND tenant_id = $2"
        + (" FOR UPDATE" if lock else ""),
        award_id,
        tenant_id,
    )


async def pending_tenants(tx: Tx, award_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "SELECT tenant_id FROM public.rfq_award_step WHERE award_id = $1 AND status = 'pending' "
        "ORDER BY tenant_id",
        award_id,
    )
    return [row["tenant_id"] for row in rows]


async def lock_pending_step(tx: Tx, award_id: uuid.UUID, tenant_id: uuid.UUID) -> asyncpg.Record | None:
    """The step with its award's columns, locked, while it is still pending (a runner that got
    there first left it done: then None). SQL: FOR UPDATE."""
    return await tx.fetchrow(
        "SELECT s.*, a.rfq_id, a.contract_valid_until "
        "FROM public.rfq_award_step s JOIN public.rfq_award a ON a.id = s.award_id "
        "WHERE s.award_id = $1 AND s.tenant_id = $2 AND s.status = 'pending' FOR UPDATE OF s",
        award_id,
        tenant_id,
    )


async def mark_step(
    tx: Tx,
    award_id: uuid.UUID,
    tenant_id: uuid.UUID,
    status: str,
    *,
    price_list_id: uuid.UUID | None = None,
    reason: str | None = None,
    only_from: str | None = None,
) -> bool:
    done = await tx.fetchval(
        "UPDATE public.rfq_award_step SET status = $3, price_list_id = $4, failure_reason = $5, "
        "updated_at = now() WHERE award_id = $1 AND tenant_id = $2 AND ($6::text IS NULL OR status = $6) "
        "RETURNING true",
        award_id,
        tenant_id,
        status,
        price_list_id,
        None if reason is None else reason[:2000],
        only_from,
    )
    return bool(done)


async def set_line_skus(
    tx: Tx, award_id: uuid.UUID, tenant_id: uuid.UUID, mapping: Sequence[tuple[uuid.UUID, str]]
) -> None:
    await tx.execute(
        "UPDATE public.rfq_award_line al SET sku = m.sku "
        "FROM unnest($3::uuid[], $4::text[]) AS m (line_id, sku) "
        "WHERE al.award_id = $1 AND al.tenant_id = $2 AND al.line_id = m.line_id",
        award_id,
        tenant_id,
        [line_id for line_id, _ in mapping],
        [sku for _, sku in mapping],
    )


async def complete_if_done(tx: Tx, award_id: uuid.UUID) -> bool:
    """``placing`` → ``completed`` once no contract step is pending (needs_mapping waits for
    the supplier, not for a runner)."""
    done = await tx.fetchval(
        "UPDATE public.rfq_award SET status = 'completed', completed_at = now(), updated_at = now() "
        "WHERE id = $1 AND status = 'placing' AND NOT EXISTS "
        "(SELECT 1 FROM public.rfq_award_step s WHERE s.award_id = $1 AND s.status = 'pending') "
        "RETURNING true",
        award_id,
    )
    return bool(done)


async def reopen(tx: Tx, award_id: uuid.UUID) -> None:
    """A mapped step is pending again: the award is placing until it ran."""
    await tx.execute(
        "UPDATE public.rfq_award SET status = 'placing', completed_at = NULL, updated_at = now() "
        "WHERE id = $1",
        award_id,
    )


async def claim_placing(tx: Tx, idle: timedelta, limit: int) -> list[asyncpg.Record]:
    """Awards left ``placing`` for ``idle`` or longer, claimed for one resume run (their
    ``updated_at`` moves on; rows another worker is claiming are skipped).
    SQL: FOR UPDATE SKIP LOCKED."""
    return await tx.fetch(
        "UPDATE public.rfq_award SET updated_at = now() WHERE id IN ("
        "SELECT id FROM public.rfq_award WHERE status = 'placing' AND updated_at <= now() - $1::interval "
        "ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id, checkout_id",
        idle,
        limit,
    )
