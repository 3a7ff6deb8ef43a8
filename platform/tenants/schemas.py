"""Request and response shapes of the tenants domain (msgspec)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Currency, Name
from hansa.core.validation import EMAIL_PATTERN

TenantStatus = Literal["pending", "active", "suspended", "archived"]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", max_length=63)]
Language = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2}(?:-[A-Z]{2})?$")]


class TenantOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    name: str
    status: TenantStatus
    schema_name: str
    schema_version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None
    status_reason: str | None = None  # why an operator suspended or rejected it, if said


class SupplierProfileOut(msgspec.Struct, frozen=True):
    display_name: str
    default_currency: str
    languages: list[str]
    contact_email: str | None = None
    contact_phone: str | None = None


class NewTenant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    slug: Slug
    name: Name
    default_currency: Currency = "EUR"
    languages: Annotated[list[Language], msgspec.Meta(min_length=1, max_length=20)] = msgspec.field(
        default_factory=lambda: ["en"]
    )
    contact_email: Annotated[str, msgspec.Meta(max_length=254, pattern=EMAIL_PATTERN)] | None = None
