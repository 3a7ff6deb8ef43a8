from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class PriceListNotFound(NotFound):
    default_code = "pricing.price_list_not_found"


class SegmentNotFound(NotFound):
    default_code = "pricing.segment_not_found"


class TermsNotFound(NotFound):
    default_code = "pricing.terms_not_found"


class SegmentInUse(Conflict):
    default_code = "pricing.segment_in_use"


class SegmentNameTaken(Conflict):
    default_code = "pricing.segment_name_taken"


class InvalidPricing(ValidationFailed):
    default_code = "pricing.invalid"
