"""Routes of rfq.quotes: the supplier's draft, sending, approval, decline and withdraw,
revisions, counters and thread under its tenant; the buyer's quotes, counters and thread
under its company. Thin: the rules are in service.py."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

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
from hansa.rfq.quotes import service
from hansa.rfq.quotes.schemas import (
    CounterIn,
    CounterOut,
    DraftIn,
    DraftOut,
    MessageIn,
    MessageOut,
    MessagePage,
    PolicyIn,
    PolicyOut,
    QuotesOut,
    ReasonIn,
    RevisionOut,
    SendIn,
    SupplierQuotes,
)

PageLimit = Annotated[int, Parameter(ge=1, le=service.MAX_PAGE)]


class SupplierQuotesController(Controller):
    path = "/api/v1/suppliers/{tenant:str}/rfqs/{rfq_id:uuid}"
    tags = ["rfq"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/draft",
        summary="The open quote draft (a copy of the last revision when none)",
        opt=needs("quotes.read"),
    )
    async def get_draft(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> DraftOut:
        return await service.get_draft(resources.db, ctx, rfq_id)

    @put(
        "/draft",
        summary="Save the quote draft (the whole draft: terms and per line answers)",
        description="422 names the field: `currency` (not the RFQ's), `valid_until`, `lines[i].line_id`.",
        opt=needs("quotes.write"),
    )
    async def save_draft(
        self,
        rfq_id: FromPath[uuid.UUID],
        data: JSONBody[DraftIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> DraftOut:
        return await service.save_draft(resources.db, ctx, rfq_id, data)

    @post(
        "/draft/send",
        summary="Send the draft as the next revision, with its quote files (Idempotency-Key)",
        description=(
            "409 rfq.deadline_passed after the deadline, 409 rfq.approval_needed above the approval "
            "limit, 422 naming each unanswered line. A repeat answers the same revision."
        ),
        status_code=201,
        opt=needs("quotes.write"),
    )
    async def send(
        self,
        rfq_id: FromPath[uuid.UUID],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        data: JSONBody[SendIn | None] = None,
    ) -> RevisionOut:
        return await service.send(
            resources.db, ctx, rfq_id, data or SendIn(), key=check_key(request.headers.get(HEADER))
        )

    @post(
        "/draft/request-approval",
        summary="Ask the owners and admins to approve the draft",
        status_code=200,
        opt=needs("quotes.write"),
    )
    async def request_approval(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> DraftOut:
        return await service.request_approval(resources.db, ctx, rfq_id)

    @post(
        "/draft/approve",
        summary="Approve the draft at its current total (not one's own last edit, unless owner)",
        status_code=200,
        opt=needs("quotes.approve"),
    )
    async def approve(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> DraftOut:
        return await service.approve(resources.db, ctx, rfq_id)

    @post(
        "/decline",
        summary="Decline the invitation, with a reason",
        status_code=200,
        opt=needs("quotes.write"),
    )
    async def decline(
        self,
        rfq_id: FromPath[uuid.UUID],
        data: JSONBody[ReasonIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> SupplierQuotes:
        return await service.decline(resources.db, ctx, rfq_id, data.reason)

    @post(
        "/withdraw",
        summary="Withdraw the sent quote, with a reason",
        status_code=200,
        opt=needs("quotes.write"),
    )
    async def withdraw(
        self,
        rfq_id: FromPath[uuid.UUID],
        data: JSONBody[ReasonIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> SupplierQuotes:
        return await service.withdraw(resources.db, ctx, rfq_id, data.reason)

    @get("/revisions", summary="Its sent revisions with diffs, and the counters", opt=needs("quotes.read"))
    async def revisions(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> SupplierQuotes:
        return await service.supplier_revisions(resources.db, ctx, rfq_id)

    @get("/counters", summary="The buyer's counter-offers, newest first", opt=needs("quotes.read"))
    async def counters(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> list[CounterOut]:
        return await service.supplier_counters(resources.db, ctx, rfq_id)

    @get(
        "/messages", summary="The thread with the buyer, newest first, cursor pages", opt=needs("quotes.read")
    )
    async def messages(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        cursor: FromQuery[uuid.UUID | None] = None,
        limit: FromQuery[PageLimit] = 50,
    ) -> MessagePage:
        return await service.supplier_messages(resources.db, ctx, rfq_id, cursor=cursor, limit=limit)

    @post("/messages", summary="Write to the buyer", status_code=201, opt=needs("quotes.write"))
    async def post_message(
        self,
        rfq_id: FromPath[uuid.UUID],
        data: JSONBody[MessageIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> MessageOut:
        return await service.supplier_post(resources.db, ctx, rfq_id, data)


class QuotePolicyController(Controller):
    path = "/api/v1/suppliers/{tenant:str}/quote-policy"
    tags = ["rfq"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("", summary="The quote approval limit", opt=needs("quotes.read"))
    async def get_policy(
        self, ctx: NamedDependency[SupplierContext], resources: NamedDependency[Resources]
    ) -> PolicyOut:
        return await service.get_policy(resources.db, ctx)

    @put("", summary="Set the quote approval limit (owners and admins)", opt=needs("quotes.approve"))
    async def set_policy(
        self,
        data: JSONBody[PolicyIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> PolicyOut:
        return await service.set_policy(resources.db, ctx, data)


class BuyerQuotesController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/rfqs/{rfq_id:uuid}/quotes"
    tags = ["rfq"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "",
        summary="Per invited supplier: status, latest revision and total (none while sealed)",
        opt=org_needs("rfq.read"),
    )
    async def quotes(
        self,
        rfq_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> QuotesOut:
        return await service.buyer_quotes(resources.db, ctx, rfq_id)

    @get(
        "/{tenant_id:uuid}",
        summary="One supplier's revisions with diffs, and the counters",
        description="409 rfq.sealed while a sealed RFQ is before its deadline.",
        opt=org_needs("rfq.read"),
    )
    async def quote(
        self,
        rfq_id: FromPath[uuid.UUID],
        tenant_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> SupplierQuotes:
        return await service.buyer_quote(resources.db, ctx, rfq_id, tenant_id)

    @post(
        "/{tenant_id:uuid}/counter",
        summary="Counter the supplier's quote per line (target price, quantity, date, comment)",
        status_code=200,
        opt=org_needs("rfq.create"),
    )
    async def counter(
        self,
        rfq_id: FromPath[uuid.UUID],
        tenant_id: FromPath[uuid.UUID],
        data: JSONBody[CounterIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> SupplierQuotes:
        return await service.counter(resources.db, ctx, rfq_id, tenant_id, data)

    @get(
        "/{tenant_id:uuid}/messages",
        summary="The thread with one supplier, newest first",
        opt=org_needs("rfq.read"),
    )
    async def messages(
        self,
        rfq_id: FromPath[uuid.UUID],
        tenant_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        cursor: FromQuery[uuid.UUID | None] = None,
        limit: FromQuery[PageLimit] = 50,
    ) -> MessagePage:
        return await service.buyer_messages(resources.db, ctx, rfq_id, tenant_id, cursor=cursor, limit=limit)

    @post(
        "/{tenant_id:uuid}/messages",
        summary="Write to the supplier",
        status_code=201,
        opt=org_needs("rfq.create"),
    )
    async def post_message(
        self,
        rfq_id: FromPath[uuid.UUID],
        tenant_id: FromPath[uuid.UUID],
        data: JSONBody[MessageIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> MessageOut:
        return await service.buyer_post(resources.db, ctx, rfq_id, tenant_id, data)
