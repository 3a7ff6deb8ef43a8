"""Rules of rfq.quotes (docs/rfq.md)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg
import msgspec

from hansa.core.db import Tx
from hansa.core.rows import as_struct
from hansa.rfq.quotes import repository as repo
from hansa.rfq.quotes.schemas import RevisionLineOut, RevisionOut

# -- For awards --------------------------------------------------------------------------------


async def latest_revisions(tx: Tx, rfq_id: uuid.UUID) -> list[RevisionOut]:
    """The latest sent revision of each invited supplier with its lines (two queries: public
    only, however many suppliers answered)."""
    return await _with_lines(tx, await repo.latest_revisions(tx, rfq_id))


async def revision(tx: Tx, revision_id: uuid.UUID) -> RevisionOut | None:
    found = await repo.revision(tx, revision_id)
    return (await _with_lines(tx, [found]))[0] if found else None


async def _with_lines(tx: Tx, rows: Sequence[asyncpg.Record]) -> list[RevisionOut]:
    found = await repo.revision_lines_json(tx, [row["id"] for row in rows])
    lines = msgspec.json.decode(found, type=list[RevisionLineOut])
    by_revision: dict[uuid.UUID, list[RevisionLineOut]] = {}
    for line in lines:
        by_revision.setdefault(line.revision_id, []).append(line)
    return [
        msgspec.structs.replace(
            as_struct({**dict(row), "currency": row["currency"].strip()}, RevisionOut),
            lines=by_revision.get(row["id"], []),
        )
        for row in rows
    ]
