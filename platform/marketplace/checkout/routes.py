"""Routes of a buyer company's checkout: thin."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from hansa.core.idempotency import HEADER, check_key
from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OrgContext, org_needs
from hansa.marketplace.checkout import service
from hansa.marketplace.checkout.schemas import CheckoutEditIn, CheckoutIn, CheckoutOut, CheckoutPreview


class CheckoutController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}"
    tags = ["checkout"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/checkout",
        summary="The cart by supplier priced now, locations, payment methods, approval needed",
        opt=org_needs("orders.create"),
    )
    async def preview(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> CheckoutPreview:
        return await service.preview(resources.db, ctx)

    @post(
        "/checkout",
        summary="Place the cart: one order per supplier (Idempotency-Key)",
        description=(
            "409 checkout.prices_changed (the new prices in errors) when a supplier's total is not "
            "the one sent; 409 checkout.supplier_unavailable unless skip_unavailable. The answer "
            "shows each supplier's step: placed (order number) or failed (why)."
        ),
        opt=org_needs("orders.create"),
    )
    async def place(
        self,
        data: JSONBody[CheckoutIn],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> Response[CheckoutOut]:
        key = check_key(request.headers.get(HEADER))
        checkout, replayed = await service.submit(resources.db, ctx, data, key)
        headers = {"Idempotency-Replayed": "true"} if replayed else {}
        return Response(checkout, status_code=201, headers=headers)

    @get(
        "/checkouts/{checkout_id:uuid}",
        summary="A checkout and its supplier orders",
        opt=org_needs("orders.read"),
    )
    async def get_checkout(
        self,
        checkout_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> CheckoutOut:
        return await service.get_checkout(resources.db, ctx, checkout_id)

    @patch(
        "/checkouts/{checkout_id:uuid}",
        summary="Change your checkout while it waits for approval: its approvals start again",
        description=(
            "The body is the request as it should be: suppliers left out are dropped, lines left out "
            "removed, quantities and payment methods changed; nothing can be added. Re-priced now. "
            "409 checkout.not_waiting once it is no longer pending_approval; another user's checkout "
            "is 404. Idempotency-Key honoured."
        ),
        opt=org_needs("orders.create"),
    )
    async def edit_checkout(
        self,
        checkout_id: FromPath[uuid.UUID],
        data: JSONBody[CheckoutEditIn],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> Response[CheckoutOut]:
        key = check_key(request.headers.get(HEADER))
        checkout, replayed = await service.edit(resources.db, ctx, checkout_id, data, key)
        headers = {"Idempotency-Replayed": "true"} if replayed else {}
        return Response(checkout, headers=headers)
