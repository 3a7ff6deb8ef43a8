"""Routes of the buyer directory and the supplier's customers, for its own users: thin."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, Parameter

from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.auth.dependencies import AUTH_DEPENDENCIES
from hansa.identity.principal import Principal
from hansa.marketplace.catalog.access import supplier_context
from hansa.marketplace.customers import service
from hansa.marketplace.customers.schemas import BuyerDirectoryOut, BuyerNamesOut, CustomerOut, CustomerSort

DirectoryQuery = Annotated[str, Parameter(min_length=2, max_length=100)]
DirectoryLimit = Annotated[int, Parameter(ge=1, le=50)]
BuyerIds = Annotated[list[uuid.UUID], Parameter(min_items=1, max_items=200)]
CustomerQuery = Annotated[str | None, Parameter(max_length=100)]


class CustomersController(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    tags = ["customers"]
    dependencies = AUTH_DEPENDENCIES

    @get("/buyer-directory", summary="Find active buyer companies by name (approved suppliers)")
    async def search_buyers(
        self,
        tenant: FromPath[str],
        q: FromQuery[DirectoryQuery],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        limit: FromQuery[DirectoryLimit] = 20,
    ) -> BuyerDirectoryOut:
        ctx = await supplier_context(resources, principal, tenant, "customers.read")
        return await service.search_buyers(resources.db, ctx, q, limit)

    @get("/buyer-directory/names", summary="Names of buyer companies by id (ids=…&ids=…)")
    async def buyer_names(
        self,
        tenant: FromPath[str],
        ids: FromQuery[BuyerIds],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> BuyerNamesOut:
        ctx = await supplier_context(resources, principal, tenant, "customers.read")
        return await service.buyer_names(resources.db, ctx, ids)

    @get("/customers", summary="Buyer companies this supplier references, with terms, segments, lists")
    async def list_customers(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        q: FromQuery[CustomerQuery] = None,
        sort: FromQuery[CustomerSort] = "name",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[CustomerOut]:
        ctx = await supplier_context(resources, principal, tenant, "customers.read")
        return await service.list_customers(resources.db, ctx, q=q, sort=sort, limit=limit, offset=offset)
