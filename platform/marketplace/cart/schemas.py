"""Cart structs (msgspec)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import msgspec


class CartLineRow(msgspec.Struct, frozen=True):
    """One stored cart line: which supplier's SKU, how many. Never a price: lines are
    priced live by the supplier's price resolution until the order is placed."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    sku: str
    quantity: Decimal
    added_at: datetime
    updated_at: datetime


class CartAddition(msgspec.Struct, frozen=True):
    """A line to put in the cart: added to the quantity already there for this SKU."""

    tenant_id: uuid.UUID
    sku: str
    quantity: Decimal
