"""Structs of rfq.awards: the comparison, the award's body and answer, the supplier's view."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition

from hansa.rfq.requests.states import QuoteStatus, RfqStatus

CellStatus = Literal["quoted", "not_quoted", "no_answer"]
StepStatus = Literal["pending", "needs_mapping", "done", "failed"]


# A supplier's id as the database wrote it (canonical UUID text, documented as a uuid): a
# comparison decodes 10,000 cells, and a ``uuid.UUID`` each (an object the garbage collector
# tracks) set off full collections of the process's heap, 80 ms pauses.
TenantIdText = Annotated[str, KwargDefinition(format="uuid")]  # the OpenAPI format: Litestar's


class Cell(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One supplier's answer to one line, at the asked quantity. Not tracked by the garbage
    collector (scalars only, no cycle), for the same reason as ``TenantIdText``."""

    tenant_id: TenantIdText
    status: CellStatus
    live: bool = False  # false: expired or withdrawn, shown greyed
    sku: str | None = None
    unit_price: Decimal | None = None  # the break that applies at the line's quantity
    line_total: Decimal | None = None
    lead_time_days: int | None = None
    moq: Decimal | None = None
    valid_until: date | None = None
    alternative_sku: str | None = None
    alternative_description: str | None = None
    note: str | None = None
    lowest: bool = False
    fastest: bool = False


class ComparisonLine(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    id: uuid.UUID
    position: int
    kind: str
    sku: str | None = None
    description: str
    unit: str
    quantity: Decimal
    target_price: Decimal | None = None
    target_total: Decimal | None = None
    lowest: list[uuid.UUID] = []  # the live quotes with the lowest line total
    fastest: list[uuid.UUID] = []  # the live quotes with the shortest lead time
    cells: list[Cell] = []  # one per supplier, in the suppliers' order


class ComparisonSupplier(msgspec.Struct, frozen=True, kw_only=True):
    tenant_id: uuid.UUID
    name: str
    slug: str
    status: QuoteStatus
    live: bool
    revision_id: uuid.UUID | None = None
    revision_number: int | None = None
    sent_at: datetime | None = None
    valid_until: date | None = None
    payment_terms_days: int | None = None
    incoterms: str | None = None
    delivery_terms: str | None = None
    quoted_lines: int = 0
    total: Decimal | None = None  # its quoted lines at the asked quantities


class ComparedLine(msgspec.Struct, frozen=True, gc=False):
    """One line as the database compared it (rfq.quotes' ``comparison_json``)."""

    line_id: uuid.UUID
    lowest: list[uuid.UUID]
    fastest: list[uuid.UUID]
    cells: list[Cell]


class ComparedSupplier(msgspec.Struct, frozen=True):
    tenant_id: uuid.UUID
    quoted_lines: int
    total: Decimal


class Compared(msgspec.Struct, frozen=True):
    lines: list[ComparedLine]
    suppliers: list[ComparedSupplier]


class ComparisonOut(msgspec.Struct, frozen=True, kw_only=True):
    rfq_id: uuid.UUID
    number: str
    title: str
    status: RfqStatus
    currency: str
    sealed: bool
    deadline: datetime
    suppliers: list[ComparisonSupplier]
    lines: list[ComparisonLine]


# -- the award ---------------------------------------------------------------------------------

Quantity = Annotated[Decimal, msgspec.Meta(description="a decimal string above 0")]


class SplitIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    tenant_id: uuid.UUID
    quantity: Quantity


class AwardLineIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    line_id: uuid.UUID
    splits: Annotated[list[SplitIn], msgspec.Meta(min_length=1, max_length=50)]


class OrdersIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    ship_to_location_id: uuid.UUID
    bill_to_location_id: uuid.UUID
    payment_methods: dict[uuid.UUID, Literal["on_account", "bank_transfer"]] = {}  # bank_transfer if left out
    po_number: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    requested_delivery_date: date | None = None
    note: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


class ContractIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    valid_until: date


class AwardIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    lines: Annotated[list[AwardLineIn], msgspec.Meta(min_length=1, max_length=200)]
    orders: OrdersIn | None = None
    contract: ContractIn | None = None


class AwardLineOut(msgspec.Struct, frozen=True, kw_only=True):
    line_id: uuid.UUID
    position: int
    description: str
    tenant_id: uuid.UUID
    revision_id: uuid.UUID
    sku: str | None = None
    quantity: Decimal
    unit_price: Decimal
    currency: str
    line_total: Decimal


class AwardSupplierOut(msgspec.Struct, frozen=True, kw_only=True):
    """What the award became at one supplier: its order, its contract list."""

    tenant_id: uuid.UUID
    name: str
    total: Decimal
    order_status: str | None = None  # pending | placed | failed | waiting_approval (None: no orders)
    order_id: uuid.UUID | None = None
    order_number: str | None = None
    order_state: str | None = None  # the order's own status (placed, credit_hold)
    order_reason: str | None = None  # why it waits or failed
    contract_status: StepStatus | None = None  # None: no contract list asked
    price_list_id: uuid.UUID | None = None
    contract_reason: str | None = None


class AwardOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    rfq_id: uuid.UUID
    number: str
    status: str  # placing | completed
    currency: str
    checkout_id: uuid.UUID | None = None
    checkout_status: str | None = None
    contract_valid_until: date | None = None
    awarded_at: datetime
    total: Decimal
    lines: list[AwardLineOut]
    suppliers: list[AwardSupplierOut]


# -- the supplier's side -----------------------------------------------------------------------


class MappingIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    line_id: uuid.UUID
    sku: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class MappingsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    mappings: Annotated[list[MappingIn], msgspec.Meta(min_length=1, max_length=200)]


class SupplierAwardLine(msgspec.Struct, frozen=True, kw_only=True):
    line_id: uuid.UUID
    position: int
    description: str
    unit: str
    sku: str | None = None  # None: a text line to map to a SKU of the catalog
    quantity: Decimal
    unit_price: Decimal
    line_total: Decimal


class SupplierAwardOut(msgspec.Struct, frozen=True, kw_only=True):
    rfq_id: uuid.UUID
    number: str
    title: str
    currency: str
    awarded_at: datetime
    contract_valid_until: date | None = None
    contract_status: StepStatus | None = None
    price_list_id: uuid.UUID | None = None
    contract_reason: str | None = None
    order_number: str | None = None
    lines: list[SupplierAwardLine]
