"""Shapes of marketplaces, categories, attribute schemas and listings (msgspec).

Attribute definitions arrive loosely typed (``type``, ``code`` as plain strings):
the service validates them and answers 422 with one error per field, which a
strict msgspec type would turn into a bare 400.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Name
from hansa.tenants.schemas import Slug

MarketplaceKind = Literal["horizontal", "vertical"]
MarketplaceStatus = Literal["active", "archived"]
ListingStatus = Literal["pending", "approved", "rejected", "withdrawn"]
AttributeType = Literal["text", "number", "boolean", "enum"]
ATTRIBUTE_TYPES: tuple[str, ...] = ("text", "number", "boolean", "enum")

Description = Annotated[str, msgspec.Meta(max_length=5000)]
Position = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class NewMarketplace(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    slug: Slug
    name: Name
    kind: MarketplaceKind
    description: Description = ""


class MarketplaceChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Fields left out stay as they are; the kind never changes."""

    slug: Slug | None = None
    name: Name | None = None
    description: Description | None = None


class MarketplaceOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    name: str
    kind: MarketplaceKind
    description: str
    status: MarketplaceStatus
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None


class NewCategory(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    slug: Slug
    name: Name
    parent_id: uuid.UUID | None = None
    position: Position | None = None  # None: after the last sibling


class CategoryChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Rename: a new name and/or slug (the slug changes the paths below it)."""

    name: Name | None = None
    slug: Slug | None = None


class CategoryMove(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Move under ``parent_id`` (None: to the top level) at ``position`` among the
    new siblings (None: last). Reordering is a move to the same parent."""

    parent_id: uuid.UUID | None = None
    position: Position | None = None


class AttributeDefinition(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=100)]
    name: Annotated[str, msgspec.Meta(max_length=200)]
    type: Annotated[str, msgspec.Meta(max_length=20)]
    unit: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    allowed_values: list[Annotated[str, msgspec.Meta(max_length=200)]] | None = None
    required: bool = False


class AttributeSchema(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The whole schema of one category, replacing the previous one (by code)."""

    attributes: Annotated[list[AttributeDefinition], msgspec.Meta(max_length=200)]


class AttributeOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    category_id: uuid.UUID
    code: str
    name: str
    type: AttributeType
    required: bool
    position: int
    unit: str | None = None
    allowed_values: list[str] | None = None


class CategoryOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    marketplace_id: uuid.UUID
    slug: str
    name: str
    position: int
    path: str
    depth: int
    parent_id: uuid.UUID | None = None
    attributes: list[AttributeOut] = msgspec.field(default_factory=list)  # its own definitions


class CategoryTree(msgspec.Struct, frozen=True):
    """Categories depth-first, siblings by position: build the tree from ``parent_id``.
    A horizontal marketplace lists the active vertical marketplaces' categories."""

    marketplace: MarketplaceOut
    categories: list[CategoryOut]


class Breadcrumb(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    name: str


class CategoryDetail(msgspec.Struct, frozen=True):
    """One category, its breadcrumbs (root first, itself last) and its effective
    schema: its own definitions plus its ancestors' (the nearest wins on a code)."""

    category: CategoryOut
    marketplace: MarketplaceOut
    breadcrumbs: list[Breadcrumb]
    schema: list[AttributeOut]


class ListingApplication(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    marketplace_id: uuid.UUID


class ListingDecision(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Reason


class ListingOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    marketplace_id: uuid.UUID
    marketplace_slug: str
    marketplace_name: str
    tenant_id: uuid.UUID
    status: ListingStatus
    applied_at: datetime
    reason: str | None = None
    decided_at: datetime | None = None
    decided_by: uuid.UUID | None = None
    supplier_name: str | None = None
    supplier_slug: str | None = None
