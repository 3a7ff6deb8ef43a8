"""Structs of rfq.requests. The read structs at the top (``RfqHeader``, ``RfqLineOut``,
``InvitationOut``) are what quotes and awards receive from this package's service."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from hansa.rfq.requests.states import QuoteStatus, RfqStatus


class RfqHeader(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    org_id: uuid.UUID
    marketplace_id: uuid.UUID
    number: str
    title: str
    status: RfqStatus
    status_reason: str | None = None
    sealed: bool
    currency: str
    deadline: datetime
    delivery_date: date | None = None
    delivery_location: dict[str, Any] | None = None
    payment_terms_days: int | None = None
    note: str | None = None
    created_by: uuid.UUID | None = None
    created_at: datetime
    submitted_at: datetime | None = None
    closed_at: datetime | None = None
    delivery_location_id: uuid.UUID | None = None
    estimated_total: Decimal | None = None
    updated_at: datetime | None = None
    opened_at: datetime | None = None


class RfqLineOut(msgspec.Struct, frozen=True, kw_only=True):
    """A line as the buyer sees it. ``for_supplier`` drops the target unless it is shown."""

    id: uuid.UUID
    position: int
    kind: str  # sku | category | text
    tenant_id: uuid.UUID | None = None
    sku: str | None = None
    category_id: uuid.UUID | None = None
    attributes: dict[str, Any] = {}
    description: str
    unit: str
    quantity: Decimal
    target_price: Decimal | None = None
    target_visible: bool = False
    note: str | None = None

    def for_supplier(self) -> RfqLineOut:
        return self if self.target_visible else msgspec.structs.replace(self, target_price=None)


class InvitationOut(msgspec.Struct, frozen=True, kw_only=True):
    rfq_id: uuid.UUID
    tenant_id: uuid.UUID
    position: int
    status: QuoteStatus
    status_reason: str | None = None
    latest_revision: int
    invited_at: datetime | None = None
    seen_at: datetime | None = None
    updated_at: datetime


# -- the buyer's request -------------------------------------------------------------------

MAX_LINES = 200
MAX_INVITATIONS = 50
MAX_QUANTITY = Decimal("1e12")
LineKind = Literal["sku", "category", "text"]
FilePurpose = Literal["request", "quote", "message"]
FileSide = Literal["buyer", "supplier"]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Note = Annotated[str, msgspec.Meta(max_length=5000)]
LineNote = Annotated[str, msgspec.Meta(max_length=2000)]
Description = Annotated[str, msgspec.Meta(max_length=2000)]
Unit = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class NewRfqLine(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``sku``: a supplier's (``tenant_id``) SKU; ``category``: a category of the RFQ's
    marketplace with ``attributes``; ``text``: a ``description``. Checked by the service,
    which names the field (``lines[3].quantity``). In a PATCH, ``id`` keeps an existing
    line (and the files on it)."""

    kind: LineKind
    quantity: Decimal
    id: uuid.UUID | None = None
    unit: Unit = "pcs"
    tenant_id: uuid.UUID | None = None
    sku: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    category_id: uuid.UUID | None = None
    attributes: dict[str, Any] = {}
    description: Description | None = None
    target_price: Decimal | None = None
    target_visible: bool = False
    note: LineNote | None = None


class NewRfq(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    marketplace: Slug
    title: Title
    currency: Annotated[str, msgspec.Meta(max_length=8)]
    deadline: datetime
    delivery_date: date | None = None
    delivery_location_id: uuid.UUID | None = None
    payment_terms_days: int | None = None
    note: Note | None = None
    sealed: bool = False
    lines: list[NewRfqLine] = []


class RfqPatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Only the fields given change; ``lines`` replaces every line (files on a line that
    is gone stay, on the request). The optional fields (delivery date and location, payment
    terms, note) are cleared by ``null``; left out, they stay (``UNSET``). For the others
    ``null`` is the same as leaving them out."""

    title: Title | None = None
    currency: Annotated[str, msgspec.Meta(max_length=8)] | None = None
    deadline: datetime | None = None
    delivery_date: date | msgspec.UnsetType | None = msgspec.UNSET
    delivery_location_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    payment_terms_days: int | msgspec.UnsetType | None = msgspec.UNSET
    note: Note | msgspec.UnsetType | None = msgspec.UNSET
    sealed: bool | None = None
    lines: list[NewRfqLine] | None = None


class RfqSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    number: str
    title: str
    status: RfqStatus
    currency: str
    deadline: datetime
    sealed: bool
    line_count: int
    invitation_count: int
    created_at: datetime
    updated_at: datetime


class RfqPage(msgspec.Struct, frozen=True):
    items: list[RfqSummary]
    next_cursor: str | None


class InvitationView(msgspec.Struct, frozen=True, kw_only=True):
    """An invited supplier as the buyer sees it (``invited_at`` null: staged in a draft)."""

    tenant_id: uuid.UUID
    slug: str
    name: str
    status: QuoteStatus
    status_reason: str | None = None
    latest_revision: int
    invited_at: datetime | None = None
    seen_at: datetime | None = None


class FileOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    purpose: FilePurpose
    side: FileSide
    line_id: uuid.UUID | None = None
    tenant_id: uuid.UUID | None = None
    owner_ref: uuid.UUID | None = None
    filename: str
    content_type: str
    size_bytes: int
    created_at: datetime


class RfqDetail(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    number: str
    title: str
    status: RfqStatus
    status_reason: str | None = None
    marketplace_id: uuid.UUID
    sealed: bool
    currency: str
    deadline: datetime
    delivery_date: date | None = None
    delivery_location_id: uuid.UUID | None = None
    delivery_location: dict[str, Any] | None = None
    payment_terms_days: int | None = None
    note: str | None = None
    estimated_total: Decimal
    created_by: uuid.UUID | None = None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    closed_at: datetime | None = None
    lines: list[RfqLineOut]
    invitations: list[InvitationView]
    files: list[FileOut]
    next: list[str]  # where the buyer may take it now (states.rfq_next)


class InvitationsIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Suppliers by slug, or every approved supplier listed in these categories."""

    suppliers: Annotated[list[Slug], msgspec.Meta(max_length=MAX_INVITATIONS)] = []
    categories: Annotated[list[uuid.UUID], msgspec.Meta(max_length=50)] = []


class SupplierRef(msgspec.Struct, frozen=True, kw_only=True):
    tenant_id: uuid.UUID
    slug: str
    name: str
    invited: bool = False  # already on this RFQ


class InvitationPreview(msgspec.Struct, frozen=True, kw_only=True):
    suppliers: list[SupplierRef]
    room: int  # how many more the RFQ may invite


class DeadlineIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    deadline: datetime


class CancelIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    reason: Reason


# -- the supplier's side -------------------------------------------------------------------


class InboxItem(msgspec.Struct, frozen=True, kw_only=True):
    rfq_id: uuid.UUID
    number: str
    title: str
    rfq_status: RfqStatus
    quote_status: QuoteStatus
    buyer_name: str
    currency: str
    deadline: datetime
    sealed: bool
    line_count: int
    latest_revision: int
    invited_at: datetime
    seen_at: datetime | None = None


class InboxPage(msgspec.Struct, frozen=True):
    items: list[InboxItem]
    next_cursor: str | None


class OwnInvitation(msgspec.Struct, frozen=True, kw_only=True):
    """The supplier's own invitation, as it sees it."""

    status: QuoteStatus
    status_reason: str | None = None
    latest_revision: int
    invited_at: datetime | None = None
    seen_at: datetime | None = None


class SupplierRfqView(msgspec.Struct, frozen=True, kw_only=True):
    """The request as one invited supplier sees it: targets only where shown, its own
    invitation, never another's."""

    id: uuid.UUID
    number: str
    title: str
    status: RfqStatus
    status_reason: str | None = None
    buyer_name: str
    sealed: bool
    currency: str
    deadline: datetime
    delivery_date: date | None = None
    delivery_location: dict[str, Any] | None = None
    payment_terms_days: int | None = None
    note: str | None = None
    lines: list[RfqLineOut]
    invitation: OwnInvitation
    files: list[FileOut]
