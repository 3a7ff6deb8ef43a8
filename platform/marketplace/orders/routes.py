"""Routes of orders after placement: the supplier's side under its tenant, the buyer's
under its company. Thin: the rules are in service.py."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from hansa.core.resources import Resources
from hansa.identity.context import (
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    OrgContext,
    SupplierContext,
    needs,
    org_needs,
)
from hansa.marketplace.orders import service
from hansa.marketplace.orders.schemas import (
    ChangeIn,
    DecisionIn,
    OrderDetail,
    OrderPage,
    OrderSort,
    ReasonIn,
    ReorderIn,
    ReorderOut,
    ShipIn,
)
from hansa.marketplace.orders.states import Status

NOSNIFF = {"X-Content-Type-Options": "nosniff"}
PageLimit = Annotated[int, Parameter(ge=1, le=service.MAX_PAGE)]
Statuses = Annotated[list[Status] | None, Parameter(max_items=8)]
Search = Annotated[str | None, Parameter(min_length=1, max_length=100)]
Cursor = Annotated[str | None, Parameter(max_length=400)]


class SupplierOrdersController(Controller):
    path = "/api/v1/suppliers/{tenant:str}/orders"
    tags = ["orders"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "",
        summary="The supplier's orders: filters, search (number, PO, buyer), sort, cursor pages",
        description="`updated_after` + `cursor` pull new and changed orders, oldest change first.",
        opt=needs("orders.read"),
    )
    async def list_orders(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        status: FromQuery[Statuses] = None,
        placed_from: FromQuery[datetime | None] = None,
        placed_to: FromQuery[datetime | None] = None,
        buyer: FromQuery[uuid.UUID | None] = None,
        q: FromQuery[Search] = None,
        updated_after: FromQuery[datetime | None] = None,
        sort: FromQuery[OrderSort] = "-placed_at",
        cursor: FromQuery[Cursor] = None,
        limit: FromQuery[PageLimit] = 50,
    ) -> OrderPage:
        filters = service.Filters(
            status=status,
            placed_from=placed_from,
            placed_to=placed_to,
            buyer_org_id=buyer,
            q=q,
            updated_after=updated_after,
        )
        return await service.supplier_orders(
            resources.db, ctx, filters=filters, sort=sort, cursor=cursor, limit=limit
        )

    @get(
        "/{order_id:uuid}",
        summary="One order: lines, revisions, open change, shipments",
        opt=needs("orders.read"),
    )
    async def get_order(
        self,
        order_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.supplier_order(resources.db, ctx, order_id)

    @post(
        "/{order_id:uuid}/confirm",
        summary="Confirm a placed order",
        status_code=200,
        opt=needs("orders.write"),
    )
    async def confirm(
        self,
        order_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.confirm(resources.db, ctx, order_id)

    @post(
        "/{order_id:uuid}/reject",
        summary="Reject an order, with a reason",
        status_code=200,
        opt=needs("orders.write"),
    )
    async def reject(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[ReasonIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.reject(resources.db, ctx, order_id, data.reason)

    @post(
        "/{order_id:uuid}/release",
        summary="Release an order from credit hold",
        status_code=200,
        opt=needs("orders.write"),
    )
    async def release(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[DecisionIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.release_hold(resources.db, ctx, order_id, data.note)

    @post(
        "/{order_id:uuid}/cancel",
        summary="Cancel before shipment, with a reason",
        status_code=200,
        opt=needs("orders.write"),
    )
    async def cancel(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[ReasonIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.supplier_cancel(resources.db, ctx, order_id, data.reason)

    @post(
        "/{order_id:uuid}/proposal",
        summary="Propose changes per line (quantity, date, substitute SKU) to the buyer",
        status_code=200,
        opt=needs("orders.write"),
    )
    async def propose(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[ChangeIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.propose_change(resources.db, ctx, order_id, data)

    @post(
        "/{order_id:uuid}/change/accept", summary="Accept the buyer's change request", status_code=200,
        opt=needs("orders.write"),
    )  # fmt: skip
    async def accept_change(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[DecisionIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.decide_change_as_supplier(
            resources.db, ctx, order_id, accept=True, note=data.note
        )

    @post(
        "/{order_id:uuid}/change/decline", summary="Decline the buyer's change request", status_code=200,
        opt=needs("orders.write"),
    )  # fmt: skip
    async def decline_change(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[DecisionIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.decide_change_as_supplier(
            resources.db, ctx, order_id, accept=False, note=data.note
        )

    @post(
        "/{order_id:uuid}/shipments",
        summary="Ship lines (all that is left when none are named), with carrier and tracking",
        status_code=200,
        opt=needs("orders.write"),
    )
    async def ship(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[ShipIn],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.ship(resources.db, ctx, order_id, data)

    @post(
        "/{order_id:uuid}/deliver",
        summary="Mark a shipped order delivered",
        status_code=200,
        opt=needs("orders.write"),
    )
    async def deliver(
        self,
        order_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.deliver(resources.db, ctx, order_id)


class BuyerOrdersController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/orders"
    tags = ["orders"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "",
        summary="The company's orders across suppliers: filters, search (number, PO, SKU), cursor pages",
        description="`updated_after` + `cursor` pull new and changed orders, oldest change first.",
        opt=org_needs("orders.read"),
    )
    async def list_orders(
        self,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        status: FromQuery[Statuses] = None,
        placed_from: FromQuery[datetime | None] = None,
        placed_to: FromQuery[datetime | None] = None,
        supplier: FromQuery[uuid.UUID | None] = None,
        ship_to: FromQuery[uuid.UUID | None] = None,
        placed_by: FromQuery[uuid.UUID | None] = None,
        q: FromQuery[Search] = None,
        updated_after: FromQuery[datetime | None] = None,
        sort: FromQuery[OrderSort] = "-placed_at",
        cursor: FromQuery[Cursor] = None,
        limit: FromQuery[PageLimit] = 50,
    ) -> OrderPage:
        filters = service.Filters(
            status=status,
            placed_from=placed_from,
            placed_to=placed_to,
            supplier_id=supplier,
            ship_to_location_id=ship_to,
            placed_by=placed_by,
            q=q,
            updated_after=updated_after,
        )
        return await service.buyer_orders(
            resources.db, ctx, filters=filters, sort=sort, cursor=cursor, limit=limit
        )

    @get(
        "/export.csv",
        summary="The filtered history as CSV (at most 10,000 orders)",
        media_type="text/csv",
        opt=org_needs("orders.read"),
    )
    async def export_orders(
        self,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        status: FromQuery[Statuses] = None,
        placed_from: FromQuery[datetime | None] = None,
        placed_to: FromQuery[datetime | None] = None,
        supplier: FromQuery[uuid.UUID | None] = None,
        ship_to: FromQuery[uuid.UUID | None] = None,
        placed_by: FromQuery[uuid.UUID | None] = None,
        q: FromQuery[Search] = None,
        sort: FromQuery[OrderSort] = "-placed_at",
    ) -> Response[bytes]:
        filters = service.Filters(
            status=status,
            placed_from=placed_from,
            placed_to=placed_to,
            supplier_id=supplier,
            ship_to_location_id=ship_to,
            placed_by=placed_by,
            q=q,
        )
        content = await service.buyer_orders_csv(resources.db, ctx, filters=filters, sort=sort)
        return Response(
            content,
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="orders.csv"', **NOSNIFF},
        )

    @post(
        "/{order_id:uuid}/reorder",
        summary="Put the order's lines (or some) into the cart at today's prices, with what changed",
        status_code=200,
        opt=org_needs("orders.create"),
    )
    async def reorder(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[ReorderIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ReorderOut:
        return await service.reorder(resources.db, ctx, order_id, data.line_ids)

    @get(
        "/{order_id:uuid}",
        summary="One order: lines, revisions, shipments and tracking",
        opt=org_needs("orders.read"),
    )
    async def get_order(
        self,
        order_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.buyer_order(resources.db, ctx, order_id)

    @post(
        "/{order_id:uuid}/cancel", summary="Cancel before the supplier confirmed", status_code=200,
        opt=org_needs("orders.create"),
    )  # fmt: skip
    async def cancel(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[ReasonIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.buyer_cancel(resources.db, ctx, order_id, data.reason)

    @post(
        "/{order_id:uuid}/change-request",
        summary="Ask the supplier for other lines, quantities, date or address (before shipment)",
        status_code=200,
        opt=org_needs("orders.create"),
    )
    async def request_change(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[ChangeIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.request_change(resources.db, ctx, order_id, data)

    @post(
        "/{order_id:uuid}/proposal/accept", summary="Accept the supplier's proposal", status_code=200,
        opt=org_needs("orders.create"),
    )  # fmt: skip
    async def accept_proposal(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[DecisionIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.decide_change_as_buyer(resources.db, ctx, order_id, accept=True, note=data.note)

    @post(
        "/{order_id:uuid}/proposal/decline", summary="Decline the supplier's proposal", status_code=200,
        opt=org_needs("orders.create"),
    )  # fmt: skip
    async def decline_proposal(
        self,
        order_id: FromPath[uuid.UUID],
        data: JSONBody[DecisionIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> OrderDetail:
        return await service.decide_change_as_buyer(resources.db, ctx, order_id, accept=False, note=data.note)
