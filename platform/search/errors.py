from __future__ import annotations

from hansa.core.errors import BadRequest, ValidationFailed


class BadSearchParameter(BadRequest):
    """A search parameter the API cannot use; the problem names it in ``errors``."""

    default_code = "search.bad_parameter"

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}", errors=[{"field": parameter, "message": message}])


class PricesForBuyers(ValidationFailed):
    """A price sort or price range asked without a buyer company: a well-formed request this
    caller cannot have (422, the parameter named)."""

    default_code = "search.prices_for_buyers"

    def __init__(self, parameter: str) -> None:
        message = "prices are for buyers"
        super().__init__(f"{parameter}: {message}", errors=[{"field": parameter, "message": message}])
