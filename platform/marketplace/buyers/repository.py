"""Every query of ``buyer_location``: Piccolo CRUD on ``tx``; SQL for the row lock that
serialises one company's changes of defaults."""

from __future__ import annotations

import uuid
from typing import Any

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.marketplace.buyers.schemas import BuyerLocationOut
from hansa.marketplace.buyers.tables import BuyerLocation

UPDATABLE = frozenset(
    {
        "name",
        "is_ship_to",
        "is_bill_to",
        "is_default_ship_to",
        "is_default_bill_to",
        "line1",
        "line2",
        "city",
        "region",
        "postal_code",
        "country",
        "contact_name",
        "contact_email",
        "contact_phone",
        "tax_id",
    }
)
DEFAULT_COLUMN = {"ship_to": "is_default_ship_to", "bill_to": "is_default_bill_to"}


async def lock_company(tx: Tx, org_id: uuid.UUID) -> None:
    """Lock the company's locations so two changes of its defaults run one after the other.
    SQL: Piccolo has no FOR UPDATE."""
    await tx.execute("SELECT id FROM public.buyer_location WHERE org_id = $1 FOR UPDATE", org_id)


async def list_locations(tx: Tx, org_id: uuid.UUID) -> list[BuyerLocationOut]:
    rows = (
        await BuyerLocation.select()
        .where(BuyerLocation.org_id == org_id)
        .order_by(BuyerLocation.name, BuyerLocation.id)
        .run()
    )
    return as_structs(rows, BuyerLocationOut)


async def get_location(tx: Tx, org_id: uuid.UUID, location_id: uuid.UUID) -> BuyerLocationOut | None:
    row = (
        await BuyerLocation.select()
        .where((BuyerLocation.id == location_id) & (BuyerLocation.org_id == org_id))
        .first()
        .run()
    )
    return as_struct(row, BuyerLocationOut) if row else None


async def has_default(tx: Tx, org_id: uuid.UUID, kind: str) -> bool:
    column = BuyerLocation._meta.get_column_by_name(DEFAULT_COLUMN[kind])
    return bool(await BuyerLocation.exists().where((BuyerLocation.org_id == org_id) & (column == True)).run())  # noqa: E712


async def insert_location(tx: Tx, org_id: uuid.UUID, location_id: uuid.UUID, fields: dict[str, Any]) -> None:
    await BuyerLocation.insert(new_row(BuyerLocation, id=location_id, org_id=org_id, **fields)).run()


async def update_location(tx: Tx, location_id: uuid.UUID, fields: dict[str, Any]) -> None:
    if not set(fields) <= UPDATABLE:
        raise ValueError(f"not updatable: {sorted(set(fields) - UPDATABLE)}")
    values: dict[Any, Any] = {
        BuyerLocation._meta.get_column_by_name(name): value for name, value in fields.items()
    }
    await (
        BuyerLocation.update({**values, BuyerLocation.updated_at: DB_NOW})
        .where(BuyerLocation.id == location_id)
        .run()
    )


async def clear_default(tx: Tx, org_id: uuid.UUID, kind: str) -> None:
    column = BuyerLocation._meta.get_column_by_name(DEFAULT_COLUMN[kind])
    await (
        BuyerLocation.update({column: False, BuyerLocation.updated_at: DB_NOW})
        .where(
            (BuyerLocation.org_id == org_id) & (column == True)  # noqa: E712
        )
        .run()
    )


async def delete_location(tx: Tx, location_id: uuid.UUID) -> None:
    await BuyerLocation.delete().where(BuyerLocation.id == location_id).run()
