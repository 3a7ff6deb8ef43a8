"""Query parameters and the page every paginated list shares."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import Parameter

# deeper pages cost the database a scan of every row before them: filter or sort instead
MAX_OFFSET = 100_000

Limit = Annotated[int, Parameter(ge=1, le=200)]
Offset = Annotated[int, Parameter(ge=0, le=MAX_OFFSET)]

T = TypeVar("T")


class Page(msgspec.Struct, Generic[T], frozen=True):
    """One page of a list: ``total`` rows match, ``items`` are those from ``offset``, at most ``limit``."""

    items: list[T]
    total: int
    limit: int
    offset: int
