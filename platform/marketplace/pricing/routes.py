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
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, SupplierContext, needs
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
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @post(
        "/price-lists",
        summary="Create a price list (base, segment, customer or contract)",
        opt=needs("pricing.write"),
    )
    async def create_price_list(
        self,
        data: JSONBody[NewPriceList],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        return await service.create_price_list(resources.db, ctx, data)

    @get("/price-lists", summary="Price lists: filter, sort, page", opt=needs("pricing.read"))
    async def list_price_lists(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        kind: FromQuery[ListKind | None] = None,
        currency: FromQuery[str | None] = None,
        buyer_org_id: FromQuery[uuid.UUID | None] = None,
        sort: FromQuery[PriceListSort] = "name",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> PriceListPage:
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

    @get("/price-lists/{price_list_id:uuid}", summary="One price list", opt=needs("pricing.read"))
    async def get_price_list(
        self,
        price_list_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        return await service.get_price_list(resources.db, ctx, price_list_id)

    @patch(
        "/price-lists/{price_list_id:uuid}",
        summary="Change a price list: window, priority, assignment",
        opt=needs("pricing.write"),
    )
    async def update_price_list(
        self,
        price_list_id: FromPath[uuid.UUID],
        data: JSONBody[PriceListPatch],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        return await service.update_price_list(resources.db, ctx, price_list_id, data)

    @delete("/price-lists/{price_list_id:uuid}", summary="Delete a price list", opt=needs("pricing.write"))
    async def delete_price_list(
        self,
        price_list_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_price_list(resources.db, ctx, price_list_id)

    @put(
        "/price-lists/{price_list_id:uuid}/items",
        summary="Set SKUs' tiers in a list (no tiers: remove)",
        opt=needs("pricing.write"),
    )
    async def set_items(
        self,
        price_list_id: FromPath[uuid.UUID],
        data: JSONBody[PriceListItems],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> PriceListOut:
        return await service.set_items(resources.db, ctx, price_list_id, data)

    @get(
        "/price-lists/{price_list_id:uuid}/items",
        summary="A list's SKUs and tiers",
        opt=needs("pricing.read"),
    )
    async def list_items(
        self,
        price_list_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        sku: SkuPrefix = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ItemOut]:
        return await service.list_items(resources.db, ctx, price_list_id, sku=sku, limit=limit, offset=offset)

    @post("/segments", summary="Create a buyer segment", opt=needs("pricing.write"))
    async def create_segment(
        self,
        data: JSONBody[NewSegment],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> SegmentOut:
        return await service.create_segment(resources.db, ctx, data)

    @get("/segments", summary="Buyer segments and their members", opt=needs("pricing.read"))
    async def list_segments(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> list[SegmentOut]:
        return await service.list_segments(resources.db, ctx)

    @put(
        "/segments/{segment_id:uuid}/members",
        summary="Set a segment's buyer organisations",
        opt=needs("pricing.write"),
    )
    async def set_members(
        self,
        segment_id: FromPath[uuid.UUID],
        data: JSONBody[SegmentMembers],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> SegmentOut:
        return await service.set_segment_members(resources.db, ctx, segment_id, data)

    @delete(
        "/segments/{segment_id:uuid}",
        summary="Delete a segment no price list uses",
        opt=needs("pricing.write"),
    )
    async def delete_segment(
        self,
        segment_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_segment(resources.db, ctx, segment_id)

    @get("/customer-terms", summary="Payment terms and credit limits per buyer", opt=needs("customers.read"))
    async def list_terms(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[CustomerTermsOut]:
        items, total = await service.list_terms(resources.db, ctx, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)

    @put(
        "/customer-terms/{buyer_org_id:uuid}",
        summary="Set a buyer's payment terms and credit limit",
        opt=needs("customers.manage"),
    )
    async def put_terms(
        self,
        buyer_org_id: FromPath[uuid.UUID],
        data: JSONBody[CustomerTermsIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> CustomerTermsOut:
        return await service.put_terms(resources.db, ctx, buyer_org_id, data)

    @delete(
        "/customer-terms/{buyer_org_id:uuid}", summary="Remove a buyer's terms", opt=needs("customers.manage")
    )
    async def delete_terms(
        self,
        buyer_org_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_terms(resources.db, ctx, buyer_org_id)

    @post(
        "/prices/resolve",
        summary="Resolve prices of (SKU, quantity) lines for a buyer",
        status_code=200,
        opt=needs("pricing.read"),
    )
    async def resolve(
        self,
        data: JSONBody[ResolveRequest],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> ResolveOut:
        return await service.resolve(resources.db, ctx, data)

    @get(
        "/prices/preview",
        summary="The catalog priced as one buyer gets it (list and tier per SKU)",
        opt=needs("pricing.read"),
    )
    async def preview(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        buyer_org_id: FromQuery[uuid.UUID],
        sku: SkuPrefix = None,
        at: FromQuery[date | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> PreviewPage:
        return await service.preview(
            resources.db, ctx, buyer_org_id, sku=sku, at=at, limit=limit, offset=offset
        )
