"""Cart rules (docs/ordering.md): a cart per user per buyer company, SKU and quantity
per supplier, at most ``MAX_LINES`` lines. The functions here take the caller's
transaction: checkout, requisition lists and reorder compose them with their own work."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from hansa.core.db import Tx
from hansa.core.errors import ValidationFailed
from hansa.marketplace.cart import repository as repo
from hansa.marketplace.cart.schemas import CartAddition, CartLineRow

MAX_LINES = 10_000


async def lines_of(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID) -> list[CartLineRow]:
    """The user's cart in this company, oldest line first."""
    return await repo.lines_of(tx, org_id, user_id)


async def add_lines(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, lines: Sequence[CartAddition]) -> None:
    """Add the lines (quantities of a SKU already there add up); refuse a cart that would
    pass ``MAX_LINES`` lines. The caller checked the SKUs against the suppliers' catalogs."""
    if not lines:
        return
    merged: dict[tuple[uuid.UUID, str], CartAddition] = {}
    for line in lines:
        key = (line.tenant_id, line.sku)
        before = merged.get(key)
        merged[key] = (
            line
            if before is None
            else CartAddition(line.tenant_id, line.sku, before.quantity + line.quantity)
        )
    if await repo.count_lines(tx, org_id, user_id) + len(merged) > MAX_LINES:
        raise ValidationFailed(f"a cart holds at most {MAX_LINES} lines", code="cart.too_many_lines")
    await repo.add_lines(tx, org_id, user_id, list(merged.values()))


async def remove_lines(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, line_ids: Sequence[uuid.UUID]) -> int:
    """Remove these lines of the user's cart (ids of others are ignored); how many went."""
    return await repo.remove_lines(tx, org_id, user_id, line_ids)
