from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class CheckoutNotFound(NotFound):
    default_code = "checkout.not_found"


class NotABuyer(NotFound):
    """Only buyer companies check out."""

    default_code = "checkout.not_a_buyer"


class InvalidCheckout(ValidationFailed):
    default_code = "checkout.invalid"


class PricesChanged(Conflict):
    """A supplier's total differs from what the buyer saw: ``errors`` carry the new prices."""

    default_code = "checkout.prices_changed"


class SupplierUnavailable(Conflict):
    """A supplier was suspended or delisted (or is unknown): ``errors`` name it."""

    default_code = "checkout.supplier_unavailable"


class CartChanged(Conflict):
    """The cart lines being placed were placed or removed meanwhile (another checkout)."""

    default_code = "checkout.cart_changed"


class NotWaiting(Conflict):
    """Only a checkout waiting for approval can be edited."""

    default_code = "checkout.not_waiting"
