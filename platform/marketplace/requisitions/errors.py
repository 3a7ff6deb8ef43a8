from __future__ import annotations

from hansa.core.errors import Forbidden, NotFound, ValidationFailed


class ListNotFound(NotFound):
    """Another company's list, or another member's private list, is not there for the caller."""

    default_code = "requisitions.list_not_found"


class LineNotFound(NotFound):
    default_code = "requisitions.line_not_found"


class NotABuyer(NotFound):
    """Only buyer companies have requisition lists."""

    default_code = "requisitions.not_a_buyer"


class NotListOwner(Forbidden):
    """Renaming, changing the visibility or deleting a list: its owner or a company admin."""

    default_code = "requisitions.not_owner"


class TooManyLists(ValidationFailed):
    default_code = "requisitions.too_many_lists"


class TooManyLines(ValidationFailed):
    default_code = "requisitions.too_many_lines"


class InvalidLines(ValidationFailed):
    """Lines naming an unknown SKU, an ambiguous SKU or a supplier the buyer cannot see."""

    default_code = "requisitions.invalid_lines"


class EmptyCart(ValidationFailed):
    default_code = "requisitions.empty_cart"
