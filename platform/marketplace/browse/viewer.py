"""Which suppliers a buyer may look at. The viewer itself (``BuyerContext``) is
resolved at the edge by identity's context guard, with the supplier the path names.
Nothing here raises 403: what a caller may not see answers 404, so ids leak nothing.
"""

from __future__ import annotations

from hansa.core.db import Tx
from hansa.identity.context import BuyerContext, SupplierNotFound
from hansa.marketplace.marketplaces.service import is_listed
from hansa.tenants.schemas import TenantOut


async def visible_supplier(tx: Tx, viewer: BuyerContext) -> TenantOut:
    """The supplier the path names, when it is active and approved on an active
    marketplace, checked on ``tx`` (still in public); anything else is 404 (unknown,
    pending, suspended, archived, not listed anywhere)."""
    tenant = viewer.named_supplier
    if tenant.status != "active" or not await is_listed(tx, tenant.id):
        raise SupplierNotFound("no such supplier")
    return tenant
