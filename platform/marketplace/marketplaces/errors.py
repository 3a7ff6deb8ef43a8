from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class MarketplaceNotFound(NotFound):
    default_code = "marketplaces.not_found"


class CategoryNotFound(NotFound):
    default_code = "marketplaces.category_not_found"


class ListingNotFound(NotFound):
    default_code = "marketplaces.listing_not_found"


class SlugTaken(Conflict):
    default_code = "marketplaces.slug_taken"


class CategorySlugTaken(Conflict):
    default_code = "marketplaces.category_slug_taken"


class HorizontalHasNoTaxonomy(Conflict):
    default_code = "marketplaces.horizontal_has_no_taxonomy"


class CategoryNotEmpty(Conflict):
    default_code = "marketplaces.category_not_empty"


class CategoryCycle(ValidationFailed):
    default_code = "marketplaces.category_cycle"


class CategoryTooDeep(ValidationFailed):
    default_code = "marketplaces.category_too_deep"


class InvalidAttributeSchema(ValidationFailed):
    default_code = "marketplaces.category_invalid_attributes"


class ListingTransition(Conflict):
    default_code = "marketplaces.listing_invalid_transition"
