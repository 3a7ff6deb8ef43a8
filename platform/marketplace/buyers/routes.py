"""Routes of a buyer company's locations, under its organisation: thin."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OrgContext, org_needs
from hansa.marketplace.buyers import service
from hansa.marketplace.buyers.schemas import (
    BuyerLocationOut,
    BuyerLocationPatch,
    DefaultBuyerLocation,
    NewBuyerLocation,
)


class LocationController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/locations"
    tags = ["buyers"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("", summary="The company's ship-to and bill-to locations", opt=org_needs("locations.read"))
    async def list_locations(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> list[BuyerLocationOut]:
        return await service.list_locations(resources.db, ctx)

    @post("", summary="Add a location", opt=org_needs("locations.manage"))
    async def create_location(
        self,
        data: JSONBody[NewBuyerLocation],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> BuyerLocationOut:
        return await service.create_location(resources.db, ctx, data)

    @get("/{location_id:uuid}", summary="One location", opt=org_needs("locations.read"))
    async def get_location(
        self,
        location_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> BuyerLocationOut:
        return await service.get_location(resources.db, ctx, location_id)

    @patch("/{location_id:uuid}", summary="Change a location", opt=org_needs("locations.manage"))
    async def update_location(
        self,
        location_id: FromPath[uuid.UUID],
        data: JSONBody[BuyerLocationPatch],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> BuyerLocationOut:
        return await service.update_location(resources.db, ctx, location_id, data)

    @delete(
        "/{location_id:uuid}",
        summary="Delete a location",
        description="Deleting a default leaves the company without a default of that kind.",
        opt=org_needs("locations.manage"),
    )
    async def delete_location(
        self,
        location_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_location(resources.db, ctx, location_id)

    @post(
        "/{location_id:uuid}/default",
        summary="Make a location the company's default ship-to or bill-to",
        status_code=200,
        opt=org_needs("locations.manage"),
    )
    async def set_default(
        self,
        location_id: FromPath[uuid.UUID],
        data: JSONBody[DefaultBuyerLocation],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> BuyerLocationOut:
        return await service.set_default(resources.db, ctx, location_id, data.kind)
