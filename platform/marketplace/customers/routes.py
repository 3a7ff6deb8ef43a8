"""Routes of the buyer directory and the supplier's customers, for its own users: thin."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, Parameter

from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, SupplierContext, needs
from hansa.marketplace.customers import service
from hansa.marketplace.customers.schemas import BuyerDirectoryOut, BuyerNamesOut, CustomerOut, CustomerSort

DirectoryQuery = Annotated[str, Parameter(min_length=2, max_length=100)]
DirectoryLimit = Annotated[int, Parameter(ge=1, le=50)]
BuyerIds = Annotated[list[uuid.UUID], Parameter(min_items=1, max_items=200)]
CustomerQuery = Annotated[str | None, Parameter(max_length=100)]


class CustomersController(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    tags = ["customers"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/buyer-directory",
        summary="Find active buyer companies by name (approved suppliers)",
        opt=needs("customers.read"),
    )
    async def search_buyers(
        self,
        q: FromQuery[DirectoryQuery],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        limit: FromQuery[DirectoryLimit] = 20,
    ) -> BuyerDirectoryOut:
        return await service.search_buyers(resources.db, ctx, q, limit)

    @get(
        "/buyer-directory/names",
        summary="Names of buyer companies by id (ids=…&ids=…)",
        opt=needs("customers.read"),
    )
    async def buyer_names(
        self,
        ids: FromQuery[BuyerIds],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> BuyerNamesOut:
        return await service.buyer_names(resources.db, ctx, ids)

    @get(
        "/customers",
        summary="Buyer companies this supplier references, with terms, segments, lists",
        opt=needs("customers.read"),
    )
    async def list_customers(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        q: FromQuery[CustomerQuery] = None,
        sort: FromQuery[CustomerSort] = "name",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[CustomerOut]:
        return await service.list_customers(resources.db, ctx, q=q, sort=sort, limit=limit, offset=offset)
