"""Shapes of organisations, memberships and invitations (msgspec)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Currency, Name
from hansa.core.validation import EMAIL_PATTERN
from hansa.identity.principal import OrgKind
from hansa.tenants.schemas import Slug

Email = Annotated[str, msgspec.Meta(max_length=254, pattern=EMAIL_PATTERN)]
Role = Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{2,32}$")]


class NewOrganisation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Sign-up of a company by a signed-in, verified user, who becomes its owner."""

    kind: Literal["supplier", "buyer"]
    name: Name
    slug: Slug | None = None  # suppliers: the tenant's address, /api/v1/suppliers/{slug}
    default_currency: Currency = "EUR"


class OrganisationOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    kind: OrgKind
    name: str
    status: str  # suppliers: pending | active | suspended | archived; others: active | suspended
    created_at: datetime
    slug: str | None = None
    role: str | None = None  # the caller's role in it, where that is asked
    status_reason: str | None = None  # suppliers: why an operator suspended or rejected it


class BuyerSummary(msgspec.Struct, frozen=True):
    """What a supplier's pages may show of a buyer organisation it names by id."""

    id: uuid.UUID
    name: str
    status: str


class MemberOut(msgspec.Struct, frozen=True):
    user_id: uuid.UUID
    email: str
    name: str
    role: str


class RoleChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    role: Role


class NewInvitation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Email
    role: Role


class InvitationOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    org_id: uuid.UUID
    email: str
    role: str
    status: str
    created_at: datetime
    expires_at: datetime


class InvitationToken(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=20, max_length=200)]


class ActiveOrg(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    org_id: uuid.UUID


class NewApiKey(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    role: Role
