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
