"""Every query of ``cart_line``: Piccolo on ``tx``; SQL for the set-based upsert."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.core.rows import as_structs
from hansa.marketplace.cart.schemas import CartAddition, CartLineRow
from hansa.marketplace.cart.tables import CartLine, PreferredSupplier


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
    SQL: one statement for a whole paste of up to 10,000 lines; ``clock_timestamp()``
    keeps the lines in the order given (the cart lists them by ``added_at``)."""
    await tx.execute(
        """
        INSERT INTO public.cart_line (id, org_id, user_id, tenant_id, sku, quantity, added_at)
        SELECT gen_random_uuid(), $1, $2, l.tenant_id, l.sku, l.quantity, clock_timestamp()
        FROM unnest($3::uuid[], $4::text[], $5::numeric[]) WITH ORDINALITY AS l (tenant_id, sku, quantity, n)
        ORDER BY l.n
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
        await CartLine.update({CartLine.quantity: quantity, CartLine.updated_at: DB_NOW})
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


async def get_line(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, line_id: uuid.UUID) -> CartLineRow | None:
    rows = (
        await CartLine.select()
        .where((CartLine.id == line_id) & (CartLine.org_id == org_id) & (CartLine.user_id == user_id))
        .run()
    )
    return as_structs(rows, CartLineRow)[0] if rows else None


async def clear(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID) -> int:
    rows = (
        await CartLine.delete()
        .where((CartLine.org_id == org_id) & (CartLine.user_id == user_id))
        .returning(CartLine.id)
        .run()
    )
    return len(rows)


async def preferred_tenant_ids(tx: Tx, org_id: uuid.UUID) -> list[uuid.UUID]:
    rows = (
        await PreferredSupplier.select(PreferredSupplier.tenant_id)
        .where(PreferredSupplier.org_id == org_id)
        .order_by(PreferredSupplier.position)
        .run()
    )
    return [row["tenant_id"] for row in rows]


async def replace_preferred(tx: Tx, org_id: uuid.UUID, tenant_ids: Sequence[uuid.UUID]) -> None:
    await PreferredSupplier.delete().where(PreferredSupplier.org_id == org_id).run()
    if tenant_ids:
        await PreferredSupplier.insert(
            *[
                new_row(
                    PreferredSupplier, id=uuid.uuid4(), org_id=org_id, tenant_id=tenant_id, position=position
                )
                for position, tenant_id in enumerate(tenant_ids, start=1)
            ]
        ).run()
