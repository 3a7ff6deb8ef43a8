"""Rows of the three file kinds (one struct each, shared by the file import and the
JSON bulk API) and the import job's shapes. Decimals travel as strings in JSON."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from hansa.core.types import Currency
from hansa.marketplace.catalog.schemas import (
    Attributes,
    Description,
    Gtin,
    LeadTime,
    LocationCode,
    Manufacturer,
    Mpn,
    Name,
    ProductStatus,
    Sku,
    Unit,
    VariantStatus,
    check_non_negative,
    check_positive,
)
from hansa.marketplace.pricing.schemas import ListKind, Priority

Kind = Literal["products", "inventory", "prices"]
Format = Literal["csv", "xlsx"]
Status = Literal["queued", "validating", "applying", "done", "failed"]
ExportStatus = Literal["queued", "running", "done", "failed"]
# how a file writes decimals: "comma" (1.234,5) or "point" (1,234.5)
NumberFormat = Literal["comma", "point"]
MAX_BULK_ITEMS = 5000


class VariantRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One variant and its product. ``None``: keep the current value (new rows: the default)."""

    sku: Sku
    product_ref: Sku | None = None  # rows with the same ref share a product; default: the SKU
    product_name: Name | None = None
    description: Description | None = None
    unit_of_measure: Unit | None = None
    product_status: ProductStatus | None = None
    category_id: uuid.UUID | None = None  # a marketplace category: attributes must fit its schema
    variant_name: Name | None = None
    attributes: Attributes | None = None
    pack_size: Decimal | None = None
    min_order_qty: Decimal | None = None
    order_increment: Decimal | None = None
    lead_time_days: LeadTime | None = None
    variant_status: VariantStatus | None = None
    gtin: Gtin | None = None
    mpn: Mpn | None = None
    manufacturer: Manufacturer | None = None

    def __post_init__(self) -> None:
        check_positive("pack_size", self.pack_size)
        check_positive("min_order_qty", self.min_order_qty)
        check_positive("order_increment", self.order_increment)


class InventoryRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``location_name`` creates the location when its code is new (a typo does not)."""

    sku: Sku
    location: LocationCode
    on_hand: Decimal
    location_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | None = None

    def __post_init__(self) -> None:
        check_non_negative("on_hand", self.on_hand)


class PriceRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One tier. The tiers given for a (list, SKU) replace that SKU's tiers in the list.

    A list name that does not exist yet is created when the row gives ``list_kind``
    and ``currency`` (plus validity, priority, and the segment or buyer its kind needs);
    for an existing list those columns must match it."""

    price_list: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    sku: Sku
    min_qty: Decimal
    unit_price: Decimal
    currency: Currency | None = None
    list_kind: ListKind | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    priority: Priority | None = None
    segment_id: uuid.UUID | None = None
    buyer_org_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        check_positive("min_qty", self.min_qty)
        check_non_negative("unit_price", self.unit_price)
        if self.unit_price.as_tuple().exponent < -6:  # type: ignore[operator]
            raise ValueError("unit_price has at most 6 decimals")


ROW_TYPES: dict[str, type[Any]] = {"products": VariantRow, "inventory": InventoryRow, "prices": PriceRow}

# the documented column sets, in export order; required columns first
COLUMNS: dict[str, list[str]] = {
    "products": [
        "sku",
        "product_ref",
        "product_name",
        "description",
        "unit_of_measure",
        "product_status",
        "category_id",
        "variant_name",
        "attributes",
        "pack_size",
        "min_order_qty",
        "order_increment",
        "lead_time_days",
        "variant_status",
        "gtin",
        "mpn",
        "manufacturer",
    ],
    "inventory": ["sku", "location", "on_hand", "location_name"],
    "prices": [
        "price_list",
        "currency",
        "sku",
        "min_qty",
        "unit_price",
        "list_kind",
        "valid_from",
        "valid_to",
        "priority",
        "segment_id",
        "buyer_org_id",
    ],
}
# the list's own columns in a prices file (besides its name and currency)
LIST_COLUMNS = ("list_kind", "valid_from", "valid_to", "priority", "segment_id", "buyer_org_id")
# products files may also carry one column per attribute: "attr:<code>"
ATTRIBUTE_PREFIX = "attr:"
REQUIRED: dict[str, set[str]] = {
    "products": {"sku"},
    "inventory": {"sku", "location", "on_hand"},
    "prices": {"price_list", "sku", "min_qty", "unit_price"},
}
DECIMAL_COLUMNS = {"pack_size", "min_order_qty", "order_increment", "on_hand", "min_qty", "unit_price"}
INTEGER_COLUMNS = {"lead_time_days", "priority"}
JSON_COLUMNS = {"attributes"}


class BulkVariants(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    items: Annotated[list[VariantRow], msgspec.Meta(min_length=1, max_length=MAX_BULK_ITEMS)]


class BulkInventory(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    items: Annotated[list[InventoryRow], msgspec.Meta(min_length=1, max_length=MAX_BULK_ITEMS)]


class BulkPrices(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    items: Annotated[list[PriceRow], msgspec.Meta(min_length=1, max_length=MAX_BULK_ITEMS)]


class ApplySummary(msgspec.Struct):
    """Rows created, updated and unchanged (products: variants; prices: tiers of a (list, SKU))."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    products_created: int = 0
    products_updated: int = 0


class RowError(msgspec.Struct, frozen=True):
    row: int | None
    column: str | None
    message: str


class ImportOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    kind: Kind
    format: Format
    filename: str
    sha256: str
    status: Status
    total_rows: int
    processed_rows: int
    error_count: int
    errors: list[RowError]
    summary: dict[str, int]
    created_by: str
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    # set once retention removed the uploaded file; the row stays as history
    file_purged_at: datetime | None = None
    # chosen at upload, else decided by the job (from the file, then the supplier's language)
    number_format: NumberFormat | None = None
    # file header (normalised) -> the column it stands for ("" : left out)
    column_mapping: dict[str, str] = {}


# a file's header (normalised) -> one of the kind's columns ("" leaves the column out)
MappingTarget = Annotated[str, msgspec.Meta(max_length=100)]
Mapping = Annotated[
    dict[Annotated[str, msgspec.Meta(max_length=200)], MappingTarget], msgspec.Meta(max_length=500)
]


class ColumnMapping(msgspec.Struct, frozen=True):
    """The mapping last used for a kind (reused for the next file of that kind)."""

    kind: Kind
    mapping: dict[str, str]


class HeaderCheck(msgspec.Struct, frozen=True):
    """A file's header against a kind's columns: what the mapping step shows."""

    kind: Kind
    headers: list[str]  # as written in the file
    normalised: list[str]  # what the import reads (the saved mapping applied)
    unknown: list[str]  # normalised headers the kind does not know (map them or leave them out)
    missing: list[str]  # required columns no header gives
    columns: list[str]  # the kind's columns (targets of the mapping; attr:<code> also accepted)
    mapping: dict[str, str]  # the saved mapping for this kind, as it applies to this file


class ExportOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    kind: Kind
    format: Format
    status: ExportStatus
    total_rows: int
    processed_rows: int
    error: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
