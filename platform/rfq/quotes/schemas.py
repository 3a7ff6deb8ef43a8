"""In and out structs of rfq.quotes (msgspec). Prices and quantities are Decimal, sent and
received as plain decimal strings; bounds are checked here, at the edge, so a bad value
answers 400 naming its field and nothing is written."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from hansa.core.types import Currency
from hansa.rfq.requests.schemas import FileOut

MAX_PRICE = Decimal(1_000_000_000_000)
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
LongNote = Annotated[str, msgspec.Meta(max_length=5000)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
LeadTime = Annotated[int, msgspec.Meta(ge=0, le=3650)]
TermsDays = Annotated[int, msgspec.Meta(ge=0, le=365)]
Incoterms = Annotated[str, msgspec.Meta(max_length=40)]
DeliveryTerms = Annotated[str, msgspec.Meta(max_length=1000)]
# uploads of this side (rfq.requests' upload route) to attach to a revision or a message
FileIds = Annotated[list[uuid.UUID], msgspec.Meta(max_length=20)]
LineStatus = Literal["quoted", "not_quoted"]
DraftStatus = Literal["new", "editing", "awaiting_approval", "approved", "sent"]


def _check_price(value: Decimal | None, what: str = "price") -> None:
    if value is not None and not (value.is_finite() and 0 <= value < MAX_PRICE):
        raise ValueError(f"{what} must be a decimal of at least 0")


def _check_positive(value: Decimal | None, what: str) -> None:
    if value is not None and not (value.is_finite() and 0 < value < MAX_PRICE):
        raise ValueError(f"{what} must be a positive decimal")


class PriceBreak(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """From ``min_quantity`` on, ``unit_price`` applies."""

    min_quantity: Decimal
    unit_price: Decimal

    def __post_init__(self) -> None:
        _check_positive(self.min_quantity, "min_quantity")
        _check_price(self.unit_price, "unit_price")


class Alternative(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Another offer for the line: one of the supplier's SKUs, or a described substitute."""

    sku: Sku | None = None
    description: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)] | None = None

    def __post_init__(self) -> None:
        if (self.sku is None) == (self.description is None):
            raise ValueError("An alternative is either a sku or a description")


class DraftLineIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    line_id: uuid.UUID
    status: LineStatus = "quoted"
    unit_price: Decimal | None = None
    breaks: Annotated[list[PriceBreak], msgspec.Meta(max_length=20)] = []
    moq: Decimal | None = None
    lead_time_days: LeadTime | None = None
    sku: Sku | None = None
    alternative: Alternative | None = None
    note: Note | None = None
    internal_note: Note | None = None

    def __post_init__(self) -> None:
        _check_price(self.unit_price, "unit_price")
        _check_positive(self.moq, "moq")
        quantities = [b.min_quantity for b in self.breaks]
        if quantities != sorted(set(quantities)):
            raise ValueError("breaks must ascend by min_quantity, each once")


class DraftIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The whole draft (a PUT replaces it). ``currency`` may be sent, and must then be the RFQ's."""

    lines: Annotated[list[DraftLineIn], msgspec.Meta(max_length=200)] = []
    currency: Currency | None = None
    payment_terms_days: TermsDays | None = None
    incoterms: Incoterms | None = None
    delivery_terms: DeliveryTerms | None = None
    valid_until: date | None = None
    note: LongNote | None = None
    internal_note: LongNote | None = None


class QuoteLine(msgspec.Struct, frozen=True, kw_only=True):
    """A line of a draft (with its internal note) or of a sent revision (without)."""

    line_id: uuid.UUID
    status: LineStatus
    unit_price: Decimal | None = None
    breaks: list[PriceBreak] = []
    moq: Decimal | None = None
    lead_time_days: int | None = None
    sku: str | None = None
    alternative: Alternative | None = None
    note: str | None = None
    line_total: Decimal | None = None
    internal_note: str | None = None


class CounterLineOut(msgspec.Struct, frozen=True, kw_only=True):
    line_id: uuid.UUID
    target_price: Decimal | None = None
    quantity: Decimal | None = None
    delivery_date: date | None = None
    comment: str | None = None


class CounterOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    revision_number: int  # the revision it answers
    comment: str | None = None
    created_by_name: str
    created_at: datetime
    lines: list[CounterLineOut] = []


class DraftOut(msgspec.Struct, frozen=True, kw_only=True):
    """The open draft; ``status: new`` when none is saved yet (then a copy of the last sent
    revision, or empty). ``counters`` are the buyer's counter-offers on the last revision."""

    id: uuid.UUID | None = None
    rfq_id: uuid.UUID
    status: DraftStatus
    base_revision: int
    currency: str
    payment_terms_days: int | None = None
    incoterms: str | None = None
    delivery_terms: str | None = None
    valid_until: date | None = None
    note: str | None = None
    internal_note: str | None = None
    total: Decimal
    approval_needed: bool
    approved_total: Decimal | None = None
    updated_at: datetime | None = None
    lines: list[QuoteLine] = []
    counters: list[CounterOut] = []


class Change(msgspec.Struct, frozen=True):
    field: str
    before: str | None
    after: str | None


class LineDiff(msgspec.Struct, frozen=True):
    line_id: uuid.UUID
    changes: list[Change]


class Diff(msgspec.Struct, frozen=True):
    """What changed against the previous revision (empty for revision 1)."""

    terms: list[Change] = []
    lines: list[LineDiff] = []


class RevisionOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    rfq_id: uuid.UUID
    tenant_id: uuid.UUID
    number: int
    currency: str
    payment_terms_days: int | None = None
    incoterms: str | None = None
    delivery_terms: str | None = None
    valid_until: date
    note: str | None = None
    total: Decimal
    sent_by_name: str
    sent_at: datetime
    lines: list[QuoteLine] = []
    diff: Diff = msgspec.field(default_factory=Diff)
    files: list[FileOut] = []


class SupplierQuotes(msgspec.Struct, frozen=True, kw_only=True):
    """One supplier's side of an RFQ: its quote's status, revisions (newest first) and counters."""

    rfq_id: uuid.UUID
    tenant_id: uuid.UUID
    supplier_name: str
    status: str
    status_reason: str | None = None
    revisions: list[RevisionOut] = []
    counters: list[CounterOut] = []


class QuoteSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A row of the buyer's quotes page. Sealed before the deadline: no ``total``."""

    tenant_id: uuid.UUID
    supplier_name: str
    status: str
    status_reason: str | None = None
    latest_revision: int
    sent_at: datetime | None = None
    total: Decimal | None = None
    currency: str | None = None
    valid_until: date | None = None


class QuotesOut(msgspec.Struct, frozen=True, kw_only=True):
    rfq_id: uuid.UUID
    sealed: bool  # sealed and before the deadline: who answered, no prices
    quotes: list[QuoteSummary]


class CounterLineIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    line_id: uuid.UUID
    target_price: Decimal | None = None
    quantity: Decimal | None = None
    delivery_date: date | None = None
    comment: Note | None = None

    def __post_init__(self) -> None:
        _check_price(self.target_price, "target_price")
        _check_positive(self.quantity, "quantity")


class CounterIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    comment: LongNote | None = None
    lines: Annotated[list[CounterLineIn], msgspec.Meta(max_length=200)] = []


class ReasonIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Reason


class PolicyIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Quotes whose total is above ``approval_above`` (in ``currency``) need an owner's or
    admin's approval; both null: no approval."""

    approval_above: Decimal | None = None
    currency: Currency | None = None

    def __post_init__(self) -> None:
        _check_price(self.approval_above, "approval_above")
        if (self.approval_above is None) != (self.currency is None):
            raise ValueError("approval_above and currency go together")


class PolicyOut(msgspec.Struct, frozen=True, kw_only=True):
    approval_above: Decimal | None = None
    currency: str | None = None
    updated_at: datetime | None = None


class SendIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``files``: the supplier's quote uploads (purpose ``quote``) the revision carries."""

    files: FileIds = []


class MessageIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``files``: the supplier's message uploads (purpose ``message``); the buyer's side has
    no upload of that purpose yet, so a buyer's message names none."""

    body: Body
    files: FileIds = []


class MessageOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    side: Literal["buyer", "supplier"]
    author_name: str
    body: str
    created_at: datetime
    files: list[FileOut] = []


class MessagePage(msgspec.Struct, frozen=True, kw_only=True):
    """Newest first; ``next_cursor`` asks for the older ones."""

    items: list[MessageOut]
    next_cursor: uuid.UUID | None = None


class SentRevisionLine(msgspec.Struct, frozen=True, kw_only=True):
    """A sent revision's line as stored (public ``rfq_revision_line``): what awards reads."""

    revision_id: uuid.UUID
    line_id: uuid.UUID
    status: str  # quoted | not_quoted
    sku: str | None = None
    unit_price: Decimal | None = None
    breaks: list[dict[str, Any]] = []  # [{min_quantity, unit_price}] ascending, decimal strings
    moq: Decimal | None = None
    lead_time_days: int | None = None
    alternative_sku: str | None = None
    alternative_description: str | None = None
    line_total: Decimal | None = None
    note: str | None = None


class SentRevision(msgspec.Struct, frozen=True, kw_only=True):
    """A sent revision as stored (public ``rfq_revision``) with its lines: what awards reads."""

    id: uuid.UUID
    rfq_id: uuid.UUID
    tenant_id: uuid.UUID
    number: int
    draft_id: uuid.UUID
    currency: str
    payment_terms_days: int | None = None
    incoterms: str | None = None
    delivery_terms: str | None = None
    valid_until: date
    note: str | None = None
    total: Decimal
    sent_by: uuid.UUID | None = None
    sent_by_name: str
    sent_at: datetime
    lines: list[SentRevisionLine] = []
