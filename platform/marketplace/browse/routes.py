"""Buyer browsing routes: no sign-in needed; prices for callers acting for a buyer.

The marketplace listing and category pages read the search index (``…/search``, hansa.search).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter

from hansa.core.resources import Resources
from hansa.identity.context import (
    AS_VIEWER_IN_ONE_TRANSACTION,
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    ONE_TRANSACTION,
    ViewerInTransaction,
)
from hansa.marketplace.browse import service
from hansa.marketplace.browse.schemas import PublicProduct


class BrowseController(Controller):
    path = "/api/v1"
    tags = ["browse"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

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
