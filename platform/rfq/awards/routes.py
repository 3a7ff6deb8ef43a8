"""Routes of rfq.awards: the buyer's comparison and award, the supplier's view of its award.
Thin: the rules are in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from hansa.core.idempotency import HEADER, check_key
from hansa.core.resources import Resources
from hansa.identity.context import (
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    OrgContext,
    SupplierContext,
    needs,
    org_needs,
)
from hansa.rfq.awards import service
from hansa.rfq.awards.schemas import AwardIn, AwardOut, ComparisonOut, MappingsIn, SupplierAwardOut


class BuyerAwardController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/rfqs/{rfq_id:uuid}"
    tags = ["rfq"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/comparison",
        summary="The latest quotes side by side: lines x suppliers, lowest and fastest marked",
        description="409 rfq.sealed for a sealed RFQ before its deadline.",
        opt=org_needs("rfq.read"),
    )
    async def comparison(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ComparisonOut:
        return await service.comparison(resources.db, ctx, rfq_id)

    @post(
        "/award",
        summary="Award lines (split between suppliers) into orders and contract price lists",
        description=(
            "One award per RFQ (409 rfq.already_awarded); Idempotency-Key: a retry answers the same "
            "award. The answer shows each supplier's order (number, status, or why it waits or failed) "
            "and contract list."
        ),
        opt=org_needs("rfq.award"),
    )
    async def award(
        self,
        rfq_id: FromPath[uuid.UUID],
        data: JSONBody[AwardIn],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> Response[AwardOut]:
        key = check_key(request.headers.get(HEADER))
        answer, replayed = await service.award(resources.db, ctx, rfq_id, data, key)
        headers = {"Idempotency-Replayed": "true"} if replayed else {}
        return Response(answer, status_code=201, headers=headers)

    @get(
        "/award",
        summary="The RFQ's award: lines, each supplier's order and contract list",
        opt=org_needs("rfq.read"),
    )
    async def get_award(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> AwardOut:
        return await service.get_award(resources.db, ctx, rfq_id)


class SupplierAwardController(Controller):
    path = "/api/v1/suppliers/{tenant:str}/rfqs/{rfq_id:uuid}/award"
    tags = ["rfq"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("", summary="The lines awarded to this supplier and its contract list", opt=needs("quotes.read"))
    async def supplier_award(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> SupplierAwardOut:
        return await service.supplier_award(resources.db, ctx, rfq_id)

    @post(
        "",
        summary="Map awarded text lines to SKUs of the catalog; the contract list is then written",
        opt=needs("quotes.write"),
        status_code=200,
    )
    async def map_lines(
        self,
        rfq_id: FromPath[uuid.UUID],
        data: JSONBody[MappingsIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> SupplierAwardOut:
        return await service.map_lines(resources.db, ctx, rfq_id, data)
