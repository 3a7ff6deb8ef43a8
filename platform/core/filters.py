"""Free-text list filters: bounded in length at the edge, matched literally in SQL.

A ``q`` of 100 kB made PostgreSQL spend seconds on one ILIKE, and ``%``/``_``
in it matched anything. Routes type such parameters ``SearchText`` (longer ones
answer 400 naming the parameter); repositories pass the value through
``hansa.core.db.escape_like`` before it reaches a LIKE pattern.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

MAX_SEARCH_LENGTH = 200

_LITERALLY = "Free text, matched literally; 200 characters at most."
SearchText = Annotated[str | None, Parameter(max_length=MAX_SEARCH_LENGTH, description=_LITERALLY)]
