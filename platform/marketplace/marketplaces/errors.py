from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class MarketplaceNotFound(NotFound):
    default_code = "marketplace.not_found"


class CategoryNotFound(NotFound):
    default_code = "category.not_found"


class ListingNotFound(NotFound):
    default_code = "listing.not_found"


class SlugTaken(Conflict):
    default_code = "marketplace.slug_taken"


class CategorySlugTaken(Conflict):
    default_code = "category.slug_taken"


class HorizontalHasNoTaxonomy(Conflict):
    default_code = "marketplace.horizontal_has_no_taxonomy"


class CategoryNotEmpty(Conflict):
    default_code = "category.not_empty"


class CategoryCycle(ValidationFailed):
    default_code = "category.cycle"


class CategoryTooDeep(ValidationFailed):
    default_code = "category.too_deep"


class InvalidAttributeSchema(ValidationFailed):
    default_code = "category.invalid_attributes"


class ListingTransition(Conflict):
    default_code = "listing.invalid_transition"
