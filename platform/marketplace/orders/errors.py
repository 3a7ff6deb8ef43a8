from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class OrderNotFound(NotFound):
    default_code = "orders.not_found"


class TransitionRefused(Conflict):
    """The order's status does not allow this step (states.py)."""

    default_code = "orders.transition_refused"


class NoOpenChange(Conflict):
    default_code = "orders.no_open_change"


class ChangeOpen(Conflict):
    """A change waits for the other side already: decide it first."""

    default_code = "orders.change_open"


class InvalidOrderChange(ValidationFailed):
    default_code = "orders.invalid_change"


class InvalidShipment(ValidationFailed):
    default_code = "orders.invalid_shipment"


class InvalidCursor(ValidationFailed):
    default_code = "orders.invalid_cursor"
