"""JSON responses whose decimals are always plain decimal strings.

msgspec writes a ``Decimal`` as ``str(value)``, which is exponent form for some
values (``Decimal("1E+4")``, as asyncpg decodes ``numeric`` 10000 and msgspec
decodes ``1e4``). Money and quantities must travel as ``"10000"``, so every JSON
answer goes through ``PlainDecimalResponse`` (the app's ``response_class``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import msgspec
from litestar import Response
from litestar.serialization import default_serializer
from litestar.types import Serializer

# str(Decimal) writes exponents as "E+4"/"E-7" (upper case, signed): only a body holding
# that can carry one (UUIDs are lower-case hex, so "0e4" in an id does not trigger it)
_MAYBE_EXPONENT = re.compile(rb"\dE[+-]\d")


def needs_rewrite(body: bytes) -> bool:
    return _MAYBE_EXPONENT.search(body) is not None


def plain_decimal(value: Decimal) -> str:
    """``value`` without exponent: 1E+4 -> "10000", 5E-7 -> "0.0000005", 0.090000 unchanged."""
    return format(value, "f")


def _plain(node: Any) -> Any:
    if isinstance(node, Decimal):
        return plain_decimal(node)
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node


class PlainDecimalResponse(Response[Any]):
    def render(self, content: Any, media_type: str, enc_hook: Serializer = default_serializer) -> bytes:
        body = super().render(content, media_type, enc_hook)
        if isinstance(content, (bytes, str)) or not needs_rewrite(body):
            return body  # the usual case: nothing to rewrite, no second pass
        builtins = msgspec.to_builtins(content, builtin_types=(Decimal,), enc_hook=enc_hook)
        return super().render(_plain(builtins), media_type, enc_hook)
