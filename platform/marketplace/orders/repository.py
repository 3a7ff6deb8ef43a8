"""Queries of the orders domain: ``order_ref`` (public) and the orders in the tenant schema."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from hansa.core.db import Tx


async def spent_by(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, since: datetime) -> dict[str, Decimal]:
    """Totals per currency of the orders ``user_id`` placed for ``org_id`` since ``since``
    (neither cancelled nor rejected). SQL: an aggregate over the placed_by index."""
    rows = await tx.fetch(
        """
        SELECT currency, sum(total) AS total FROM public.order_ref
        WHERE buyer_org_id = $1 AND placed_by = $2 AND placed_at >= $3
          AND status NOT IN ('cancelled', 'rejected')
        GROUP BY currency
        """,
        org_id,
        user_id,
        since,
    )
    return {row["currency"].strip(): row["total"] for row in rows}
