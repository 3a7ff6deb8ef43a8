"""Marketplaces, their taxonomies and attribute schemas, and listing approval.

Operators act in the ``platform`` domain (``marketplaces.read`` / ``marketplaces.manage``);
someone without a platform role gets 404. A supplier's own users apply to list
(``listings.apply``) and see their applications (``org.read``) through
``/api/v1/orgs/{org}``; another organisation's ids answer 404. Buyers and visitors
read active marketplaces and their taxonomies without signing in.

Other domains call ``validate_attributes`` (one product) or ``effective_schema`` +
``check_attributes`` (many rows against one category, e.g. an import).
"""

from __future__ import annotations

import math
import re
import uuid
from decimal import Decimal
from typing import Any

import msgspec

from hansa.audit.service import record_by
from hansa.core.db import Tx
from hansa.core.outbox import emit
from hansa.core.pagination import Page
from hansa.core.resources import Resources
from hansa.identity.context import OperatorContext, OrgContext
from hansa.identity.principal import PLATFORM_DOMAIN
from hansa.marketplace.marketplaces import repository as repo
from hansa.marketplace.marketplaces.errors import (
    CategoryCycle,
    CategoryNotEmpty,
    CategoryNotFound,
    CategorySlugTaken,
    CategoryTooDeep,
    HorizontalHasNoTaxonomy,
    InvalidAttributeSchema,
    ListingNotFound,
    ListingTransition,
    MarketplaceNotFound,
    SlugTaken,
)
from hansa.marketplace.marketplaces.events import CATEGORY_CHANGED, LISTING_CHANGED
from hansa.marketplace.marketplaces.schemas import (
    ATTRIBUTE_TYPES,
    AttributeDefinition,
    AttributeOut,
    AttributeSchema,
    Breadcrumb,
    CategoryChange,
    CategoryDetail,
    CategoryMove,
    CategoryOut,
    CategoryTree,
    ListingOut,
    MarketplaceChange,
    MarketplaceOut,
    NewCategory,
    NewMarketplace,
)
from hansa.notifications import service as notifications
from hansa.tenants.service import tenants_by_id

MAX_DEPTH = 9  # depth of the deepest category: ten levels
CODE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
FieldError = dict[str, Any]


async def _marketplace(tx: Tx, marketplace_id: uuid.UUID, *, lock: bool = False) -> MarketplaceOut:
    found = await repo.get_marketplace(tx, marketplace_id, lock=lock)
    if found is None:
        raise MarketplaceNotFound("no such marketplace")
    return found


# --------------------------------------------------------------------------- marketplaces (operators)


async def create_marketplace(res: Resources, ctx: OperatorContext, new: NewMarketplace) -> MarketplaceOut:
    marketplace_id = uuid.uuid4()
    async with res.db.transaction() as tx:
        if await repo.slug_taken(tx, new.slug):
            raise SlugTaken(f"the slug {new.slug!r} is taken", errors=[{"field": "slug", "message": "taken"}])
        await repo.insert_marketplace(
            tx,
            marketplace_id=marketplace_id,
            slug=new.slug,
            name=new.name.strip(),
            kind=new.kind,
            description=new.description,
        )
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            "marketplaces.created",
            "marketplace",
            marketplace_id,
            after={"slug": new.slug, "name": new.name, "kind": new.kind},
        )
        return await _marketplace(tx, marketplace_id)


async def update_marketplace(
    res: Resources, ctx: OperatorContext, marketplace_id: uuid.UUID, change: MarketplaceChange
) -> MarketplaceOut:
    async with res.db.transaction() as tx:
        before = await _marketplace(tx, marketplace_id, lock=True)
        slug = change.slug if change.slug is not None else before.slug
        if slug != before.slug and await repo.slug_taken(tx, slug, other_than=marketplace_id):
            raise SlugTaken(f"the slug {slug!r} is taken", errors=[{"field": "slug", "message": "taken"}])
        await repo.update_marketplace(
            tx,
            marketplace_id,
            slug=slug,
            name=change.name.strip() if change.name is not None else before.name,
            description=change.description if change.description is not None else before.description,
            status=before.status,
        )
        after = await _marketplace(tx, marketplace_id)
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            "marketplaces.updated",
            "marketplace",
            marketplace_id,
            before={"slug": before.slug, "name": before.name},
            after={"slug": after.slug, "name": after.name},
        )
        return after


async def set_marketplace_status(
    res: Resources, ctx: OperatorContext, marketplace_id: uuid.UUID, status: str
) -> MarketplaceOut:
    """Archive (hidden from buyers and new applications; data kept) or restore."""
    async with res.db.transaction() as tx:
        before = await _marketplace(tx, marketplace_id, lock=True)
        if before.status != status:
            await repo.update_marketplace(
                tx,
                marketplace_id,
                slug=before.slug,
                name=before.name,
                description=before.description,
                status=status,
            )
            await record_by(
                tx,
                ctx.principal,
                PLATFORM_DOMAIN,
                "marketplaces.archived" if status == "archived" else "marketplaces.restored",
                "marketplace",
                marketplace_id,
                before={"status": before.status},
                after={"status": status},
            )
        return await _marketplace(tx, marketplace_id)


async def list_marketplaces(
    res: Resources,
    ctx: OperatorContext,
    *,
    status: str | None,
    kind: str | None,
    search: str | None,
    limit: int,
    offset: int,
) -> Page[MarketplaceOut]:
    async with res.db.transaction() as tx:
        items, total = await repo.list_marketplaces(
            tx, status=status, kind=kind, search=search, limit=limit, offset=offset
        )
    return Page(items=items, total=total, limit=limit, offset=offset)


async def get_marketplace(res: Resources, ctx: OperatorContext, marketplace_id: uuid.UUID) -> MarketplaceOut:
    async with res.db.transaction() as tx:
        return await _marketplace(tx, marketplace_id)


# --------------------------------------------------------------------------- taxonomy


def _depth_first(categories: list[CategoryOut]) -> list[CategoryOut]:
    children: dict[uuid.UUID | None, list[CategoryOut]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[CategoryOut] = []

    def walk(parent: uuid.UUID | None) -> None:
        for child in sorted(children.get(parent, []), key=lambda c: (c.position, c.name, str(c.id))):
            ordered.append(child)
            walk(child.id)

    walk(None)
    return ordered


async def _tree(tx: Tx, marketplace: MarketplaceOut) -> CategoryTree:
    """A vertical marketplace's own taxonomy; a horizontal one shows the union of the
    active vertical marketplaces' taxonomies (each category keeps its marketplace_id)."""
    if marketplace.kind == "vertical":
        categories = _depth_first(await repo.categories_of(tx, [marketplace.id]))
    else:
        verticals = await repo.active_vertical_ids(tx)
        everything = await repo.categories_of(tx, verticals)
        categories = []
        for vertical in verticals:  # verticals by name, each depth-first
            categories += _depth_first([c for c in everything if c.marketplace_id == vertical])
    return CategoryTree(marketplace=marketplace, categories=categories)


async def operator_tree(res: Resources, ctx: OperatorContext, marketplace_id: uuid.UUID) -> CategoryTree:
    async with res.db.transaction() as tx:
        return await _tree(tx, await _marketplace(tx, marketplace_id))


async def _category(tx: Tx, category_id: uuid.UUID, *, lock: bool = False) -> CategoryOut:
    found = await repo.get_category(tx, category_id, lock=lock)
    if found is None:
        raise CategoryNotFound("no such category")
    return found


async def _parent(tx: Tx, marketplace_id: uuid.UUID, parent_id: uuid.UUID | None) -> CategoryOut | None:
    if parent_id is None:
        return None
    parent = await repo.get_category(tx, parent_id, with_attributes=False)
    if parent is None or parent.marketplace_id != marketplace_id:
        raise CategoryNotFound(
            "no such parent category in this marketplace",
            errors=[{"field": "parent_id", "message": "not a category of this marketplace"}],
        )
    return parent


def _place(siblings: list[uuid.UUID], category_id: uuid.UUID, position: int | None) -> list[uuid.UUID]:
    others = [s for s in siblings if s != category_id]
    at = len(others) if position is None else min(position, len(others))
    return [*others[:at], category_id, *others[at:]]


async def create_category(
    res: Resources, ctx: OperatorContext, marketplace_id: uuid.UUID, new: NewCategory
) -> CategoryOut:
    category_id = uuid.uuid4()
    async with res.db.transaction() as tx:
        marketplace = await _marketplace(tx, marketplace_id, lock=True)
        if marketplace.kind == "horizontal":
            raise HorizontalHasNoTaxonomy(
                "a horizontal marketplace shows the vertical marketplaces' categories; it has none of its own"
            )
        parent = await _parent(tx, marketplace_id, new.parent_id)
        depth = 0 if parent is None else parent.depth + 1
        if depth > MAX_DEPTH:
            raise CategoryTooDeep(f"a taxonomy has at most {MAX_DEPTH + 1} levels")
        if await repo.category_slug_taken(tx, marketplace_id, new.parent_id, new.slug, other_than=None):
            raise CategorySlugTaken(
                f"{new.slug!r} is taken under this parent", errors=[{"field": "slug", "message": "taken"}]
            )
        siblings = await repo.sibling_ids(tx, marketplace_id, new.parent_id)
        await repo.insert_category(
            tx,
            category_id=category_id,
            marketplace_id=marketplace_id,
            parent_id=new.parent_id,
            slug=new.slug,
            name=new.name.strip(),
            position=len(siblings),
            path=new.slug if parent is None else f"{parent.path}/{new.slug}",
            depth=depth,
        )
        await repo.renumber(tx, _place(siblings, category_id, new.position))
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            "categories.created",
            "category",
            category_id,
            after={"marketplace_id": str(marketplace_id), "slug": new.slug, "name": new.name},
        )
        return await _category(tx, category_id)


async def rename_category(
    res: Resources, ctx: OperatorContext, category_id: uuid.UUID, change: CategoryChange
) -> CategoryOut:
    async with res.db.transaction() as tx:
        before = await _category(tx, category_id, lock=True)
        await _marketplace(tx, before.marketplace_id, lock=True)  # one taxonomy change at a time
        slug = change.slug if change.slug is not None else before.slug
        name = change.name.strip() if change.name is not None else before.name
        if slug != before.slug and await repo.category_slug_taken(
            tx, before.marketplace_id, before.parent_id, slug, other_than=category_id
        ):
            raise CategorySlugTaken(
                f"{slug!r} is taken under this parent", errors=[{"field": "slug", "message": "taken"}]
            )
        path = before.path.rsplit("/", 1)[0] + "/" + slug if before.parent_id else slug
        await repo.relocate(
            tx, before, parent_id=before.parent_id, slug=slug, name=name, path=path, depth=before.depth
        )
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            "categories.renamed",
            "category",
            category_id,
            before={"slug": before.slug, "name": before.name},
            after={"slug": slug, "name": name},
        )
        if name != before.name:
            await _category_changed(tx, before)
        return await _category(tx, category_id)


async def move_category(
    res: Resources, ctx: OperatorContext, category_id: uuid.UUID, move: CategoryMove
) -> CategoryOut:
    """Move under another parent (or to the top) and/or to another position among siblings."""
    async with res.db.transaction() as tx:
        before = await _category(tx, category_id, lock=True)
        await _marketplace(tx, before.marketplace_id, lock=True)
        parent = await _parent(tx, before.marketplace_id, move.parent_id)
        if parent is not None and (parent.path == before.path or parent.path.startswith(before.path + "/")):
            raise CategoryCycle(
                "a category cannot move under itself or its descendants",
                errors=[{"field": "parent_id", "message": "inside the moved category"}],
            )
        if move.parent_id != before.parent_id:
            depth = 0 if parent is None else parent.depth + 1
            deepest = await repo.max_subtree_depth(tx, before)
            if deepest - before.depth + depth > MAX_DEPTH:
                raise CategoryTooDeep(f"a taxonomy has at most {MAX_DEPTH + 1} levels")
            if await repo.category_slug_taken(
                tx, before.marketplace_id, move.parent_id, before.slug, other_than=category_id
            ):
                raise CategorySlugTaken(
                    f"{before.slug!r} is taken under the new parent",
                    errors=[{"field": "parent_id", "message": "a sibling there has the same slug"}],
                )
            old_siblings = await repo.sibling_ids(tx, before.marketplace_id, before.parent_id)
            await repo.relocate(
                tx,
                before,
                parent_id=move.parent_id,
                slug=before.slug,
                name=before.name,
                path=before.slug if parent is None else f"{parent.path}/{before.slug}",
                depth=depth,
            )
            await repo.renumber(tx, [s for s in old_siblings if s != category_id])
            await _category_changed(tx, before)
        siblings = await repo.sibling_ids(tx, before.marketplace_id, move.parent_id)
        await repo.renumber(tx, _place(siblings, category_id, move.position))
        after = await _category(tx, category_id)
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            "categories.moved",
            "category",
            category_id,
            before={"parent_id": _str(before.parent_id), "position": before.position},
            after={"parent_id": _str(after.parent_id), "position": after.position},
        )
        return after


async def _category_changed(tx: Tx, category: CategoryOut) -> None:
    """Its subtree's products name it in their search documents (the path, root → leaf)."""
    payload = {"category_id": str(category.id), "marketplace_id": str(category.marketplace_id)}
    await emit(tx, CATEGORY_CHANGED, payload=payload)


def _str(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


async def delete_category(res: Resources, ctx: OperatorContext, category_id: uuid.UUID) -> None:
    """Only a category without subcategories; its attribute definitions go with it."""
    async with res.db.transaction() as tx:
        before = await _category(tx, category_id, lock=True)
        await _marketplace(tx, before.marketplace_id, lock=True)
        if await repo.has_children(tx, category_id):
            raise CategoryNotEmpty("move or delete its subcategories first")
        await repo.delete_category(tx, category_id)
        await repo.renumber(tx, await repo.sibling_ids(tx, before.marketplace_id, before.parent_id))
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            "categories.deleted",
            "category",
            category_id,
            before={"marketplace_id": str(before.marketplace_id), "path": before.path, "name": before.name},
        )


def definition_errors(definitions: list[AttributeDefinition]) -> list[FieldError]:
    """Every problem of an attribute schema, by field (``attributes[i].field``)."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, d in enumerate(definitions):
        at = f"attributes[{i}]"
        if not CODE_RE.fullmatch(d.code) or len(d.code) > 63:
            errors.append(
                {"field": f"{at}.code", "message": "snake_case: a-z, 0-9 and _, starting with a letter"}
            )
        elif d.code in seen:
            errors.append({"field": f"{at}.code", "message": f"{d.code!r} appears twice"})
        seen.add(d.code)
        if not d.name.strip():
            errors.append({"field": f"{at}.name", "message": "required"})
        if d.type not in ATTRIBUTE_TYPES:
            errors.append({"field": f"{at}.type", "message": f"one of {', '.join(ATTRIBUTE_TYPES)}"})
        if d.unit is not None and (d.type != "number" or not d.unit.strip() or len(d.unit.strip()) > 20):
            message = "only a number has a unit" if d.type != "number" else "1 to 20 characters"
            errors.append({"field": f"{at}.unit", "message": message})
        if d.type == "enum":
            values = d.allowed_values or []
            if not values:
                errors.append({"field": f"{at}.allowed_values", "message": "an enum needs allowed values"})
            elif any(not v.strip() for v in values) or len(set(values)) != len(values):
                errors.append({"field": f"{at}.allowed_values", "message": "non-empty and distinct"})
        elif d.allowed_values is not None:
            errors.append({"field": f"{at}.allowed_values", "message": "only an enum has allowed values"})
    return errors


async def set_attributes(
    res: Resources, ctx: OperatorContext, category_id: uuid.UUID, schema: AttributeSchema
) -> CategoryOut:
    """Replace the category's own attribute schema (kept codes keep their ids)."""
    errors = definition_errors(schema.attributes)
    async with res.db.transaction() as tx:
        before = await _category(tx, category_id, lock=True)
        if errors:
            raise InvalidAttributeSchema("the attribute schema is not valid", errors=errors)
        await repo.replace_attributes(tx, category_id, schema.attributes)
        after = await _category(tx, category_id)
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            "categories.attributes_changed",
            "category",
            category_id,
            before={"attributes": [a.code for a in before.attributes]},
            after={"attributes": [a.code for a in after.attributes]},
        )
        return after


# --------------------------------------------------------------------------- listings


async def list_applications(
    res: Resources,
    ctx: OperatorContext,
    *,
    marketplace_id: uuid.UUID | None,
    tenant_id: uuid.UUID | None,
    status: str | None,
    limit: int,
    offset: int,
) -> Page[ListingOut]:
    async with res.db.transaction() as tx:
        items, total = await repo.list_listings(
            tx, marketplace_id=marketplace_id, tenant_id=tenant_id, status=status, limit=limit, offset=offset
        )
        items = await _with_suppliers(tx, items)
    return Page(items=items, total=total, limit=limit, offset=offset)


async def decide(
    res: Resources, ctx: OperatorContext, listing_id: uuid.UUID, *, approve: bool, reason: str | None
) -> ListingOut:
    """Approve a pending application, or reject a pending or approved one (with a reason)."""
    async with res.db.transaction() as tx:
        before = await repo.get_listing(tx, listing_id, lock=True)
        if before is None:
            raise ListingNotFound("no such listing application")
        allowed = ("pending",) if approve else ("pending", "approved")
        if before.status not in allowed:
            verb = "approved" if approve else "rejected"
            raise ListingTransition(f"a {before.status} application cannot be {verb}")
        status = "approved" if approve else "rejected"
        await repo.set_listing_status(
            tx, listing_id, status=status, reason=reason, decided_by=ctx.principal.id
        )
        await _listing_changed(tx, before.tenant_id, before.marketplace_id, listing_id, status)
        await record_by(
            tx,
            ctx.principal,
            PLATFORM_DOMAIN,
            f"listings.{status}",
            "marketplace_listing",
            listing_id,
            before={"status": before.status},
            after={
                "status": status,
                "reason": reason,
                "marketplace_id": str(before.marketplace_id),
                "tenant_id": str(before.tenant_id),
            },
        )
        after = await _get_listing(tx, listing_id)
        assert after is not None
        await _notify_decision(tx, after)
    return after


async def _listing_changed(
    tx: Tx, tenant_id: uuid.UUID, marketplace_id: uuid.UUID, listing_id: uuid.UUID, status: str
) -> None:
    """Search shows or hides the supplier's products on this marketplace."""
    payload = {"listing_id": listing_id, "marketplace_id": marketplace_id, "status": status}
    await emit(tx, LISTING_CHANGED, tenant_id=tenant_id, payload=payload)


async def _with_suppliers(tx: Tx, listings: list[ListingOut]) -> list[ListingOut]:
    """The listings with their supplier's name and slug (tenants', one query for the page)."""
    tenants = await tenants_by_id(tx, [listing.tenant_id for listing in listings])
    return [
        msgspec.structs.replace(listing, supplier_name=tenant.name, supplier_slug=tenant.slug)
        if (tenant := tenants.get(listing.tenant_id))
        else listing
        for listing in listings
    ]


async def _get_listing(tx: Tx, listing_id: uuid.UUID) -> ListingOut | None:
    listing = await repo.get_listing(tx, listing_id)
    return (await _with_suppliers(tx, [listing]))[0] if listing else None


async def _notify_decision(tx: Tx, listing: ListingOut) -> None:
    """The supplier's owners and admins hear the decision (and the reason of a rejection)."""
    params = {
        "org_name": listing.supplier_name,
        "marketplace_name": listing.marketplace_name,
        "marketplace_slug": listing.marketplace_slug,
        "reason": listing.reason,
    }
    recipients = await notifications.org_admins(tx, f"tenant:{listing.tenant_id}")
    await notifications.notify(tx, recipients, f"listing.{listing.status}", params, org_id=listing.tenant_id)


def _supplier(ctx: OrgContext) -> tuple[uuid.UUID, str]:
    """The supplier's id and domain (its action checked at the edge); a buyer: 404."""
    if ctx.org.kind != "supplier":
        raise MarketplaceNotFound("only suppliers list on marketplaces")
    return ctx.org.id, ctx.domain


async def apply(res: Resources, ctx: OrgContext, marketplace_id: uuid.UUID) -> ListingOut:
    """A supplier applies (or re-applies after a rejection or withdrawal)."""
    org_id, domain = _supplier(ctx)
    async with res.db.transaction() as tx:
        marketplace = await repo.get_marketplace(tx, marketplace_id)
        if marketplace is None or marketplace.status != "active":
            raise MarketplaceNotFound("no such marketplace")
        current = await repo.listing_of(tx, marketplace_id, org_id)
        if current is not None and current.status in ("pending", "approved"):
            raise ListingTransition(f"this supplier's application is {current.status} already")
        listing_id = await repo.upsert_application(tx, marketplace_id, org_id)
        await record_by(
            tx,
            ctx.principal,
            domain,
            "listings.applied",
            "marketplace_listing",
            listing_id,
            before={"status": current.status} if current else None,
            after={"status": "pending", "marketplace_id": str(marketplace_id)},
        )
        listing = await _get_listing(tx, listing_id)
    assert listing is not None
    return listing


async def withdraw(res: Resources, ctx: OrgContext, listing_id: uuid.UUID) -> ListingOut:
    org_id, domain = _supplier(ctx)
    async with res.db.transaction() as tx:
        before = await repo.get_listing(tx, listing_id, lock=True)
        if before is None or before.tenant_id != org_id:
            raise ListingNotFound("no such listing application")
        if before.status not in ("pending", "approved"):
            raise ListingTransition(f"a {before.status} application cannot be withdrawn")
        await repo.set_listing_status(
            tx, listing_id, status="withdrawn", reason=before.reason, decided_by=None
        )
        await _listing_changed(tx, before.tenant_id, before.marketplace_id, listing_id, "withdrawn")
        await record_by(
            tx,
            ctx.principal,
            domain,
            "listings.withdrawn",
            "marketplace_listing",
            listing_id,
            before={"status": before.status},
            after={"status": "withdrawn"},
        )
        after = await _get_listing(tx, listing_id)
    assert after is not None
    return after


async def my_applications(res: Resources, ctx: OrgContext) -> list[ListingOut]:
    org_id, _ = _supplier(ctx)
    async with res.db.transaction() as tx:
        items, _ = await repo.list_listings(
            tx, marketplace_id=None, tenant_id=org_id, status=None, limit=1000, offset=0
        )
        return await _with_suppliers(tx, items)


# --------------------------------------------------------------------------- public


async def public_marketplaces(res: Resources) -> list[MarketplaceOut]:
    async with res.db.transaction() as tx:
        items, _ = await repo.list_marketplaces(
            tx, status="active", kind=None, search=None, limit=1000, offset=0
        )
    return items


async def _active_by_slug(tx: Tx, slug: str) -> MarketplaceOut:
    marketplace = await repo.marketplace_by_slug(tx, slug)
    if marketplace is None or marketplace.status != "active":
        raise MarketplaceNotFound("no such marketplace")
    return marketplace


async def is_listed(tx: Tx, tenant_id: uuid.UUID) -> bool:
    """The supplier is approved on at least one active marketplace (buyers may see it)."""
    return await repo.supplier_listed(tx, tenant_id)


async def listed_tenant_ids(tx: Tx) -> list[uuid.UUID]:
    """Every supplier approved on at least one active marketplace (any tenant status): the
    suppliers a buyer may order from, once their tenant is active too."""
    return await repo.listed_tenant_ids(tx)


async def active_marketplace(tx: Tx, slug: str) -> MarketplaceOut:
    """The active marketplace ``slug`` on ``tx`` (for composers, e.g. the buyer listing); 404 otherwise."""
    return await _active_by_slug(tx, slug)


async def tree_of(tx: Tx, marketplace: MarketplaceOut) -> CategoryTree:
    """``marketplace``'s category tree on ``tx`` (for composers that hold it already)."""
    return await _tree(tx, marketplace)


async def public_marketplace(res: Resources, slug: str) -> MarketplaceOut:
    async with res.db.transaction() as tx:
        return await _active_by_slug(tx, slug)


async def public_tree(res: Resources, slug: str) -> CategoryTree:
    async with res.db.transaction() as tx:
        return await _tree(tx, await _active_by_slug(tx, slug))


async def public_category(res: Resources, category_id: uuid.UUID) -> CategoryDetail:
    async with res.db.transaction() as tx:
        category = await repo.get_category(tx, category_id)
        marketplace = None if category is None else await repo.get_marketplace(tx, category.marketplace_id)
        if category is None or marketplace is None or marketplace.status != "active":
            raise CategoryNotFound("no such category")
        lineage = await repo.ancestors(tx, category)
        schema = await _effective(tx, lineage)
    return CategoryDetail(
        category=category,
        marketplace=marketplace,
        breadcrumbs=[Breadcrumb(id=c.id, slug=c.slug, name=c.name) for c in lineage],
        schema=schema,
    )


# --------------------------------------------------------------------------- attribute validation


async def _effective(tx: Tx, lineage: list[CategoryOut]) -> list[AttributeOut]:
    definitions = await repo.attributes_of(tx, [c.id for c in lineage])
    depth = {c.id: c.depth for c in lineage}
    chosen: dict[str, AttributeOut] = {}
    # root first, so a nearer category's definition of the same code replaces its ancestor's
    for attribute in sorted(definitions, key=lambda a: (depth[a.category_id], a.position)):
        chosen.pop(attribute.code, None)
        chosen[attribute.code] = attribute
    return sorted(chosen.values(), key=lambda a: (depth[a.category_id], a.position))


async def effective_schema(tx: Tx, category_id: uuid.UUID) -> list[AttributeOut] | None:
    """The category's attribute schema: its own definitions and its ancestors'
    (the nearest wins on a code). None if there is no such category."""
    # the lineage's definitions are read by _effective: the category's own need not be
    category = await repo.get_category(tx, category_id, with_attributes=False)
    if category is None:
        return None
    return await _effective(tx, await repo.ancestors(tx, category))


def _type_error(definition: AttributeOut, value: object) -> str | None:
    if definition.type == "text":
        return None if isinstance(value, str) and value.strip() else "must be a non-empty text"
    if definition.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return "must be a number"
        if isinstance(value, float | Decimal) and not math.isfinite(value):
            return "must be a finite number"
        return None
    if definition.type == "boolean":
        return None if isinstance(value, bool) else "must be true or false"
    allowed = definition.allowed_values or []
    if not isinstance(value, str) or value not in allowed:
        return f"must be one of: {', '.join(allowed)}"
    return None


def check_attributes(schema: list[AttributeOut], attributes: dict[str, object]) -> list[FieldError]:
    """Pure check of attribute values against a schema (``effective_schema``): types,
    enum membership, required codes present, unknown codes refused. Field errors are
    ``{"field": "attributes.<code>", "message": ...}``; an empty list means valid."""
    by_code = {a.code: a for a in schema}
    errors: list[FieldError] = []
    for code, value in attributes.items():
        definition = by_code.get(code)
        if definition is None:
            errors.append({"field": f"attributes.{code}", "message": "not an attribute of this category"})
            continue
        if value is None:
            if definition.required:
                errors.append({"field": f"attributes.{code}", "message": "required"})
            continue
        problem = _type_error(definition, value)
        if problem:
            errors.append({"field": f"attributes.{code}", "message": problem})
    for definition in schema:
        if definition.required and definition.code not in attributes:
            errors.append({"field": f"attributes.{definition.code}", "message": "required"})
    return errors


async def validate_attributes(
    tx: Tx, category_id: uuid.UUID, attributes: dict[str, object]
) -> list[FieldError]:
    """Validate one product's attributes against the category's effective schema.
    An unknown category is one error on ``category_id``."""
    schema = await effective_schema(tx, category_id)
    if schema is None:
        return [{"field": "category_id", "message": "no such category"}]
    return check_attributes(schema, attributes)


async def categories_by_reference(tx: Tx, tenant_id: uuid.UUID, references: list[str]) -> list[Any]:
    """Rows (id, path, slug, marketplace, listed) of the active marketplaces' categories whose path
    or slug is one of ``references``; ``listed``: the supplier is (or asks to be) in that marketplace.
    For imports, which name categories by path or code."""
    return await repo.categories_by_reference(tx, tenant_id, references)


# -- loading given data (the demo seed), on the caller's transaction ------------------------------


async def marketplace_id_by_slug(tx: Tx, slug: str) -> uuid.UUID | None:
    found = await repo.marketplace_by_slug(tx, slug)
    return found.id if found else None


async def insert_marketplace_row(
    tx: Tx, *, marketplace_id: uuid.UUID, slug: str, name: str, kind: str, description: str
) -> None:
    await repo.insert_marketplace(
        tx, marketplace_id=marketplace_id, slug=slug, name=name, kind=kind, description=description
    )


async def insert_category_row(
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
    definitions: list[AttributeDefinition],
) -> None:
    """A category with its attribute definitions (checked: ``ValueError`` when they are not valid)."""
    errors = definition_errors(definitions)
    if errors:
        raise ValueError(f"the schema of {path} is not valid: {errors}")
    await repo.insert_category(
        tx,
        category_id=category_id,
        marketplace_id=marketplace_id,
        parent_id=parent_id,
        slug=slug,
        name=name,
        position=position,
        path=path,
        depth=depth,
    )
    if definitions:
        await repo.replace_attributes(tx, category_id, definitions)


async def add_approved_listing(
    tx: Tx, listing_id: uuid.UUID, marketplace_id: uuid.UUID, tenant_id: uuid.UUID
) -> None:
    await repo.insert_approved_listing(tx, listing_id, marketplace_id, tenant_id)


async def showing_marketplaces(tx: Tx, tenant_id: uuid.UUID, category_id: uuid.UUID | None) -> list[str]:
    """Slugs of the active marketplaces that show the supplier's products of this category."""
    return await repo.showing_marketplaces(tx, tenant_id, category_id)


async def approved_tenant_ids(tx: Tx, marketplace_id: uuid.UUID) -> list[uuid.UUID]:
    """The tenants whose listing on this marketplace is approved (any tenant status)."""
    return await repo.approved_tenant_ids(tx, marketplace_id)


# -- how the audit trail names marketplaces, categories and listings (tasks.py: audit.labels) ----


async def marketplace_label(tx: Tx, marketplace_id: uuid.UUID) -> str | None:
    marketplace = await repo.get_marketplace(tx, marketplace_id)
    return marketplace.name if marketplace else None


async def category_label(tx: Tx, category_id: uuid.UUID) -> str | None:
    category = await repo.get_category(tx, category_id, with_attributes=False)
    return category.name if category else None


async def listing_label(tx: Tx, listing_id: uuid.UUID) -> str | None:
    """The supplier's name @ the marketplace's name."""
    listing = await _get_listing(tx, listing_id)
    return f"{listing.supplier_name} @ {listing.marketplace_name}" if listing else None


async def category_lineages(tx: Tx, category_ids: list[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Each category with its ancestors, on the caller's transaction (approvals: a rule on a
    category matches its descendants); one query for all of them."""
    return await repo.lineages(tx, list(dict.fromkeys(category_ids))) if category_ids else {}


async def category_names(tx: Tx, category_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The categories' names, by id, in one query (unknown ids left out)."""
    return await repo.names_of(tx, list(dict.fromkeys(category_ids))) if category_ids else {}


# -- what search indexes --------------------------------------------------------------------------


async def showing_marketplace_ids(
    tx: Tx, tenant_id: uuid.UUID, category_ids: list[uuid.UUID | None]
) -> dict[uuid.UUID | None, list[uuid.UUID]]:
    """Per category of the supplier's products (None: none), the ids of the active
    marketplaces showing them (``showing_marketplaces``), in one query."""
    found: dict[uuid.UUID | None, list[uuid.UUID]] = {c: [] for c in category_ids}
    for category_id, marketplace_id in await repo.showing_marketplace_ids(tx, tenant_id, list(found)):
        found[category_id].append(marketplace_id)
    return found


async def marketplace_by_id(tx: Tx, marketplace_id: uuid.UUID) -> MarketplaceOut:
    """The marketplace (any status); 404 when there is none."""
    return await _marketplace(tx, marketplace_id)


async def category_subtree(tx: Tx, category_id: uuid.UUID) -> list[uuid.UUID]:
    """The category's id and its descendants' (none when there is no such category)."""
    return await repo.subtree_ids(tx, category_id)


async def category_paths(
    tx: Tx, category_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[uuid.UUID, str]]]:
    """Each category's (id, name) from its root down to it, in one query."""
    return await repo.paths_of(tx, list(dict.fromkeys(category_ids))) if category_ids else {}
