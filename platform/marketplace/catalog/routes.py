"""Routes of the supplier's catalog and inventory, for its own users: thin."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from hansa.core.filters import SearchText
from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.auth.dependencies import AUTH_DEPENDENCIES
from hansa.identity.principal import Principal
from hansa.marketplace.catalog import service
from hansa.marketplace.catalog.access import supplier_context
from hansa.marketplace.catalog.schemas import (
    InventoryLevelOut,
    InventoryLevels,
    LocationOut,
    NewLocation,
    NewProduct,
    NewVariant,
    ProductOut,
    ProductPatch,
    ProductSort,
    ProductStatus,
    VariantOut,
    VariantPatch,
)


class CatalogController(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    tags = ["catalog"]
    dependencies = AUTH_DEPENDENCIES

    @post("/products", summary="Create a product, with its variants")
    async def create_product(
        self,
        tenant: FromPath[str],
        data: JSONBody[NewProduct],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> ProductOut:
        ctx = await supplier_context(resources, principal, tenant, "catalog.write")
        return await service.create_product(resources.db, ctx, data)

    @get("/products", summary="The supplier's products: filter, sort, page")
    async def list_products(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        status: FromQuery[ProductStatus | None] = None,
        q: SearchText = None,
        sort: FromQuery[ProductSort] = "-created_at",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ProductOut]:
        ctx = await supplier_context(resources, principal, tenant, "catalog.read")
        return await service.list_products(
            resources.db, ctx, status=status, search=q, sort=sort, limit=limit, offset=offset, slug=tenant
        )

    @get("/products/{product_id:uuid}", summary="One product with its variants")
    async def get_product(
        self,
        tenant: FromPath[str],
        product_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> ProductOut:
        ctx = await supplier_context(resources, principal, tenant, "catalog.read")
        return await service.get_product(resources.db, ctx, product_id)

    @patch("/products/{product_id:uuid}", summary="Change a product")
    async def update_product(
        self,
        tenant: FromPath[str],
        product_id: FromPath[uuid.UUID],
        data: JSONBody[ProductPatch],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> ProductOut:
        ctx = await supplier_context(resources, principal, tenant, "catalog.write")
        return await service.update_product(resources.db, ctx, product_id, data)

    @delete("/products/{product_id:uuid}", summary="Delete a draft product")
    async def delete_product(
        self,
        tenant: FromPath[str],
        product_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        ctx = await supplier_context(resources, principal, tenant, "catalog.write")
        await service.delete_product(resources.db, ctx, product_id)

    @post("/products/{product_id:uuid}/variants", summary="Add a variant (SKU unique per supplier)")
    async def add_variant(
        self,
        tenant: FromPath[str],
        product_id: FromPath[uuid.UUID],
        data: JSONBody[NewVariant],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> VariantOut:
        ctx = await supplier_context(resources, principal, tenant, "catalog.write")
        return await service.add_variant(resources.db, ctx, product_id, data)

    @patch("/variants/{variant_id:uuid}", summary="Change a variant")
    async def update_variant(
        self,
        tenant: FromPath[str],
        variant_id: FromPath[uuid.UUID],
        data: JSONBody[VariantPatch],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> VariantOut:
        ctx = await supplier_context(resources, principal, tenant, "catalog.write")
        return await service.update_variant(resources.db, ctx, variant_id, data)

    @delete("/variants/{variant_id:uuid}", summary="Delete a variant of a draft product")
    async def delete_variant(
        self,
        tenant: FromPath[str],
        variant_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        ctx = await supplier_context(resources, principal, tenant, "catalog.write")
        await service.delete_variant(resources.db, ctx, variant_id)

    @post("/inventory/locations", summary="Add a stock location")
    async def create_location(
        self,
        tenant: FromPath[str],
        data: JSONBody[NewLocation],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> LocationOut:
        ctx = await supplier_context(resources, principal, tenant, "inventory.write")
        return await service.create_location(resources.db, ctx, data)

    @get("/inventory/locations", summary="Stock locations")
    async def list_locations(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> list[LocationOut]:
        ctx = await supplier_context(resources, principal, tenant, "inventory.read")
        return await service.list_locations(resources.db, ctx)

    @put("/inventory/levels", summary="Set on-hand quantities per SKU and location (all or nothing)")
    async def set_levels(
        self,
        tenant: FromPath[str],
        data: JSONBody[InventoryLevels],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> list[InventoryLevelOut]:
        ctx = await supplier_context(resources, principal, tenant, "inventory.write")
        return await service.set_inventory(resources.db, ctx, data)

    @get("/inventory/levels", summary="On-hand quantities, by SKU and location")
    async def list_levels(
        self,
        tenant: FromPath[str],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        sku: FromQuery[str | None] = None,
        location: FromQuery[str | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[InventoryLevelOut]:
        ctx = await supplier_context(resources, principal, tenant, "inventory.read")
        return await service.list_inventory(
            resources.db, ctx, sku=sku, location=location, limit=limit, offset=offset
        )
