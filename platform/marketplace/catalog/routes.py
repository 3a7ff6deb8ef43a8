"""Routes of the supplier's catalog and inventory, for its own users: thin."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from hansa.core.filters import SearchText
from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, SupplierContext, needs
from hansa.marketplace.catalog import service
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
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @post("/products", summary="Create a product, with its variants", opt=needs("catalog.write"))
    async def create_product(
        self,
        data: JSONBody[NewProduct],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> ProductOut:
        return await service.create_product(resources.db, ctx, data)

    @get("/products", summary="The supplier's products: filter, sort, page", opt=needs("catalog.read"))
    async def list_products(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        status: FromQuery[ProductStatus | None] = None,
        q: SearchText = None,
        sort: FromQuery[ProductSort] = "-created_at",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ProductOut]:
        return await service.list_products(
            resources.db,
            ctx,
            status=status,
            search=q,
            sort=sort,
            limit=limit,
            offset=offset,
            slug=ctx.tenant.slug,
        )

    @get("/products/{product_id:uuid}", summary="One product with its variants", opt=needs("catalog.read"))
    async def get_product(
        self,
        product_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> ProductOut:
        return await service.get_product(resources.db, ctx, product_id)

    @patch("/products/{product_id:uuid}", summary="Change a product", opt=needs("catalog.write"))
    async def update_product(
        self,
        product_id: FromPath[uuid.UUID],
        data: JSONBody[ProductPatch],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> ProductOut:
        return await service.update_product(resources.db, ctx, product_id, data)

    @delete("/products/{product_id:uuid}", summary="Delete a draft product", opt=needs("catalog.write"))
    async def delete_product(
        self,
        product_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_product(resources.db, ctx, product_id)

    @post(
        "/products/{product_id:uuid}/variants",
        summary="Add a variant (SKU unique per supplier)",
        opt=needs("catalog.write"),
    )
    async def add_variant(
        self,
        product_id: FromPath[uuid.UUID],
        data: JSONBody[NewVariant],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> VariantOut:
        return await service.add_variant(resources.db, ctx, product_id, data)

    @patch("/variants/{variant_id:uuid}", summary="Change a variant", opt=needs("catalog.write"))
    async def update_variant(
        self,
        variant_id: FromPath[uuid.UUID],
        data: JSONBody[VariantPatch],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> VariantOut:
        return await service.update_variant(resources.db, ctx, variant_id, data)

    @delete(
        "/variants/{variant_id:uuid}",
        summary="Delete a variant of a draft product",
        opt=needs("catalog.write"),
    )
    async def delete_variant(
        self,
        variant_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_variant(resources.db, ctx, variant_id)

    @post("/inventory/locations", summary="Add a stock location", opt=needs("inventory.write"))
    async def create_location(
        self,
        data: JSONBody[NewLocation],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> LocationOut:
        return await service.create_location(resources.db, ctx, data)

    @get("/inventory/locations", summary="Stock locations", opt=needs("inventory.read"))
    async def list_locations(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> list[LocationOut]:
        return await service.list_locations(resources.db, ctx)

    @put(
        "/inventory/levels",
        summary="Set on-hand quantities per SKU and location (all or nothing)",
        opt=needs("inventory.write"),
    )
    async def set_levels(
        self,
        data: JSONBody[InventoryLevels],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> list[InventoryLevelOut]:
        return await service.set_inventory(resources.db, ctx, data)

    @get("/inventory/levels", summary="On-hand quantities, by SKU and location", opt=needs("inventory.read"))
    async def list_levels(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        sku: FromQuery[str | None] = None,
        location: FromQuery[str | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[InventoryLevelOut]:
        return await service.list_inventory(
            resources.db, ctx, sku=sku, location=location, limit=limit, offset=offset
        )
