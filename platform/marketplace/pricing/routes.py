"""Routes of the supplier's price lists, segments, customer terms and price
resolution, for its own users: thin."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.auth.dependencies import AUTH_DEPENDENCIES
from hansa.identity.principal import Principal
from hansa.marketplace.catalog.access import supplier_context
from hansa.marketplace.pricing import service
from hansa.marketplace.pricing.schemas import (
    CustomerTermsIn,
    CustomerTermsOut,
    ItemOut,
    ListKind,
    NewPriceList,
    NewSegment,
    PreviewPage,
    PriceListItems,
    PriceListOut,
    PriceListPage,
    PriceListPatch,
    PriceListSort,
    ResolveOut,
    ResolveRequest,
    SegmentMembers,
    SegmentOut,
)

# a SKU prefix to filter by (SKUs are at most 64 characters)
SkuPrefix = Annotated[str | None, QueryParameter(min_length=1, max_length=64)]


class PricingController(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    tags = ["pricing"]
    dependencies = AUTH_DEPENDENCIES

    @post("/price-lists", summary="Create a price list (base, segment, customer or contract)")
    async def create_price_list(
        self,
        tenant: FromPath[str],
        data: JSONBody[NewPriceList],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        ctx = await supplier_context(resources, principal, tenant, "pricing.write")
        return await service.create_price_list(resources.db, ctx, data)

    @get("/price-lists", summary="Price lists: filter, sort, page")
    async def list_price_lists(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        kind: FromQuery[ListKind | None] = None,
        currency: FromQuery[str | None] = None,
        buyer_org_id: FromQuery[uuid.UUID | None] = None,
        sort: FromQuery[PriceListSort] = "name",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> PriceListPage:
        ctx = await supplier_context(resources, principal, tenant, "pricing.read")
        return await service.list_price_lists(
            resources.db,
            ctx,
            kind=kind,
            currency=currency,
            buyer_org_id=buyer_org_id,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @get("/price-lists/{price_list_id:uuid}", summary="One price list")
    async def get_price_list(
        self,
        tenant: FromPath[str],
        price_list_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        ctx = await supplier_context(resources, principal, tenant, "pricing.read")
        return await service.get_price_list(resources.db, ctx, price_list_id)

    @patch("/price-lists/{price_list_id:uuid}", summary="Change a price list: window, priority, assignment")
    async def update_price_list(
        self,
        tenant: FromPath[str],
        price_list_id: FromPath[uuid.UUID],
        data: JSONBody[PriceListPatch],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        ctx = await supplier_context(resources, principal, tenant, "pricing.write")
        return await service.update_price_list(resources.db, ctx, price_list_id, data)

    @delete("/price-lists/{price_list_id:uuid}", summary="Delete a price list")
    async def delete_price_list(
        self,
        tenant: FromPath[str],
        price_list_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        ctx = await supplier_context(resources, principal, tenant, "pricing.write")
        await service.delete_price_list(resources.db, ctx, price_list_id)

    @put("/price-lists/{price_list_id:uuid}/items", summary="Set SKUs' tiers in a list (no tiers: remove)")
    async def set_items(
        self,
        tenant: FromPath[str],
        price_list_id: FromPath[uuid.UUID],
        data: JSONBody[PriceListItems],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        ctx = await supplier_context(resources, principal, tenant, "pricing.write")
        return await service.set_items(resources.db, ctx, price_list_id, data)

    @get("/price-lists/{price_list_id:uuid}/items", summary="A list's SKUs and tiers")
    async def list_items(
        self,
        tenant: FromPath[str],
        price_list_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        sku: SkuPrefix = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ItemOut]:
        ctx = await supplier_context(resources, principal, tenant, "pricing.read")
        return await service.list_items(resources.db, ctx, price_list_id, sku=sku, limit=limit, offset=offset)

    @post("/segments", summary="Create a buyer segment")
    async def create_segment(
        self,
        tenant: FromPath[str],
        data: JSONBody[NewSegment],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> SegmentOut:
        ctx = await supplier_context(resources, principal, tenant, "pricing.write")
        return await service.create_segment(resources.db, ctx, data)

    @get("/segments", summary="Buyer segments and their members")
    async def list_segments(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> list[SegmentOut]:
        ctx = await supplier_context(resources, principal, tenant, "pricing.read")
        return await service.list_segments(resources.db, ctx)

    @put("/segments/{segment_id:uuid}/members", summary="Set a segment's buyer organisations")
    async def set_members(
        self,
        tenant: FromPath[str],
        segment_id: FromPath[uuid.UUID],
        data: JSONBody[SegmentMembers],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> SegmentOut:
        ctx = await supplier_context(resources, principal, tenant, "pricing.write")
        return await service.set_segment_members(resources.db, ctx, segment_id, data)

    @delete("/segments/{segment_id:uuid}", summary="Delete a segment no price list uses")
    async def delete_segment(
        self,
        tenant: FromPath[str],
        segment_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        ctx = await supplier_context(resources, principal, tenant, "pricing.write")
        await service.delete_segment(resources.db, ctx, segment_id)

    @get("/customer-terms", summary="Payment terms and credit limits per buyer")
    async def list_terms(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[CustomerTermsOut]:
        ctx = await supplier_context(resources, principal, tenant, "customers.read")
        items, total = await service.list_terms(resources.db, ctx, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)

    @put("/customer-terms/{buyer_org_id:uuid}", summary="Set a buyer's payment terms and credit limit")
    async def put_terms(
        self,
        tenant: FromPath[str],
        buyer_org_id: FromPath[uuid.UUID],
        data: JSONBody[CustomerTermsIn],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> CustomerTermsOut:
        ctx = await supplier_context(resources, principal, tenant, "customers.manage")
        return await service.put_terms(resources.db, ctx, buyer_org_id, data)

    @delete("/customer-terms/{buyer_org_id:uuid}", summary="Remove a buyer's terms")
    async def delete_terms(
        self,
        tenant: FromPath[str],
        buyer_org_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        ctx = await supplier_context(resources, principal, tenant, "customers.manage")
        await service.delete_terms(resources.db, ctx, buyer_org_id)

    @post("/prices/resolve", summary="Resolve prices of (SKU, quantity) lines for a buyer", status_code=200)
    async def resolve(
        self,
        tenant: FromPath[str],
        data: JSONBody[ResolveRequest],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> ResolveOut:
        ctx = await supplier_context(resources, principal, tenant, "pricing.read")
        return await service.resolve(resources.db, ctx, data)

    @get("/prices/preview", summary="The catalog priced as one buyer gets it (list and tier per SKU)")
    async def preview(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        buyer_org_id: FromQuery[uuid.UUID],
        sku: SkuPrefix = None,
        at: FromQuery[date | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> PreviewPage:
        ctx = await supplier_context(resources, principal, tenant, "pricing.read")
        return await service.preview(
            resources.db, ctx, buyer_org_id, sku=sku, at=at, limit=limit, offset=offset
        )
