"""Every query of marketplaces, categories, attribute definitions and listings."""

from __future__ import annotations

import uuid
from typing import Any

from hansa.core.db import Tx, escape_like
from hansa.core.rows import as_struct
from hansa.marketplace.marketplaces.schemas import (
    AttributeDefinition,
    AttributeOut,
    CategoryOut,
    ListingOut,
    MarketplaceOut,
)

_MARKETPLACE = (
    "SELECT id, slug, name, kind, description, status, created_at, updated_at, archived_at "
    "FROM public.marketplace"
)
_CATEGORY = "SELECT id, marketplace_id, parent_id, slug, name, position, path, depth FROM public.category"
_ATTRIBUTE = (
    "SELECT id, category_id, code, name, type, unit, allowed_values, required, position "
    "FROM public.category_attribute"
)
_LISTING = (
    "SELECT l.id, l.marketplace_id, m.slug AS marketplace_slug, m.name AS marketplace_name, "
    "l.tenant_id, l.status, l.applied_at, l.reason, l.decided_at, l.decided_by, "
    "t.name AS supplier_name, t.slug AS supplier_slug "
    "FROM public.marketplace_listing l "
    "JOIN public.marketplace m ON m.id = l.marketplace_id "
    "JOIN public.tenant t ON t.id = l.tenant_id"
)


def _marketplace(row: Any) -> MarketplaceOut:
    return as_struct(row, MarketplaceOut)


def _category(row: Any, attributes: list[AttributeOut] | None = None) -> CategoryOut:
    return CategoryOut(**dict(row), attributes=attributes or [])


def _attribute(row: Any) -> AttributeOut:
    values = dict(row)
    if values["allowed_values"] is not None:
        values["allowed_values"] = list(values["allowed_values"])
    return AttributeOut(**values)


def _listing(row: Any) -> ListingOut:
    return ListingOut(**dict(row))


# --------------------------------------------------------------------------- marketplaces


async def insert_marketplace(
    tx: Tx, *, marketplace_id: uuid.UUID, slug: str, name: str, kind: str, description: str
) -> None:
    await tx.execute(
        "INSERT INTO public.marketplace (id, slug, name, kind, description) VALUES ($1, $2, $3, $4, $5)",
        marketplace_id,
        slug,
        name,
        kind,
        description,
    )


async def slug_taken(tx: Tx, slug: str, *, other_than: uuid.UUID | None = None) -> bool:
    return bool(
        await tx.fetchval(
            "SELECT EXISTS (SELECT 1 FROM public.marketplace WHERE slug = $1 AND id IS DISTINCT FROM $2)",
            slug,
            other_than,
        )
    )


async def get_marketplace(tx: Tx, marketplace_id: uuid.UUID, *, lock: bool = False) -> MarketplaceOut | None:
    row = await tx.fetchrow(f"{_MARKETPLACE} WHERE id = $1{' FOR UPDATE' if lock else ''}", marketplace_id)
    return _marketplace(row) if row else None


async def supplier_listed(tx: Tx, tenant_id: uuid.UUID) -> bool:
    found = await tx.fetchval(
        "SELECT EXISTS (SELECT 1 FROM public.marketplace_listing l JOIN public.marketplace m "
        "ON m.id = l.marketplace_id "
        "WHERE l.tenant_id = $1 AND l.status = 'approved' AND m.status = 'active')",
        tenant_id,
    )
    return bool(found)


async def marketplace_by_slug(tx: Tx, slug: str) -> MarketplaceOut | None:
    row = await tx.fetchrow(f"{_MARKETPLACE} WHERE slug = $1", slug)
    return _marketplace(row) if row else None


async def update_marketplace(
    tx: Tx, marketplace_id: uuid.UUID, *, slug: str, name: str, description: str, status: str
) -> None:
    await tx.execute(
        "UPDATE public.marketplace SET slug = $2, name = $3, description = $4, status = $5, "
        "archived_at = CASE WHEN $5 = 'archived' THEN coalesce(archived_at, now()) END, "
        "updated_at = now() WHERE id = $1",
        marketplace_id,
        slug,
        name,
        description,
        status,
    )


async def list_marketplaces(
    tx: Tx,
    *,
    status: str | None,
    kind: str | None,
    search: str | None,
    limit: int,
    offset: int,
) -> tuple[list[MarketplaceOut], int]:
    where = (
        "WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) "
        "AND ($3::text IS NULL OR name ILIKE '%' || $3 || '%' OR slug ILIKE '%' || $3 || '%')"
    )
    search = escape_like(search) if search else None
    rows = await tx.fetch(
        f"{_MARKETPLACE} {where} ORDER BY name, id LIMIT $4 OFFSET $5", status, kind, search, limit, offset
    )
    total = await tx.fetchval(f"SELECT count(*) FROM public.marketplace {where}", status, kind, search)
    return [_marketplace(row) for row in rows], int(total)


# --------------------------------------------------------------------------- categories


async def categories_of(tx: Tx, marketplace_ids: list[uuid.UUID]) -> list[CategoryOut]:
    """Every category of these marketplaces, each with its own attribute definitions."""
    rows = await tx.fetch(f"{_CATEGORY} WHERE marketplace_id = ANY($1::uuid[])", marketplace_ids)
    attributes = await tx.fetch(
        f"{_ATTRIBUTE} WHERE category_id IN "
        "(SELECT id FROM public.category WHERE marketplace_id = ANY($1::uuid[])) ORDER BY position, code",
        marketplace_ids,
    )
    by_category: dict[uuid.UUID, list[AttributeOut]] = {}
    for row in attributes:
        by_category.setdefault(row["category_id"], []).append(_attribute(row))
    return [_category(row, by_category.get(row["id"])) for row in rows]


async def active_vertical_ids(tx: Tx) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "SELECT id FROM public.marketplace WHERE kind = 'vertical' AND status = 'active' ORDER BY name, id"
    )
    return [row["id"] for row in rows]


async def get_category(
    tx: Tx, category_id: uuid.UUID, *, lock: bool = False, with_attributes: bool = True
) -> CategoryOut | None:
    """One category; ``with_attributes=False`` skips its own attribute definitions
    (left empty) for callers that only need its place in the tree."""
    row = await tx.fetchrow(f"{_CATEGORY} WHERE id = $1{' FOR UPDATE' if lock else ''}", category_id)
    if row is None:
        return None
    return _category(row, await attributes_of(tx, [category_id]) if with_attributes else None)


async def ancestors(tx: Tx, category: CategoryOut) -> list[CategoryOut]:
    """The category's ancestors and itself, root first (by the materialised path)."""
    parts = category.path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    rows = await tx.fetch(
        f"{_CATEGORY} WHERE marketplace_id = $1 AND path = ANY($2::text[]) ORDER BY depth",
        category.marketplace_id,
        prefixes,
    )
    return [_category(row) for row in rows]


async def attributes_of(tx: Tx, category_ids: list[uuid.UUID]) -> list[AttributeOut]:
    rows = await tx.fetch(
        f"{_ATTRIBUTE} WHERE category_id = ANY($1::uuid[]) ORDER BY position, code", category_ids
    )
    return [_attribute(row) for row in rows]


async def sibling_ids(tx: Tx, marketplace_id: uuid.UUID, parent_id: uuid.UUID | None) -> list[uuid.UUID]:
    """The children of ``parent_id`` (top level when None) in order, locked."""
    rows = await tx.fetch(
        "SELECT id FROM public.category WHERE marketplace_id = $1 AND parent_id IS NOT DISTINCT FROM $2 "
        "ORDER BY position, name, id FOR UPDATE",
        marketplace_id,
        parent_id,
    )
    return [row["id"] for row in rows]


async def renumber(tx: Tx, ordered: list[uuid.UUID]) -> None:
    await tx.execute(
        "UPDATE public.category c SET position = o.ord - 1, updated_at = now() "
        "FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE c.id = o.id AND c.position <> o.ord - 1",
        ordered,
    )


async def category_slug_taken(
    tx: Tx, marketplace_id: uuid.UUID, parent_id: uuid.UUID | None, slug: str, *, other_than: uuid.UUID | None
) -> bool:
    return bool(
        await tx.fetchval(
            "SELECT EXISTS (SELECT 1 FROM public.category WHERE marketplace_id = $1 "
            "AND parent_id IS NOT DISTINCT FROM $2 AND slug = $3 AND id IS DISTINCT FROM $4)",
            marketplace_id,
            parent_id,
            slug,
            other_than,
        )
    )


async def insert_category(
    tx: Tx,
    *,
    category_id: uuid.UUID,
    marketplace_id: uuid.UUID,
    parent_id: uuid.UUID | None,
    slug: str,
    name: str,
    position: int,
    path: str,
    depth: int,
) -> None:
    await tx.execute(
        "INSERT INTO public.category (id, marketplace_id, parent_id, slug, name, position, path, depth) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        category_id,
        marketplace_id,
        parent_id,
        slug,
        name,
        position,
        path,
        depth,
    )


async def max_subtree_depth(tx: Tx, category: CategoryOut) -> int:
    """The deepest depth found in the category's subtree (its own when a leaf)."""
    value = await tx.fetchval(
        "SELECT max(depth) FROM public.category "
        "WHERE marketplace_id = $1 AND (path = $2 OR path LIKE $3 || '/%')",
        category.marketplace_id,
        category.path,
        escape_like(category.path),  # codes may hold '_', a LIKE wildcard
    )
    return int(value if value is not None else category.depth)


async def relocate(
    tx: Tx,
    category: CategoryOut,
    *,
    parent_id: uuid.UUID | None,
    slug: str,
    name: str,
    path: str,
    depth: int,
) -> None:
    """Change the category's parent, slug or name, and rewrite its subtree's paths and depths."""
    await tx.execute(
        "UPDATE public.category SET path = $3 || substr(path, length($2) + 1), depth = depth + $4, "
        "updated_at = now() WHERE marketplace_id = $1 AND path LIKE $5 || '/%'",
        category.marketplace_id,
        category.path,
        path,
        depth - category.depth,
        escape_like(category.path),  # codes may hold '_', a LIKE wildcard
    )
    await tx.execute(
        "UPDATE public.category SET parent_id = $2, slug = $3, name = $4, path = $5, depth = $6, "
        "updated_at = now() WHERE id = $1",
        category.id,
        parent_id,
        slug,
        name,
        path,
        depth,
    )


async def has_children(tx: Tx, category_id: uuid.UUID) -> bool:
    return bool(
        await tx.fetchval("SELECT EXISTS (SELECT 1 FROM public.category WHERE parent_id = $1)", category_id)
    )


async def delete_category(tx: Tx, category_id: uuid.UUID) -> None:
    await tx.execute("DELETE FROM public.category WHERE id = $1", category_id)


async def replace_attributes(tx: Tx, category_id: uuid.UUID, definitions: list[AttributeDefinition]) -> None:
    """Upsert by code (ids of kept codes stay), delete the codes left out."""
    codes = [d.code for d in definitions]
    await tx.execute(
        "DELETE FROM public.category_attribute WHERE category_id = $1 AND NOT (code = ANY($2::text[]))",
        category_id,
        codes,
    )
    for position, d in enumerate(definitions):
        await tx.execute(
            "INSERT INTO public.category_attribute "
            "(id, category_id, code, name, type, unit, allowed_values, required, position) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (category_id, code) DO UPDATE SET "
            "name = excluded.name, type = excluded.type, unit = excluded.unit, "
            "allowed_values = excluded.allowed_values, required = excluded.required, "
            "position = excluded.position",
            uuid.uuid4(),
            category_id,
            d.code,
            d.name.strip(),
            d.type,
            d.unit.strip() if d.unit is not None else None,
            d.allowed_values,
            d.required,
            position,
        )


# --------------------------------------------------------------------------- listings


async def get_listing(tx: Tx, listing_id: uuid.UUID, *, lock: bool = False) -> ListingOut | None:
    row = await tx.fetchrow(f"{_LISTING} WHERE l.id = $1{' FOR UPDATE OF l' if lock else ''}", listing_id)
    return _listing(row) if row else None


async def listing_of(tx: Tx, marketplace_id: uuid.UUID, tenant_id: uuid.UUID) -> ListingOut | None:
    row = await tx.fetchrow(
        f"{_LISTING} WHERE l.marketplace_id = $1 AND l.tenant_id = $2 FOR UPDATE OF l",
        marketplace_id,
        tenant_id,
    )
    return _listing(row) if row else None


async def upsert_application(tx: Tx, marketplace_id: uuid.UUID, tenant_id: uuid.UUID) -> uuid.UUID:
    value = await tx.fetchval(
        "INSERT INTO public.marketplace_listing (id, marketplace_id, tenant_id) VALUES ($1, $2, $3) "
        "ON CONFLICT (marketplace_id, tenant_id) DO UPDATE SET status = 'pending', reason = NULL, "
        "applied_at = now(), decided_at = NULL, decided_by = NULL RETURNING id",
        uuid.uuid4(),
        marketplace_id,
        tenant_id,
    )
    assert isinstance(value, uuid.UUID)
    return value


async def set_listing_status(
    tx: Tx, listing_id: uuid.UUID, *, status: str, reason: str | None, decided_by: uuid.UUID | None
) -> None:
    await tx.execute(
        "UPDATE public.marketplace_listing SET status = $2, reason = $3, decided_by = $4, "
        "decided_at = CASE WHEN $4::uuid IS NULL THEN decided_at ELSE now() END WHERE id = $1",
        listing_id,
        status,
        reason,
        decided_by,
    )


async def list_listings(
    tx: Tx,
    *,
    marketplace_id: uuid.UUID | None,
    tenant_id: uuid.UUID | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[ListingOut], int]:
    where = (
        "WHERE ($1::uuid IS NULL OR l.marketplace_id = $1) AND ($2::uuid IS NULL OR l.tenant_id = $2) "
        "AND ($3::text IS NULL OR l.status = $3)"
    )
    rows = await tx.fetch(
        f"{_LISTING} {where} ORDER BY l.applied_at DESC, l.id LIMIT $4 OFFSET $5",
        marketplace_id,
        tenant_id,
        status,
        limit,
        offset,
    )
    total = await tx.fetchval(
        f"SELECT count(*) FROM public.marketplace_listing l {where}", marketplace_id, tenant_id, status
    )
    return [_listing(row) for row in rows], int(total)
