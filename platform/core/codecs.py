"""Column codecs set on every pooled connection: json and jsonb arrive decoded and
are sent as Python values, so no call site encodes or decodes JSON by hand."""

from __future__ import annotations

from typing import Any

import asyncpg
import msgspec

# binary jsonb is the JSON text behind a one-byte format version
_JSONB_VERSION = b"\x01"


# values without a JSON form (a set, an enum of another library) are written as their str()
_ENCODER = msgspec.json.Encoder(enc_hook=str)


def _encode_json(value: Any) -> bytes:
    return _ENCODER.encode(value)


def _encode_jsonb(value: Any) -> bytes:
    return _JSONB_VERSION + _ENCODER.encode(value)


def _decode_jsonb(data: bytes) -> Any:
    return msgspec.json.decode(data[1:])


async def use_json_codecs(connection: asyncpg.Connection[Any]) -> None:
    """``init`` of the pool. Binary format, so COPY loads carry jsonb values too."""
    await connection.set_type_codec(
        "jsonb", schema="pg_catalog", encoder=_encode_jsonb, decoder=_decode_jsonb, format="binary"
    )
    await connection.set_type_codec(
        "json", schema="pg_catalog", encoder=_encode_json, decoder=msgspec.json.decode, format="binary"
    )
