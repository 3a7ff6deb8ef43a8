from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class LocationNotFound(NotFound):
    default_code = "buyers.location_not_found"


class NotABuyer(NotFound):
    """Only buyer companies have locations."""

    default_code = "buyers.not_a_buyer"


class InvalidLocation(ValidationFailed):
    default_code = "buyers.invalid_location"


class DefaultConflict(Conflict):
    default_code = "buyers.default_conflict"
