"""Buyer browsing routes: no sign-in needed; prices for callers acting for a buyer."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, Parameter

from hansa.core.filters import SearchText
from hansa.core.pagination import Offset
from hansa.core.resources import Resources
from hansa.identity.context import (
    AS_VIEWER,
    AS_VIEWER_IN_ONE_TRANSACTION,
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    ONE_TRANSACTION,
    BuyerContext,
    ViewerInTransaction,
)
from hansa.marketplace.browse import service
from hansa.marketplace.browse.schemas import BrowsePage, BrowseSort, PublicProduct


class BrowseController(Controller):
    path = "/api/v1"
    tags = ["browse"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/marketplaces/{slug:str}/products",
        summary="Published products of the marketplace's suppliers",
        opt=AS_VIEWER,
    )
    async def browse(
        self,
        slug: FromPath[str],
        ctx: NamedDependency[BuyerContext],
        resources: NamedDependency[Resources],
        category: FromQuery[uuid.UUID | None] = None,
        supplier: FromQuery[str | None] = None,
        q: SearchText = None,
        in_stock: FromQuery[bool] = False,
        sort: FromQuery[BrowseSort] = "name",
        limit: Annotated[int, Parameter(ge=1, le=100)] = 24,
        offset: Offset = 0,
    ) -> BrowsePage:
        return await service.browse(
            resources,
            ctx,
            slug,
            category_id=category,
            supplier=supplier,
            search=q or None,
            in_stock=in_stock,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @get(
        "/suppliers/{tenant:str}/products/{product_id:uuid}/public",
        summary="A product page for buyers",
        opt=AS_VIEWER_IN_ONE_TRANSACTION,
        dependencies=ONE_TRANSACTION,
    )
    async def product(
        self,
        product_id: FromPath[uuid.UUID],
        ctx: NamedDependency[ViewerInTransaction],
        resources: NamedDependency[Resources],
        marketplace: Annotated[
            str | None,
            Parameter(
                max_length=100,
                description="a marketplace slug: 404 unless that marketplace shows the product",
            ),
        ] = None,
    ) -> PublicProduct:
        return await service.product_page(ctx.tx, resources, ctx.viewer, product_id, marketplace=marketplace)
