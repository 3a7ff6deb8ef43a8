"""Routes of rfq.awards: the buyer's comparison and award, the supplier's view of its award.
Thin: the rules are in service.py."""

from __future__ import annotations

import uuid

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OrgContext, org_needs
from hansa.rfq.awards import service
from hansa.rfq.awards.schemas import ComparisonOut


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
