"""Search's own rows besides the index: the query log (in the ``search`` schema)."""

from __future__ import annotations

import uuid

from hansa.core.db import Tx
from hansa.core.rows import rows_affected


async def log_query(tx: Tx, marketplace_id: uuid.UUID, q: str, filter_keys: list[str], count: int) -> None:
    await tx.execute(
        "INSERT INTO search.query_log (marketplace_id, q, filters, result_count) VALUES ($1, $2, $3, $4)",
        marketplace_id,
        q,
        filter_keys,
        count,
    )


async def prune_query_log(tx: Tx, days: int) -> int:
    status = await tx.execute(
        "DELETE FROM search.query_log WHERE created_at < now() - make_interval(days => $1)", days
    )
    return rows_affected(status)


# -- ``hansa search reindex``: which suppliers a run swapped in already --------------------------

FINISHED = uuid.UUID(int=0)  # the row that marks a run finished


async def unfinished_run(tx: Tx) -> uuid.UUID | None:
    return await tx.fetchval(  # type: ignore[no-any-return]
        "SELECT run_id FROM search.reindex_done GROUP BY run_id "
        "HAVING NOT bool_or(tenant_id = $1) ORDER BY max(done_at) DESC LIMIT 1",
        FINISHED,
    )


async def done_in_run(tx: Tx, run_id: uuid.UUID) -> set[uuid.UUID]:
    rows = await tx.fetch("SELECT tenant_id FROM search.reindex_done WHERE run_id = $1", run_id)
    return {row["tenant_id"] for row in rows}


async def mark_done(tx: Tx, run_id: uuid.UUID, tenant_id: uuid.UUID, documents: int) -> None:
    await tx.execute(
        "INSERT INTO search.reindex_done (run_id, tenant_id, documents) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING",
        run_id,
        tenant_id,
        documents,
    )
