from __future__ import annotations

from hansa.core.errors import BadRequest, Conflict, NotFound, ValidationFailed


class NotABuyer(NotFound):
    """Only buyer companies have carts."""

    default_code = "cart.not_a_buyer"


class CartLineNotFound(NotFound):
    default_code = "cart.line_not_found"


class InvalidCartLine(ValidationFailed):
    default_code = "cart.invalid_line"


class AmbiguousSku(Conflict):
    """A SKU sold by several suppliers, none of them preferred: the caller chooses."""

    default_code = "cart.ambiguous_sku"


class InvalidPreferredSuppliers(ValidationFailed):
    default_code = "cart.invalid_preferred_suppliers"


class InvalidQuickOrder(ValidationFailed):
    default_code = "quick_order.invalid"


class UnreadableFile(BadRequest):
    default_code = "quick_order.file_unreadable"
