"""Request and response shapes of the catalog (msgspec). Quantities travel as
decimal strings ("12.5"); they are checked here, so a bad one answers 400."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

ProductStatus = Literal["draft", "published", "archived"]
VariantStatus = Literal["active", "inactive"]
ProductSort = Literal["name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"]

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
Description = Annotated[str, msgspec.Meta(max_length=100_000)]
Unit = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
Sku = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$")]
LocationCode = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
Attributes = Annotated[dict[str, Any], msgspec.Meta(max_length=200)]
LeadTime = Annotated[int, msgspec.Meta(ge=0, le=3650)]
Gtin = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{8,14}$")]  # EAN/UPC: offers grouped across suppliers
Mpn = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]  # the manufacturer's part number
Manufacturer = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]

MAX_DECIMAL = Decimal("1e14")


def check_positive(name: str, value: Decimal | None) -> None:
    if value is not None and not (value.is_finite() and 0 < value < MAX_DECIMAL):
        raise ValueError(f"{name} must be a positive decimal")


def check_non_negative(name: str, value: Decimal | None) -> None:
    if value is not None and not (value.is_finite() and 0 <= value < MAX_DECIMAL):
        raise ValueError(f"{name} must be a decimal >= 0")


class NewVariant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sku: Sku
    name: Name | None = None
    attributes: Attributes = msgspec.field(default_factory=dict)
    pack_size: Decimal = Decimal(1)
    min_order_qty: Decimal = Decimal(1)
    order_increment: Decimal = Decimal(1)
    lead_time_days: LeadTime = 0
    status: VariantStatus = "active"
    gtin: Gtin | None = None
    mpn: Mpn | None = None
    manufacturer: Manufacturer | None = None

    def __post_init__(self) -> None:
        check_positive("pack_size", self.pack_size)
        check_positive("min_order_qty", self.min_order_qty)
        check_positive("order_increment", self.order_increment)


class VariantPatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Fields left out stay as they are."""

    sku: Sku | None = None
    name: Name | None = None
    attributes: Attributes | None = None
    pack_size: Decimal | None = None
    min_order_qty: Decimal | None = None
    order_increment: Decimal | None = None
    lead_time_days: LeadTime | None = None
    status: VariantStatus | None = None
    gtin: Gtin | None = None
    mpn: Mpn | None = None
    manufacturer: Manufacturer | None = None

    def __post_init__(self) -> None:
        check_positive("pack_size", self.pack_size)
        check_positive("min_order_qty", self.min_order_qty)
        check_positive("order_increment", self.order_increment)


class VariantOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    product_id: uuid.UUID
    sku: str
    name: str | None
    attributes: dict[str, Any]
    pack_size: Decimal
    min_order_qty: Decimal
    order_increment: Decimal
    lead_time_days: int
    status: VariantStatus
    created_at: datetime
    updated_at: datetime
    gtin: str | None = None
    mpn: str | None = None
    manufacturer: str | None = None


class NewProduct(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name
    description: Description = ""
    category_id: uuid.UUID | None = None
    status: ProductStatus = "draft"
    unit_of_measure: Unit = "pcs"
    variants: Annotated[list[NewVariant], msgspec.Meta(max_length=500)] = msgspec.field(default_factory=list)


class ProductPatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Fields left out stay as they are; ``clear_category`` removes the category."""

    name: Name | None = None
    description: Description | None = None
    category_id: uuid.UUID | None = None
    clear_category: bool = False
    status: ProductStatus | None = None
    unit_of_measure: Unit | None = None


class ProductOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    description: str
    category_id: uuid.UUID | None
    status: ProductStatus
    unit_of_measure: str
    created_at: datetime
    updated_at: datetime
    variants: list[VariantOut] = msgspec.field(default_factory=list)
    # in lists only: the first image's small rendition, once it is ready
    thumbnail_url: str | None = None


class NewLocation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: LocationCode
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class LocationOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    code: str
    name: str
    created_at: datetime


class InventoryLevelIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sku: Sku
    location_code: LocationCode
    on_hand: Decimal

    def __post_init__(self) -> None:
        check_non_negative("on_hand", self.on_hand)


class InventoryLevels(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    levels: Annotated[list[InventoryLevelIn], msgspec.Meta(min_length=1, max_length=5000)]


class InventoryLevelOut(msgspec.Struct, frozen=True):
    sku: str
    variant_id: uuid.UUID
    location_code: str
    location_id: uuid.UUID
    on_hand: Decimal
    updated_at: datetime


class StockRequest(msgspec.Struct, frozen=True):
    """Stock one order line needs: reserved under the line's id."""

    line_id: uuid.UUID
    variant_id: uuid.UUID
    quantity: Decimal


class StockOutcome(msgspec.Struct, frozen=True):
    """What placement got for a line: reserved now, the rest backordered (with its lead time)."""

    line_id: uuid.UUID
    reserved: Decimal
    backordered: Decimal
    lead_time_days: int
