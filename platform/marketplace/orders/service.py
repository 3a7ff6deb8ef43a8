"""Order rules (docs/ordering.md)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from hansa.core.db import Tx
from hansa.marketplace.orders import repository as repo


async def spent_by(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, since: datetime) -> dict[str, Decimal]:
    """What ``user_id`` ordered for ``org_id`` since ``since``, per currency (a monthly
    spending limit's measure): orders not cancelled or rejected."""
    return await repo.spent_by(tx, org_id, user_id, since)
