"""Who is looking at the public catalog, and which suppliers may be looked at.

Shared by buyer browsing and media downloads. Nothing here raises 403: what a
caller may not see answers 404, so ids leak nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from hansa.core.db import Tx
from hansa.core.errors import HansaError, NotFound
from hansa.core.resources import Resources
from hansa.identity.orgs.service import access
from hansa.identity.principal import Principal
from hansa.tenants import service as tenants
from hansa.tenants.schemas import TenantOut


class SupplierNotFound(NotFound):
    default_code = "browse.supplier_not_found"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller of a public route: anonymous, signed in, maybe acting for a buyer."""

    principal: Principal | None
    buyer_org_id: uuid.UUID | None  # the active organisation, when it is a buyer the caller belongs to

    @property
    def signed_in(self) -> bool:
        return self.principal is not None


async def viewer_of(res: Resources, principal: Principal | None) -> Viewer:
    """A buyer is a caller whose active organisation (a key's own) is an active buyer
    company it still belongs to (checked through the authorizer)."""
    if principal is None or principal.org_id is None:
        return Viewer(principal, None)
    try:
        target = await access(res, principal, principal.org_id, "catalog.read")
    except HansaError:  # not a member any more, suspended, or no catalog.read there
        return Viewer(principal, None)
    return Viewer(principal, target.org.id if target.org.kind == "buyer" else None)


def is_supplier_member(res: Resources, viewer: Viewer, tenant_id: uuid.UUID) -> bool:
    """Whether the caller belongs to the supplier itself (may see all of its media)."""
    if viewer.principal is None:
        return False
    return res.authorizer.allowed(viewer.principal.subject, f"tenant:{tenant_id}", "catalog.read")


async def is_listed(tx: Tx, tenant_id: uuid.UUID) -> bool:
    """The supplier is approved on at least one active marketplace."""
    found = await tx.fetchval(
        "SELECT EXISTS (SELECT 1 FROM public.marketplace_listing l JOIN public.marketplace m "
        "ON m.id = l.marketplace_id "
        "WHERE l.tenant_id = $1 AND l.status = 'approved' AND m.status = 'active')",
        tenant_id,
    )
    return bool(found)


async def visible_supplier(tx: Tx, res: Resources, slug: str) -> TenantOut:
    """An active supplier approved on an active marketplace, on ``tx`` (still in public);
    anything else is 404 (unknown, pending, suspended, archived, not listed anywhere)."""
    try:
        tenant = await tenants.resolve_tenant_in(tx, res.redis, slug)
    except HansaError as exc:
        raise SupplierNotFound("no such supplier") from exc
    if tenant.status != "active" or not await is_listed(tx, tenant.id):
        raise SupplierNotFound("no such supplier")
    return tenant


async def any_supplier(res: Resources, slug: str) -> TenantOut:
    """The named supplier whatever its listing (for its own members); suspended,
    archived and unknown are 404."""
    try:
        return await tenants.resolve_tenant(res.db, res.redis, slug)
    except HansaError as exc:
        raise SupplierNotFound("no such supplier") from exc
