"""Every query of ``cart_line``: Piccolo on ``tx``; SQL for the set-based upsert."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from hansa.core.db import Tx
from hansa.core.rows import as_structs
from hansa.marketplace.cart.schemas import CartAddition, CartLineRow
from hansa.marketplace.cart.tables import CartLine


async def lines_of(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID) -> list[CartLineRow]:
    rows = (
        await CartLine.select()
        .where((CartLine.org_id == org_id) & (CartLine.user_id == user_id))
        .order_by(CartLine.added_at)
        .order_by(CartLine.id)
        .run()
    )
    return as_structs(rows, CartLineRow)


async def count_lines(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID) -> int:
    return int(
        await CartLine.count().where((CartLine.org_id == org_id) & (CartLine.user_id == user_id)).run()
    )


async def add_lines(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, lines: Sequence[CartAddition]) -> None:
    """Add each line's quantity to the one already there (or insert it).
    SQL: one statement for a whole paste of up to 10,000 lines."""
    await tx.execute(
        """
        INSERT INTO public.cart_line (id, org_id, user_id, tenant_id, sku, quantity)
        SELECT gen_random_uuid(), $1, $2, l.tenant_id, l.sku, l.quantity
        FROM unnest($3::uuid[], $4::text[], $5::numeric[]) AS l (tenant_id, sku, quantity)
        ON CONFLICT (org_id, user_id, tenant_id, sku) DO UPDATE
        SET quantity = public.cart_line.quantity + EXCLUDED.quantity, updated_at = now()
        """,
        org_id,
        user_id,
        [line.tenant_id for line in lines],
        [line.sku for line in lines],
        [line.quantity for line in lines],
    )


async def set_quantity(
    tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, line_id: uuid.UUID, quantity: object
) -> bool:
    rows = (
        await CartLine.update({CartLine.quantity: quantity})
        .where((CartLine.id == line_id) & (CartLine.org_id == org_id) & (CartLine.user_id == user_id))
        .returning(CartLine.id)
        .run()
    )
    return bool(rows)


async def remove_lines(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, line_ids: Sequence[uuid.UUID]) -> int:
    if not line_ids:
        return 0
    rows = (
        await CartLine.delete()
        .where(
            (CartLine.org_id == org_id) & (CartLine.user_id == user_id) & CartLine.id.is_in(list(line_ids))
        )
        .returning(CartLine.id)
        .run()
    )
    return len(rows)
