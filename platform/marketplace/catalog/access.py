"""The supplier's own users reach its catalog and prices at /api/v1/suppliers/{slug}/...

``supplier_context`` resolves the slug, checks the caller with the organisation
access helper (another organisation: 404; a role without the action: 403;
suspended: 403 to its members) and returns the tenant context to work in.
"""

from __future__ import annotations

from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext
from hansa.identity.orgs.service import access
from hansa.identity.principal import Principal
from hansa.tenants import service as tenants
from hansa.tenants.errors import TenantSuspended


async def supplier_context(res: Resources, principal: Principal, slug: str, action: str) -> TenantContext:
    try:
        tenant = await tenants.resolve_tenant(res.db, res.redis, slug)
    except TenantSuspended:
        tenant = await tenants.get_tenant(res.db, slug)  # access() answers: 404 or 403
    target = await access(res, principal, tenant.id, action)
    return TenantContext.for_tenant(
        tenant.id, actor=principal.actor, org=target.domain, request_id=principal.request_id
    )
