"""Routes of a buyer company's requisition lists, under its organisation: thin."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from hansa.core.filters import SearchText
from hansa.core.pagination import Limit
from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OrgContext, org_needs
from hansa.marketplace.requisitions import service
from hansa.marketplace.requisitions.schemas import (
    LineIds,
    ListFromCart,
    NewRequisitionLines,
    NewRequisitionList,
    RequisitionLinePatch,
    RequisitionListDetail,
    RequisitionListOut,
    RequisitionListPage,
    RequisitionListPatch,
    Scope,
    ToCart,
    ToCartOut,
)

ListId = FromPath[uuid.UUID]


class RequisitionListController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/requisition-lists"
    tags = ["requisitions"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get(
        "",
        summary="The caller's requisition lists and the company's shared ones, by name",
        opt=org_needs("requisitions.read"),
    )
    async def list_lists(
        self,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        which: Annotated[Scope, QueryParameter(name="scope")] = "all",
        q: SearchText = None,
        cursor: Annotated[str | None, QueryParameter(max_length=400)] = None,
        limit: Limit = 50,
    ) -> RequisitionListPage:
        return await service.list_lists(resources, ctx, scope=which, search=q, cursor=cursor, limit=limit)

    @post("", summary="Create a requisition list", opt=org_needs("requisitions.write"))
    async def create_list(
        self,
        data: JSONBody[NewRequisitionList],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RequisitionListOut:
        return await service.create_list(resources, ctx, data)

    @post(
        "/from-cart",
        summary="Save the caller's cart as a new requisition list",
        opt=org_needs("requisitions.write"),
    )
    async def from_cart(
        self,
        data: JSONBody[ListFromCart],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RequisitionListOut:
        return await service.from_cart(resources, ctx, data)

    @get(
        "/{list_id:uuid}",
        summary="A requisition list, its lines priced for the company today",
        opt=org_needs("requisitions.read"),
    )
    async def get_list(
        self, list_id: ListId, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> RequisitionListDetail:
        return await service.get_list(resources, ctx, list_id)

    @patch(
        "/{list_id:uuid}",
        summary="Rename a list or change its visibility (its owner or a company admin)",
        opt=org_needs("requisitions.write"),
    )
    async def update_list(
        self,
        list_id: ListId,
        data: JSONBody[RequisitionListPatch],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RequisitionListOut:
        return await service.update_list(resources, ctx, list_id, data)

    @delete(
        "/{list_id:uuid}",
        summary="Delete a list (its owner or a company admin)",
        opt=org_needs("requisitions.write"),
    )
    async def delete_list(
        self, list_id: ListId, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> None:
        await service.delete_list(resources, ctx, list_id)

    @post(
        "/{list_id:uuid}/lines",
        summary="Add lines: a supplier's SKU, or a SKU one supplier sells",
        status_code=200,
        opt=org_needs("requisitions.write"),
    )
    async def add_lines(
        self,
        list_id: ListId,
        data: JSONBody[NewRequisitionLines],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RequisitionListDetail:
        return await service.add_lines(resources, ctx, list_id, data)

    @patch(
        "/{list_id:uuid}/lines/{line_id:uuid}",
        summary="Change a line's quantity or note",
        opt=org_needs("requisitions.write"),
    )
    async def update_line(
        self,
        list_id: ListId,
        line_id: FromPath[uuid.UUID],
        data: JSONBody[RequisitionLinePatch],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RequisitionListDetail:
        return await service.update_line(resources, ctx, list_id, line_id, data)

    @post(
        "/{list_id:uuid}/lines/remove",
        summary="Remove lines",
        status_code=200,
        opt=org_needs("requisitions.write"),
    )
    async def remove_lines(
        self,
        list_id: ListId,
        data: JSONBody[LineIds],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RequisitionListDetail:
        return await service.remove_lines(resources, ctx, list_id, data)

    @post(
        "/{list_id:uuid}/to-cart",
        summary="Put the list's lines (all, or those named) in the caller's cart",
        description="Lines that cannot be ordered now are skipped, each with its reason.",
        status_code=200,
        opt=org_needs("orders.create"),
    )
    async def to_cart(
        self,
        list_id: ListId,
        data: JSONBody[ToCart],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ToCartOut:
        return await service.to_cart(resources, ctx, list_id, data)
