"""Every query of marketplaces, categories, attribute definitions and listings.

Plain reads and writes go through the Piccolo tables on ``tx``; SQL stays for the
set-based tree work (renumbering siblings, rewriting a subtree's paths, its depth)
and for listings, which are read joined with the marketplace and the tenant."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
from piccolo.custom_types import Combinable
from piccolo.querystring import QueryString

from hansa.core.db import DB_NOW, Tx, escape_like, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.marketplace.marketplaces.schemas import (
    AttributeDefinition,
    AttributeOut,
    CategoryOut,
    ListingOut,
    MarketplaceOut,
)
from hansa.marketplace.marketplaces.tables import Category, CategoryAttribute, Marketplace, MarketplaceListing

_CATEGORY = (
    Category.id,
    Category.marketplace_id,
    Category.parent_id,
    Category.slug,
    Category.name,
    Category.position,
    Category.path,
    Category.depth,
)
# SQL: listings are read joined with their marketplace (the service adds the supplier's
# name and slug from tenants)
_LISTING = (
    "SELECT l.id, l.marketplace_id, m.slug AS marketplace_slug, m.name AS marketplace_name, "
    "l.tenant_id, l.status, l.applied_at, l.reason, l.decided_at, l.decided_by "
    "FROM public.marketplace_listing l "
    "JOIN public.marketplace m ON m.id = l.marketplace_id"
)


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
    row = new_row(Marketplace, id=marketplace_id, slug=slug, name=name, kind=kind, description=description)
    await Marketplace.insert(row).run()


async def slug_taken(tx: Tx, slug: str, *, other_than: uuid.UUID | None = None) -> bool:
    where: list[Combinable] = [Marketplace.slug == slug]
    if other_than is not None:
        where.append(Marketplace.id != other_than)
    return bool(await Marketplace.exists().where(*where).run())


async def get_marketplace(tx: Tx, marketplace_id: uuid.UUID, *, lock: bool = False) -> MarketplaceOut | None:
    query = Marketplace.select().where(Marketplace.id == marketplace_id)
    if lock:
        query = query.lock_rows("UPDATE")
    row = await query.first().run()
    return as_struct(row, MarketplaceOut) if row else None


async def supplier_listed(tx: Tx, tenant_id: uuid.UUID) -> bool:
    found = await tx.fetchval(
        "SELECT EXISTS (SELECT 1 FROM public.marketplace_listing l JOIN public.marketplace m "
        "ON m.id = l.marketplace_id "
        "WHERE l.tenant_id = $1 AND l.status = 'approved' AND m.status = 'active')",
        tenant_id,
    )
    return bool(found)


async def listed_tenant_ids(tx: Tx) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "SELECT DISTINCT l.tenant_id FROM public.marketplace_listing l JOIN public.marketplace m "
        "ON m.id = l.marketplace_id WHERE l.status = 'approved' AND m.status = 'active' ORDER BY 1"
    )
    return [row["tenant_id"] for row in rows]


async def marketplace_by_slug(tx: Tx, slug: str) -> MarketplaceOut | None:
    row = await Marketplace.select().where(Marketplace.slug == slug).first().run()
    return as_struct(row, MarketplaceOut) if row else None


async def update_marketplace(
    tx: Tx, marketplace_id: uuid.UUID, *, slug: str, name: str, description: str, status: str
) -> None:
    # archiving again keeps the first archiving's time
    archived_at = QueryString('coalesce("archived_at", now())') if status == "archived" else None
    values: dict[Any, Any] = {
        Marketplace.slug: slug,
        Marketplace.name: name,
        Marketplace.description: description,
        Marketplace.status: status,
        Marketplace.archived_at: archived_at,
        Marketplace.updated_at: DB_NOW,
    }
    await Marketplace.update(values).where(Marketplace.id == marketplace_id).run()


async def list_marketplaces(
    tx: Tx,
    *,
    status: str | None,
    kind: str | None,
    search: str | None,
    limit: int,
    offset: int,
) -> tuple[list[MarketplaceOut], int]:
    where: list[Combinable] = []
    if status is not None:
        where.append(Marketplace.status == status)
    if kind is not None:
        where.append(Marketplace.kind == kind)
    if search:
        pattern = f"%{escape_like(search)}%"
        where.append(Marketplace.name.ilike(pattern) | Marketplace.slug.ilike(pattern))
    query = Marketplace.select().where(*where).order_by(Marketplace.name, Marketplace.id)
    rows = await query.limit(limit).offset(offset).run()
    total = await Marketplace.count().where(*where).run()
    return as_structs(rows, MarketplaceOut), int(total)


# --------------------------------------------------------------------------- categories


async def categories_of(tx: Tx, marketplace_ids: list[uuid.UUID]) -> list[CategoryOut]:
    """Every category of these marketplaces, each with its own attribute definitions."""
    if not marketplace_ids:
        return []
    rows = await Category.select(*_CATEGORY).where(Category.marketplace_id.is_in(marketplace_ids)).run()
    by_category: dict[uuid.UUID, list[AttributeOut]] = {}
    for attribute in await attributes_of(tx, [row["id"] for row in rows]):
        by_category.setdefault(attribute.category_id, []).append(attribute)
    return [_category(row, by_category.get(row["id"])) for row in rows]


async def active_vertical_ids(tx: Tx) -> list[uuid.UUID]:
    rows = (
        await Marketplace.select(Marketplace.id)
        .where(Marketplace.kind == "vertical", Marketplace.status == "active")
        .order_by(Marketplace.name, Marketplace.id)
        .run()
    )
    return [row["id"] for row in rows]


async def get_category(
    tx: Tx, category_id: uuid.UUID, *, lock: bool = False, with_attributes: bool = True
) -> CategoryOut | None:
    """One category; ``with_attributes=False`` skips its own attribute definitions
    (left empty) for callers that only need its place in the tree."""
    query = Category.select(*_CATEGORY).where(Category.id == category_id)
    if lock:
        query = query.lock_rows("UPDATE")
    row = await query.first().run()
    if row is None:
        return None
    return _category(row, await attributes_of(tx, [category_id]) if with_attributes else None)


async def ancestors(tx: Tx, category: CategoryOut) -> list[CategoryOut]:
    """The category's ancestors and itself, root first (by the materialised path)."""
    parts = category.path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    rows = (
        await Category.select(*_CATEGORY)
        .where(Category.marketplace_id == category.marketplace_id, Category.path.is_in(prefixes))
        .order_by(Category.depth)
        .run()
    )
    return [_category(row) for row in rows]


async def attributes_of(tx: Tx, category_ids: list[uuid.UUID]) -> list[AttributeOut]:
    if not category_ids:
        return []
    rows = (
        await CategoryAttribute.select(
            CategoryAttribute.id,
            CategoryAttribute.category_id,
            CategoryAttribute.code,
            CategoryAttribute.name,
            CategoryAttribute.type,
            CategoryAttribute.unit,
            CategoryAttribute.allowed_values,
            CategoryAttribute.required,
            CategoryAttribute.position,
        )
        .where(CategoryAttribute.category_id.is_in(category_ids))
        .order_by(CategoryAttribute.position, CategoryAttribute.code)
        .run()
    )
    return [_attribute(row) for row in rows]


async def sibling_ids(tx: Tx, marketplace_id: uuid.UUID, parent_id: uuid.UUID | None) -> list[uuid.UUID]:
    """The children of ``parent_id`` (top level when None) in order, locked."""
    rows = (
        await Category.select(Category.id)
        .where(Category.marketplace_id == marketplace_id, _parent_is(parent_id))
        .order_by(Category.position, Category.name, Category.id)
        .lock_rows("UPDATE")
        .run()
    )
    return [row["id"] for row in rows]


def _parent_is(parent_id: uuid.UUID | None) -> Combinable:
    return Category.parent_id.is_null() if parent_id is None else Category.parent_id == parent_id


async def renumber(tx: Tx, ordered: list[uuid.UUID]) -> None:
    # SQL: one set-based update from the ordered ids (unnest WITH ORDINALITY)
    await tx.execute(
        "UPDATE public.category c SET position = o.ord - 1, updated_at = now() "
        "FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE c.id = o.id AND c.position <> o.ord - 1",
        ordered,
    )


async def category_slug_taken(
    tx: Tx, marketplace_id: uuid.UUID, parent_id: uuid.UUID | None, slug: str, *, other_than: uuid.UUID | None
) -> bool:
    where = [Category.marketplace_id == marketplace_id, _parent_is(parent_id), Category.slug == slug]
    if other_than is not None:
        where.append(Category.id != other_than)
    return bool(await Category.exists().where(*where).run())


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
    row = new_row(
        Category,
        id=category_id,
        marketplace_id=marketplace_id,
        parent_id=parent_id,
        slug=slug,
        name=name,
        position=position,
        path=path,
        depth=depth,
    )
    await Category.insert(row).run()


async def max_subtree_depth(tx: Tx, category: CategoryOut) -> int:
    """The deepest depth found in the category's subtree (its own when a leaf)."""
    # SQL: an aggregate over the subtree, found by path prefix
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
    # SQL: every descendant's path and depth rewritten from its own, in one statement
    await tx.execute(
        "UPDATE public.category SET path = $3 || substr(path, length($2) + 1), depth = depth + $4, "
        "updated_at = now() WHERE marketplace_id = $1 AND path LIKE $5 || '/%'",
        category.marketplace_id,
        category.path,
        path,
        depth - category.depth,
        escape_like(category.path),  # codes may hold '_', a LIKE wildcard
    )
    values: dict[Any, Any] = {
        Category.parent_id: parent_id,
        Category.slug: slug,
        Category.name: name,
        Category.path: path,
        Category.depth: depth,
        Category.updated_at: DB_NOW,
    }
    await Category.update(values).where(Category.id == category.id).run()


async def has_children(tx: Tx, category_id: uuid.UUID) -> bool:
    return bool(await Category.exists().where(Category.parent_id == category_id).run())


async def delete_category(tx: Tx, category_id: uuid.UUID) -> None:
    await Category.delete().where(Category.id == category_id).run()


async def replace_attributes(tx: Tx, category_id: uuid.UUID, definitions: list[AttributeDefinition]) -> None:
    """Upsert by code (ids of kept codes stay), delete the codes left out."""
    codes = [d.code for d in definitions]
    left_out = CategoryAttribute.delete().where(CategoryAttribute.category_id == category_id)
    await (left_out.where(CategoryAttribute.code.not_in(codes)) if codes else left_out).run()
    for position, d in enumerate(definitions):
        row = new_row(
            CategoryAttribute,
            id=uuid.uuid4(),
            category_id=category_id,
            code=d.code,
            name=d.name.strip(),
            type=d.type,
            unit=d.unit.strip() if d.unit is not None else None,
            allowed_values=d.allowed_values,
            required=d.required,
            position=position,
        )
        kept = (
            CategoryAttribute.name,
            CategoryAttribute.type,
            CategoryAttribute.unit,
            CategoryAttribute.allowed_values,
            CategoryAttribute.required,
            CategoryAttribute.position,
        )
        target = (CategoryAttribute.category_id, CategoryAttribute.code)
        await CategoryAttribute.insert(row).on_conflict(target=target, action="DO UPDATE", values=kept).run()


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
    """A new pending listing, or the existing one made pending again (its id kept)."""
    row = new_row(MarketplaceListing, id=uuid.uuid4(), marketplace_id=marketplace_id, tenant_id=tenant_id)
    reapplied = (
        (MarketplaceListing.status, "pending"),
        (MarketplaceListing.reason, None),
        (MarketplaceListing.applied_at, DB_NOW),
        (MarketplaceListing.decided_at, None),
        (MarketplaceListing.decided_by, None),
    )
    rows = await (
        MarketplaceListing.insert(row)
        .on_conflict(
            target=(MarketplaceListing.marketplace_id, MarketplaceListing.tenant_id),
            action="DO UPDATE",
            values=reapplied,
        )
        .returning(MarketplaceListing.id)
        .run()
    )
    value = rows[0]["id"]
    assert isinstance(value, uuid.UUID)
    return value


async def set_listing_status(
    tx: Tx, listing_id: uuid.UUID, *, status: str, reason: str | None, decided_by: uuid.UUID | None
) -> None:
    values: dict[Any, Any] = {
        MarketplaceListing.status: status,
        MarketplaceListing.reason: reason,
        MarketplaceListing.decided_by: decided_by,
    }
    if decided_by is not None:  # a decision; a withdrawal keeps the last decision's time
        values[MarketplaceListing.decided_at] = DB_NOW
    await MarketplaceListing.update(values).where(MarketplaceListing.id == listing_id).run()


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


async def categories_by_reference(
    tx: Tx, tenant_id: uuid.UUID, references: list[str]
) -> list[asyncpg.Record]:
    """Active marketplaces' categories whose path or slug is one of ``references``; ``listed``
    says whether the supplier is (or asks to be) listed in the category's marketplace."""
    return await tx.fetch(
        "SELECT c.id, c.path, c.slug, m.slug AS marketplace, (l.id IS NOT NULL) AS listed "
        "FROM public.category c JOIN public.marketplace m ON m.id = c.marketplace_id "
        "LEFT JOIN public.marketplace_listing l ON l.marketplace_id = m.id AND l.tenant_id = $1 "
        "AND l.status IN ('approved', 'pending') "
        "WHERE m.status = 'active' AND (c.path = ANY($2::text[]) OR c.slug = ANY($2::text[]))",
        tenant_id,
        references,
    )


async def insert_approved_listing(
    tx: Tx, listing_id: uuid.UUID, marketplace_id: uuid.UUID, tenant_id: uuid.UUID
) -> None:
    await tx.execute(
        "INSERT INTO public.marketplace_listing (id, marketplace_id, tenant_id, status, decided_at) "
        "VALUES ($1, $2, $3, 'approved', now())",
        listing_id,
        marketplace_id,
        tenant_id,
    )


async def showing_marketplaces(tx: Tx, tenant_id: uuid.UUID, category_id: uuid.UUID | None) -> list[str]:
    """Slugs of the active marketplaces that show the supplier's products of this
    category: those it is approved on that are horizontal (everything) or vertical
    with the category in their taxonomy."""
    rows = await tx.fetch(
        "SELECT m.slug FROM public.marketplace_listing l "
        "JOIN public.marketplace m ON m.id = l.marketplace_id "
        "WHERE l.tenant_id = $1 AND l.status = 'approved' AND m.status = 'active' "
        "AND (m.kind = 'horizontal' OR EXISTS "
        "(SELECT 1 FROM public.category c WHERE c.id = $2 AND c.marketplace_id = m.id)) "
        "ORDER BY m.slug",
        tenant_id,
        category_id,
    )
    return [row["slug"] for row in rows]


async def approved_tenant_ids(tx: Tx, marketplace_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "SELECT tenant_id FROM public.marketplace_listing WHERE marketplace_id = $1 AND status = 'approved'",
        marketplace_id,
    )
    return [row["tenant_id"] for row in rows]


async def lineages(tx: Tx, category_ids: list[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Each category's id with its ancestors' (by the materialised path); unknown ids left out."""
    rows = await tx.fetch(
        "SELECT c.id AS category_id, a.id AS ancestor_id FROM public.category c "
        "JOIN public.category a ON a.marketplace_id = c.marketplace_id "
        "AND (a.path = c.path OR starts_with(c.path, a.path || '/')) WHERE c.id = ANY($1::uuid[])",
        category_ids,
    )
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for row in rows:
        found.setdefault(row["category_id"], set()).add(row["ancestor_id"])
    return found


async def subtree_ids(tx: Tx, category_id: uuid.UUID) -> list[uuid.UUID]:
    # SQL: the subtree by the materialised path (starts_with: no LIKE wildcards to escape)
    rows = await tx.fetch(
        "SELECT d.id FROM public.category c JOIN public.category d ON d.marketplace_id = c.marketplace_id "
        "AND (d.path = c.path OR starts_with(d.path, c.path || '/')) WHERE c.id = $1 ORDER BY d.path",
        category_id,
    )
    return [row["id"] for row in rows]


async def names_of(tx: Tx, category_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await tx.fetch("SELECT id, name FROM public.category WHERE id = ANY($1::uuid[])", category_ids)
    return {row["id"]: row["name"] for row in rows}


async def showing_marketplace_ids(
    tx: Tx, tenant_id: uuid.UUID, category_ids: list[uuid.UUID | None]
) -> list[tuple[uuid.UUID | None, uuid.UUID]]:
    """(category id, marketplace id) for each category (None: uncategorised) and each
    active marketplace showing the supplier's products of it (as ``showing_marketplaces``)."""
    rows = await tx.fetch(
        "SELECT c.category_id, m.id FROM unnest($2::uuid[]) AS c(category_id) "
        "JOIN public.marketplace_listing l ON l.tenant_id = $1 AND l.status = 'approved' "
        "JOIN public.marketplace m ON m.id = l.marketplace_id AND m.status = 'active' "
        "WHERE m.kind = 'horizontal' OR EXISTS "
        "(SELECT 1 FROM public.category k WHERE k.id = c.category_id AND k.marketplace_id = m.id)",
        tenant_id,
        category_ids,
    )
    return [(row["category_id"], row["id"]) for row in rows]


async def paths_of(tx: Tx, category_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple[uuid.UUID, str]]]:
    rows = await tx.fetch(
        "SELECT c.id AS category_id, a.id, a.name FROM public.category c "
        "JOIN public.category a ON a.marketplace_id = c.marketplace_id "
        "AND (a.path = c.path OR starts_with(c.path, a.path || '/')) WHERE c.id = ANY($1::uuid[]) "
        "ORDER BY c.id, length(a.path)",
        category_ids,
    )
    found: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for row in rows:
        found.setdefault(row["category_id"], []).append((row["id"], row["name"]))
    return found
