"""In and out structs of buyer locations: bounded strings, ISO 3166-1 alpha-2 country,
a valid e-mail. An optional text given as "" in a patch clears it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Name
from hansa.core.validation import EMAIL_PATTERN

Line = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
OptionalLine = Annotated[str, msgspec.Meta(max_length=200)]
City = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Region = Annotated[str, msgspec.Meta(max_length=100)]
PostalCode = Annotated[str, msgspec.Meta(max_length=20)]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
Email = Annotated[str, msgspec.Meta(max_length=254, pattern=EMAIL_PATTERN)]
Phone = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^[0-9+()./\- ]*$")]
TaxId = Annotated[str, msgspec.Meta(max_length=40)]
LocationKind = Literal["ship_to", "bill_to"]


class NewBuyerLocation(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    line1: Line
    city: City
    country: Country
    is_ship_to: bool = True
    is_bill_to: bool = False
    line2: OptionalLine | None = None
    region: Region | None = None
    postal_code: PostalCode | None = None
    contact_name: OptionalLine | None = None
    contact_email: Email | None = None
    contact_phone: Phone | None = None
    tax_id: TaxId | None = None


class BuyerLocationPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields given change; "" clears an optional text (an e-mail: null is not
    "unchanged" here, so the contact e-mail is cleared with ``clear_contact_email``)."""

    name: Name | None = None
    line1: Line | None = None
    city: City | None = None
    country: Country | None = None
    is_ship_to: bool | None = None
    is_bill_to: bool | None = None
    line2: OptionalLine | None = None
    region: Region | None = None
    postal_code: PostalCode | None = None
    contact_name: OptionalLine | None = None
    contact_email: Email | None = None
    clear_contact_email: bool = False
    contact_phone: Phone | None = None
    tax_id: TaxId | None = None


class DefaultBuyerLocation(msgspec.Struct, forbid_unknown_fields=True):
    kind: LocationKind


class BuyerLocationOut(msgspec.Struct):
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    is_ship_to: bool
    is_bill_to: bool
    is_default_ship_to: bool
    is_default_bill_to: bool
    line1: str
    line2: str | None
    city: str
    region: str | None
    postal_code: str | None
    country: str
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    tax_id: str | None
    created_at: datetime
    updated_at: datetime


class BuyerLocationSnapshot(msgspec.Struct):
    """A location as an order keeps it: the address and contact at the time of ordering
    (``location_id`` first: the other fields are copied from the location by name)."""

    location_id: uuid.UUID
    name: str
    line1: str
    line2: str | None
    city: str
    region: str | None
    postal_code: str | None
    country: str
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    tax_id: str | None
