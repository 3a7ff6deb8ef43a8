"""Routes of approvals under a buyer company's organisation: its settings (limits and
rules, ``approvals.manage``) and the approvers' queue (``orders.approve``). Thin."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from hansa.core.pagination import Limit
from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OrgContext, org_needs
from hansa.marketplace.approvals import service
from hansa.marketplace.approvals.schemas import (
    ApprovalRuleOut,
    ApprovalSettingsOut,
    MemberLimits,
    MemberLimitsOut,
    NewApprovalRule,
    PurchaseRequestOut,
    PurchaseRequestPage,
    Rejection,
    RequestStatus,
)


class ApprovalSettingsController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/approval-settings"
    tags = ["approvals"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("", summary="The company's spending limits and approval rules", opt=org_needs("approvals.manage"))
    async def get_settings(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> ApprovalSettingsOut:
        return await service.settings(resources.db, ctx)

    @put(
        "/limits/{user_id:uuid}",
        summary="Set a member's spending limits",
        description="Replaces the member's limits: per currency, per order and per calendar month "
        "(UTC); a limit left empty is no limit; an empty list removes them all.",
        opt=org_needs("approvals.manage"),
    )
    async def set_limits(
        self,
        user_id: FromPath[uuid.UUID],
        data: JSONBody[MemberLimits],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> MemberLimitsOut:
        return await service.set_limits(resources.db, ctx, user_id, data)

    @post("/rules", summary="Add an approval rule", opt=org_needs("approvals.manage"))
    async def create_rule(
        self,
        data: JSONBody[NewApprovalRule],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ApprovalRuleOut:
        return await service.create_rule(resources.db, ctx, data)

    @get("/rules/{rule_id:uuid}", summary="One approval rule", opt=org_needs("approvals.manage"))
    async def get_rule(
        self,
        rule_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ApprovalRuleOut:
        return await service.get_rule(resources.db, ctx, rule_id)

    @put("/rules/{rule_id:uuid}", summary="Replace an approval rule", opt=org_needs("approvals.manage"))
    async def replace_rule(
        self,
        rule_id: FromPath[uuid.UUID],
        data: JSONBody[NewApprovalRule],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ApprovalRuleOut:
        return await service.replace_rule(resources.db, ctx, rule_id, data)

    @delete("/rules/{rule_id:uuid}", summary="Delete an approval rule", opt=org_needs("approvals.manage"))
    async def delete_rule(
        self,
        rule_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_rule(resources.db, ctx, rule_id)


class ApprovalQueueController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/approvals"
    tags = ["approvals"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "",
        summary="Purchase requests: the ones waiting for the caller, or the company's by status",
        description="``pending`` (the default): the requests waiting at a level the caller's role may "
        "approve. Another status: the company's requests in it. Newest first; ``cursor`` is the "
        "previous page's ``next_cursor``.",
        opt=org_needs("orders.approve"),
    )
    async def queue(
        self,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        status: FromQuery[RequestStatus] = "pending",
        cursor: FromQuery[str | None] = None,
        limit: Limit = 50,
    ) -> PurchaseRequestPage:
        return await service.queue(resources.db, ctx, status=status, cursor=cursor, limit=limit)

    @get("/{request_id:uuid}", summary="One purchase request", opt=org_needs("orders.approve"))
    async def get_request(
        self,
        request_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> PurchaseRequestOut:
        return await service.get_request(resources.db, ctx, request_id)

    @post(
        "/{request_id:uuid}/approve",
        summary="Approve the level the request waits at",
        status_code=200,
        opt=org_needs("orders.approve"),
    )
    async def approve(
        self,
        request_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> PurchaseRequestOut:
        return await service.approve(resources.db, ctx, request_id)

    @post(
        "/{request_id:uuid}/reject",
        summary="Reject the request, with a reason (it ends there)",
        status_code=200,
        opt=org_needs("orders.approve"),
    )
    async def reject(
        self,
        request_id: FromPath[uuid.UUID],
        data: JSONBody[Rejection],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> PurchaseRequestOut:
        return await service.reject(resources.db, ctx, request_id, data.reason)
