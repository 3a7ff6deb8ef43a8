"""Routes of the tenants domain: thin, the rules live in service.py."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from hansa.core.logging import request_id_var
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.tenants import service
from hansa.tenants.errors import TenantNotFound, TenantSuspended
from hansa.tenants.schemas import SupplierProfileOut, TenantOut


async def provide_tenant(tenant: FromPath[str], resources: NamedDependency[Resources]) -> TenantOut:
    """The tenant named in the path, loaded before any handler runs: for buyers and
    visitors a supplier that is unknown, archived or suspended does not exist (404);
    its own users reach it through /api/v1/orgs, where suspension answers 403."""
    try:
        return await service.resolve_tenant(resources.db, resources.redis, tenant)
    except TenantSuspended as exc:
        raise TenantNotFound(f"no tenant {tenant!r}") from exc


async def provide_tenant_context(tenant_row: NamedDependency[TenantOut]) -> TenantContext:
    return TenantContext.for_tenant(
        tenant_row.id, org=f"tenant:{tenant_row.id}", request_id=request_id_var.get()
    )


class SupplierController(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    tags = ["suppliers"]
    dependencies = {
        "tenant_row": Provide(provide_tenant),
        "ctx": Provide(provide_tenant_context),
    }

    @get("/profile", summary="A supplier's public profile")
    async def profile(
        self,
        tenant_row: NamedDependency[TenantOut],
        ctx: NamedDependency[TenantContext],
        resources: NamedDependency[Resources],
    ) -> SupplierProfileOut:
        if tenant_row.status != "active":  # not approved yet: not public
            raise TenantNotFound(f"no tenant {tenant_row.slug!r}")
        async with tenant_transaction(resources.db, ctx) as tx:
            return await service.get_profile(tx)
