"""Query parameters every paginated list shares."""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

# deeper pages cost the database a scan of every row before them: filter or sort instead
MAX_OFFSET = 100_000

Limit = Annotated[int, Parameter(ge=1, le=200)]
Offset = Annotated[int, Parameter(ge=0, le=MAX_OFFSET)]
