from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class ProductNotFound(NotFound):
    default_code = "catalog.product_not_found"


class VariantNotFound(NotFound):
    default_code = "catalog.variant_not_found"


class SkuTaken(Conflict):
    default_code = "catalog.sku_taken"


class LocationCodeTaken(Conflict):
    default_code = "catalog.location_code_taken"


class ProductInUse(Conflict):
    default_code = "catalog.product_in_use"


class InvalidCatalogData(ValidationFailed):
    default_code = "catalog.invalid"


class OutOfStock(Conflict):
    """Lines ask for more than is available and their variants take no backorders;
    ``errors`` names each line (``lines[i]``) with what is available."""

    default_code = "catalog.out_of_stock"
