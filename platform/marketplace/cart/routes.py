"""Routes of a buyer user's cart, quick order and the company's preferred suppliers: thin."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from hansa.core.content_type import REQUEST_BODY
from hansa.core.errors import BadRequest
from hansa.core.http import multipart_body
from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OrgContext, org_needs
from hansa.marketplace.cart import service
from hansa.marketplace.cart.schemas import (
    CartCount,
    CartLinePatch,
    CartLinesIn,
    CartOut,
    PreferredSupplierOut,
    PreferredSuppliersIn,
    QuickOrderAdded,
    QuickOrderIn,
    QuickOrderReport,
)

# a paste of 10,000 lines (1,000,000 characters at most) in JSON, with room for escapes
PASTE_BODY_LIMIT = 4 * 1024 * 1024
FILE_BODY_LIMIT = service.MAX_FILE_BYTES + 64 * 1024


class CartController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}"
    tags = ["cart"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "/cart",
        summary="The caller's cart, priced now, grouped by supplier",
        opt=org_needs("orders.read"),
    )
    async def get_cart(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> CartOut:
        return await service.get_cart(resources, ctx)

    @get("/cart/count", summary="How many lines the caller's cart holds", opt=org_needs("orders.read"))
    async def cart_count(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> CartCount:
        return await service.cart_count(resources, ctx)

    @post(
        "/cart/lines",
        summary="Add lines (supplier + SKU, or SKU alone) to the caller's cart",
        description="A SKU sold by several suppliers, none preferred: 409 cart.ambiguous_sku naming them.",
        status_code=200,
        opt=org_needs("orders.create"),
    )
    async def add_lines(
        self,
        data: JSONBody[CartLinesIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> CartOut:
        return await service.add_to_cart(resources, ctx, data)

    @patch("/cart/lines/{line_id:uuid}", summary="Change a line's quantity", opt=org_needs("orders.create"))
    async def change_line(
        self,
        line_id: FromPath[uuid.UUID],
        data: JSONBody[CartLinePatch],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> CartOut:
        return await service.change_quantity(resources, ctx, line_id, data)

    @delete("/cart/lines/{line_id:uuid}", summary="Remove a line", opt=org_needs("orders.create"))
    async def remove_line(
        self,
        line_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.remove_line(resources, ctx, line_id)

    @delete("/cart", summary="Empty the caller's cart", opt=org_needs("orders.create"))
    async def empty_cart(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> None:
        await service.empty_cart(resources, ctx)

    @post(
        "/quick-order/resolve",
        summary="Resolve quick-order rows (typed or pasted): supplier, price, rule checks per row",
        status_code=200,
        request_max_body_size=PASTE_BODY_LIMIT,
        opt=org_needs("orders.create"),
    )
    async def resolve_quick_order(
        self,
        data: JSONBody[QuickOrderIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> QuickOrderReport:
        return await service.resolve_quick_order(resources, ctx, data)

    @post(
        "/quick-order/file",
        summary="Resolve the rows of a CSV or XLSX file (columns sku and qty; multipart field 'file')",
        status_code=200,
        request_max_body_size=FILE_BODY_LIMIT,
        opt={**org_needs("orders.create"), REQUEST_BODY: "multipart"},
        operation_class=multipart_body({}),
    )
    async def resolve_quick_order_file(
        self,
        request: Request[Any, Any, Any],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> QuickOrderReport:
        form = await request.form()
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise BadRequest("the form needs a file field", code="quick_order.file_required")
        try:
            content = await file.read()
        finally:
            await file.close()
        return await service.resolve_quick_order_file(resources, ctx, content, file.filename)

    @post(
        "/quick-order/add",
        summary="Resolve quick-order rows and put the accepted ones in the caller's cart",
        status_code=200,
        request_max_body_size=PASTE_BODY_LIMIT,
        opt=org_needs("orders.create"),
    )
    async def add_quick_order(
        self,
        data: JSONBody[QuickOrderIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> QuickOrderAdded:
        return await service.add_quick_order(resources, ctx, data)

    @get(
        "/preferred-suppliers",
        summary="The company's preferred suppliers, most preferred first",
        opt=org_needs("orders.read"),
    )
    async def preferred_suppliers(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> list[PreferredSupplierOut]:
        return await service.preferred_suppliers(resources, ctx)

    @put(
        "/preferred-suppliers",
        summary="Replace the company's preferred suppliers (slugs, most preferred first)",
        opt=org_needs("approvals.manage"),
    )
    async def set_preferred_suppliers(
        self,
        data: JSONBody[PreferredSuppliersIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> list[PreferredSupplierOut]:
        return await service.set_preferred_suppliers(resources, ctx, data)
