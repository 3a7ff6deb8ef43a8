"""Routes of marketplaces, taxonomies, attribute schemas and listings: thin."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.context import (
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    OperatorContext,
    OrgContext,
    operator_needs,
    org_needs,
)
from hansa.marketplace.marketplaces import service
from hansa.marketplace.marketplaces.schemas import (
    AttributeSchema,
    CategoryChange,
    CategoryDetail,
    CategoryMove,
    CategoryOut,
    CategoryTree,
    ListingApplication,
    ListingDecision,
    ListingOut,
    ListingStatus,
    MarketplaceChange,
    MarketplaceKind,
    MarketplaceOut,
    MarketplaceStatus,
    NewCategory,
    NewMarketplace,
)


class MarketplaceOperatorController(Controller):
    """The operator console: marketplaces, taxonomies, attribute schemas, listing approvals."""

    path = "/api/v1/operator"
    tags = ["operator: marketplaces"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/marketplaces",
        summary="Marketplaces, filtered by status and kind, searched by name or slug",
        opt=operator_needs("marketplaces.read"),
    )
    async def list_marketplaces(
        self,
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
        status: FromQuery[MarketplaceStatus | None] = None,
        kind: FromQuery[MarketplaceKind | None] = None,
        search: Annotated[str | None, Parameter(max_length=100)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[MarketplaceOut]:
        return await service.list_marketplaces(
            resources, ctx, status=status, kind=kind, search=search, limit=limit, offset=offset
        )

    @post(
        "/marketplaces",
        summary="Create a horizontal or vertical marketplace",
        opt=operator_needs("marketplaces.manage"),
    )
    async def create_marketplace(
        self,
        data: JSONBody[NewMarketplace],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> MarketplaceOut:
        return await service.create_marketplace(resources, ctx, data)

    @get(
        "/marketplaces/{marketplace_id:uuid}",
        summary="One marketplace, archived or not",
        opt=operator_needs("marketplaces.read"),
    )
    async def get_marketplace(
        self,
        marketplace_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> MarketplaceOut:
        return await service.get_marketplace(resources, ctx, marketplace_id)

    @patch(
        "/marketplaces/{marketplace_id:uuid}",
        summary="Change a marketplace's slug, name or description",
        opt=operator_needs("marketplaces.manage"),
    )
    async def update_marketplace(
        self,
        marketplace_id: FromPath[uuid.UUID],
        data: JSONBody[MarketplaceChange],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> MarketplaceOut:
        return await service.update_marketplace(resources, ctx, marketplace_id, data)

    @post(
        "/marketplaces/{marketplace_id:uuid}/archive",
        summary="Archive a marketplace",
        status_code=200,
        opt=operator_needs("marketplaces.manage"),
    )
    async def archive_marketplace(
        self,
        marketplace_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> MarketplaceOut:
        return await service.set_marketplace_status(resources, ctx, marketplace_id, "archived")

    @post(
        "/marketplaces/{marketplace_id:uuid}/restore",
        summary="Restore an archived marketplace",
        status_code=200,
        opt=operator_needs("marketplaces.manage"),
    )
    async def restore_marketplace(
        self,
        marketplace_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> MarketplaceOut:
        return await service.set_marketplace_status(resources, ctx, marketplace_id, "active")

    @get(
        "/marketplaces/{marketplace_id:uuid}/categories",
        summary="A marketplace's category tree with schemas",
        opt=operator_needs("marketplaces.read"),
    )
    async def tree(
        self,
        marketplace_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> CategoryTree:
        return await service.operator_tree(resources, ctx, marketplace_id)

    @post(
        "/marketplaces/{marketplace_id:uuid}/categories",
        summary="Add a category (vertical marketplaces)",
        opt=operator_needs("marketplaces.manage"),
    )
    async def create_category(
        self,
        marketplace_id: FromPath[uuid.UUID],
        data: JSONBody[NewCategory],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> CategoryOut:
        return await service.create_category(resources, ctx, marketplace_id, data)

    @patch(
        "/categories/{category_id:uuid}",
        summary="Rename a category (name and/or slug)",
        opt=operator_needs("marketplaces.manage"),
    )
    async def rename_category(
        self,
        category_id: FromPath[uuid.UUID],
        data: JSONBody[CategoryChange],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> CategoryOut:
        return await service.rename_category(resources, ctx, category_id, data)

    @post(
        "/categories/{category_id:uuid}/move",
        summary="Move or reorder a category",
        status_code=200,
        opt=operator_needs("marketplaces.manage"),
    )
    async def move_category(
        self,
        category_id: FromPath[uuid.UUID],
        data: JSONBody[CategoryMove],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> CategoryOut:
        return await service.move_category(resources, ctx, category_id, data)

    @delete(
        "/categories/{category_id:uuid}",
        summary="Delete a category without subcategories",
        opt=operator_needs("marketplaces.manage"),
    )
    async def delete_category(
        self,
        category_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_category(resources, ctx, category_id)

    @put(
        "/categories/{category_id:uuid}/attributes",
        summary="Replace a category's attribute schema",
        opt=operator_needs("marketplaces.manage"),
    )
    async def set_attributes(
        self,
        category_id: FromPath[uuid.UUID],
        data: JSONBody[AttributeSchema],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> CategoryOut:
        return await service.set_attributes(resources, ctx, category_id, data)

    @get(
        "/listings",
        summary="Listing applications, filtered, newest first",
        opt=operator_needs("marketplaces.read"),
    )
    async def listings(
        self,
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
        marketplace_id: FromQuery[uuid.UUID | None] = None,
        tenant_id: FromQuery[uuid.UUID | None] = None,
        status: FromQuery[ListingStatus | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ListingOut]:
        return await service.list_applications(
            resources,
            ctx,
            marketplace_id=marketplace_id,
            tenant_id=tenant_id,
            status=status,
            limit=limit,
            offset=offset,
        )

    @post(
        "/listings/{listing_id:uuid}/approve",
        summary="Approve a pending application",
        status_code=200,
        opt=operator_needs("marketplaces.manage"),
    )
    async def approve(
        self,
        listing_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> ListingOut:
        return await service.decide(resources, ctx, listing_id, approve=True, reason=None)

    @post(
        "/listings/{listing_id:uuid}/reject",
        summary="Reject an application, with a reason",
        status_code=200,
        opt=operator_needs("marketplaces.manage"),
    )
    async def reject(
        self,
        listing_id: FromPath[uuid.UUID],
        data: JSONBody[ListingDecision],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> ListingOut:
        return await service.decide(resources, ctx, listing_id, approve=False, reason=data.reason)


class SupplierListingController(Controller):
    """A supplier's applications to list on marketplaces."""

    path = "/api/v1/orgs/{org_id:uuid}/listings"
    tags = ["organisations"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("", summary="The supplier's listing applications and their outcome", opt=org_needs("org.read"))
    async def mine(
        self,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> list[ListingOut]:
        return await service.my_applications(resources, ctx)

    @post(
        "",
        summary="Apply to list on a marketplace (again after a rejection or withdrawal)",
        opt=org_needs("listings.apply"),
    )
    async def apply(
        self,
        data: JSONBody[ListingApplication],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ListingOut:
        return await service.apply(resources, ctx, data.marketplace_id)

    @post(
        "/{listing_id:uuid}/withdraw",
        summary="Withdraw an application or a listing",
        status_code=200,
        opt=org_needs("listings.apply"),
    )
    async def withdraw(
        self,
        listing_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ListingOut:
        return await service.withdraw(resources, ctx, listing_id)


class MarketplaceController(Controller):
    """What buyers and visitors browse, without signing in: active marketplaces only."""

    path = "/api/v1"
    tags = ["marketplaces"]

    @get("/marketplaces", summary="Active marketplaces")
    async def list_marketplaces(self, resources: NamedDependency[Resources]) -> list[MarketplaceOut]:
        return await service.public_marketplaces(resources)

    @get("/marketplaces/{slug:str}", summary="One active marketplace")
    async def get_marketplace(
        self, slug: FromPath[str], resources: NamedDependency[Resources]
    ) -> MarketplaceOut:
        return await service.public_marketplace(resources, slug)

    @get("/marketplaces/{slug:str}/categories", summary="An active marketplace's category tree with schemas")
    async def tree(self, slug: FromPath[str], resources: NamedDependency[Resources]) -> CategoryTree:
        return await service.public_tree(resources, slug)

    @get("/categories/{category_id:uuid}", summary="A category: breadcrumbs and effective attribute schema")
    async def category(
        self, category_id: FromPath[uuid.UUID], resources: NamedDependency[Resources]
    ) -> CategoryDetail:
        return await service.public_category(resources, category_id)
