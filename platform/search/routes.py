"""Search routes: thin. Buyers and visitors search a marketplace; operators keep its synonyms."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from hansa.core.resources import Resources
from hansa.identity.context import (
    AS_VIEWER,
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    BuyerContext,
    OperatorContext,
    operator_needs,
)
from hansa.search import service
from hansa.search.schemas import SearchPage, Suggestions, SynonymsIn, SynonymsOut

_Q = Parameter(
    max_length=200,
    description="Free text: every word must match (accents and case ignored), the last as a prefix; "
    "200 characters at most.",
)
_FILTERS = Parameter(
    description="A JSON object: a facet key to a list of values (any of them), e.g. "
    '{"attr.material": ["A2"], "supplier": ["acme"], "category": ["<id>"]}; a range key '
    '(price, lead_time_days, attr.<code>) to {"min": n, "max": n}. Keys combine with AND.'
)
_CURSOR = Parameter(description="next_cursor of the previous page of the same query")


class SearchController(Controller):
    path = "/api/v1"
    tags = ["search"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("/marketplaces/{slug:str}/search", summary="Search the marketplace's products", opt=AS_VIEWER)
    async def search(
        self,
        slug: FromPath[str],
        ctx: NamedDependency[BuyerContext],
        resources: NamedDependency[Resources],
        q: Annotated[str | None, _Q] = None,
        filters: Annotated[str | None, _FILTERS] = None,
        sort: Annotated[
            str,
            Parameter(
                description="relevance, name, -name, newest, price, -price (buyers), lead_time",
                schema_extra={
                    "enum": ["relevance", "name", "-name", "newest", "price", "-price", "lead_time"]
                },
            ),
        ] = "relevance",
        cursor: Annotated[str | None, _CURSOR] = None,
        in_stock: FromQuery[bool] = False,
        limit: Annotated[int, Parameter(ge=1, le=100, description="1 to 100")] = 24,
    ) -> SearchPage:
        return await service.search(
            resources,
            ctx,
            slug,
            q=q,
            filters=filters,
            sort=sort,
            cursor=cursor,
            limit=limit,
            in_stock=in_stock,
        )

    @get(
        "/marketplaces/{slug:str}/suggest",
        summary="Type-ahead: products, categories and suppliers",
        opt=AS_VIEWER,
    )
    async def suggest(
        self,
        slug: FromPath[str],
        ctx: NamedDependency[BuyerContext],
        resources: NamedDependency[Resources],
        q: Annotated[str | None, _Q] = None,
    ) -> Suggestions:
        return await service.suggest(resources, ctx, slug, q=q)


class SearchOperatorController(Controller):
    path = "/api/v1/operator"
    tags = ["operator: marketplaces"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/marketplaces/{marketplace_id:uuid}/synonyms",
        summary="The marketplace's search synonyms",
        opt=operator_needs("marketplaces.read"),
    )
    async def synonyms(
        self,
        marketplace_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> SynonymsOut:
        return await service.get_synonyms(resources, ctx, marketplace_id)

    @put(
        "/marketplaces/{marketplace_id:uuid}/synonyms",
        summary="Replace the marketplace's search synonyms (each group's terms mean the same)",
        opt=operator_needs("marketplaces.manage"),
    )
    async def set_synonyms(
        self,
        marketplace_id: FromPath[uuid.UUID],
        data: JSONBody[SynonymsIn],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> SynonymsOut:
        return await service.set_synonyms(resources, ctx, marketplace_id, data.groups)
