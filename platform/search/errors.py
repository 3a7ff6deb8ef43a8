from __future__ import annotations

from hansa.core.errors import BadRequest


class BadSearchParameter(BadRequest):
    """A search parameter the API cannot use; the problem names it in ``errors``."""

    default_code = "search.bad_parameter"

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}", errors=[{"field": parameter, "message": message}])
