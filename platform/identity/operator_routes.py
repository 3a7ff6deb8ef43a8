"""The operator console's API: tenants (approve, suspend, reactivate) and the
whole audit trail. Every route needs a role in the ``platform`` organisation."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from hansa.audit.schemas import AuditPage
from hansa.audit.service import list_entries
from hansa.core.filters import SearchText
from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OperatorContext, operator_needs
from hansa.tenants import service as tenants
from hansa.tenants.schemas import TenantOut, TenantStatus


class StatusReason(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=500)] | None = None


async def _change(
    resources: Resources,
    ctx: OperatorContext,
    tenant_id: uuid.UUID,
    decision: tenants.Decision,
    reason: str | None,
) -> TenantOut:
    return await tenants.decide(
        resources.db,
        resources.redis,
        tenant_id,
        decision,
        actor=ctx.principal.actor,
        reason=reason,
        request_id=ctx.principal.request_id,
    )


class OperatorController(Controller):
    path = "/api/v1/operator"
    tags = ["operator"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/tenants",
        summary="Tenants, filtered by status and searched by name or slug",
        opt=operator_needs("tenants.read"),
    )
    async def list_tenants(
        self,
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
        status: FromQuery[TenantStatus | None] = None,
        search: Annotated[str | None, Parameter(max_length=100)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[TenantOut]:
        items, total = await tenants.list_tenants(
            resources.db, status=status, search=search, limit=limit, offset=offset
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @post(
        "/tenants/{tenant_id:uuid}/approve",
        summary="Approve a pending supplier",
        status_code=200,
        opt=operator_needs("tenants.manage"),
    )
    async def approve(
        self,
        tenant_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> TenantOut:
        return await _change(resources, ctx, tenant_id, "approved", None)

    @post(
        "/tenants/{tenant_id:uuid}/reject",
        summary="Reject a pending supplier (archived, with the reason mailed to its owners)",
        status_code=200,
        opt=operator_needs("tenants.manage"),
    )
    async def reject(
        self,
        tenant_id: FromPath[uuid.UUID],
        data: JSONBody[StatusReason],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> TenantOut:
        return await _change(resources, ctx, tenant_id, "rejected", data.reason)

    @post(
        "/tenants/{tenant_id:uuid}/suspend",
        summary="Suspend a supplier",
        status_code=200,
        opt=operator_needs("tenants.manage"),
    )
    async def suspend(
        self,
        tenant_id: FromPath[uuid.UUID],
        data: JSONBody[StatusReason],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> TenantOut:
        return await _change(resources, ctx, tenant_id, "suspended", data.reason)

    @post(
        "/tenants/{tenant_id:uuid}/reactivate",
        summary="Reactivate a suspended supplier",
        status_code=200,
        opt=operator_needs("tenants.manage"),
    )
    async def reactivate(
        self,
        tenant_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
    ) -> TenantOut:
        return await _change(resources, ctx, tenant_id, "reactivated", None)

    @get(
        "/audit",
        summary="The whole audit trail, newest first, with filters",
        opt=operator_needs("audit.read_all"),
    )
    async def audit(
        self,
        ctx: NamedDependency[OperatorContext],
        resources: NamedDependency[Resources],
        org: FromQuery[str | None] = None,
        action: SearchText = None,
        actor_id: FromQuery[str | None] = None,
        target_type: FromQuery[str | None] = None,
        target_id: FromQuery[str | None] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        cursor: FromQuery[int | None] = None,
        limit: Limit = 50,
    ) -> AuditPage:
        async with resources.db.transaction() as tx:
            return await list_entries(
                tx,
                org=org,
                action=action,
                actor_id=actor_id,
                target_type=target_type,
                target_id=target_id,
                since=since,
                until=until,
                cursor=cursor,
                limit=limit,
            )
