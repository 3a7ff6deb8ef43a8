"""Response shapes of the buyer directory and the supplier's customers (msgspec).
Names only: a buyer company's members and e-mail addresses never leave identity."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Literal

import msgspec

# ``unknown``: the id no longer names a buyer organisation (the supplier still references it)
BuyerStatus = Literal["active", "suspended", "unknown"]
CustomerSort = Literal["name", "-name"]


class BuyerMatch(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    is_customer: bool  # this supplier references the buyer already (terms, segment, list, document)


class BuyerDirectoryOut(msgspec.Struct, frozen=True):
    items: list[BuyerMatch]


class BuyerName(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    status: BuyerStatus


class BuyerNamesOut(msgspec.Struct, frozen=True):
    """The ids asked for that are buyer organisations; other ids are left out."""

    items: list[BuyerName]


class CustomerTermsSummary(msgspec.Struct, frozen=True):
    payment_terms_days: int
    credit_limit: Decimal | None
    currency: str


class CustomerOut(msgspec.Struct, frozen=True):
    buyer_org_id: uuid.UUID
    name: str | None  # None when status is ``unknown``
    status: BuyerStatus
    terms: CustomerTermsSummary | None
    segments: list[str]
    price_list_count: int  # customer and contract lists naming the buyer
    document_count: int  # documents visible to the buyer by name
