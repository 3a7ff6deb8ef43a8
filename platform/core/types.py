"""Value types the schemas of several domains share (one definition each)."""

from __future__ import annotations

from typing import Annotated

import msgspec

# a person's, an organisation's, a list's or a segment's name
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
# an ISO 4217 code's shape; whether it is a known currency is checked where it matters
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
