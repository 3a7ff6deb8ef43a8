"""Input bounds every route shares, checked at the edge so bad input answers 400 with
the field named instead of failing deep inside (a RecursionError, a PostgreSQL
error, a CHECK violation): see docs/api.md.

Two hooks cover every route at once:

- ``HansaRequest`` (the app's request class) bounds JSON nesting before the body is
  decoded and refuses multipart parts that cannot be read as text;
- ``guard_inputs(app)`` wraps the signature model of every handler and dependency,
  so the values Litestar decoded for path, query, header, cookie and body
  parameters are checked before any handler or dependency runs: no NUL character
  in any string (PostgreSQL refuses it), integers that fit a PostgreSQL bigint,
  finite decimals of bounded magnitude and scale, and no blank string where the
  schema asks for at least one character."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import PurePath
from typing import Any

import msgspec
from litestar import Litestar, Request
from litestar._openapi.schema_generation import SchemaCreator
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar._signature import SignatureModel
from litestar.connection import ASGIConnection
from litestar.datastructures import FormMultiDict
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.plugins import OpenAPISchemaPlugin
from litestar.routes import HTTPRoute
from litestar.typing import FieldDefinition

MAX_JSON_DEPTH = 32
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # PostgreSQL bigint
MAX_DECIMAL_INTEGER_DIGITS = 18
MAX_DECIMAL_PLACES = 18
DECIMAL_PATTERN = rf"^-?[0-9]{{1,{MAX_DECIMAL_INTEGER_DIGITS}}}(\.[0-9]{{1,{MAX_DECIMAL_PLACES}}})?$"

# an address the mail layer can put in a header (no comments, quotes, brackets or control
# characters), within app_user's CHECK, and the same in Python's and ECMAScript's regex
_EMAIL_ATOM = r'[^@\s\x00-\x1f\x7f-\x9f\ufeff()<>\[\]:;,\\"]'
EMAIL_PATTERN = rf"^{_EMAIL_ATOM}+@{_EMAIL_ATOM}+\.{_EMAIL_ATOM}+$"

# blank: whitespace to Python (str.isspace) or to ECMAScript (\s), so the document's
# pattern and the check agree (Python counts \x1c-\x1f and \x85, ECMAScript \ufeff)
BLANK = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff"
NOT_BLANK_PATTERN = r"[^\s\x1c-\x1f\x85\ufeff]"

_OPENING = frozenset(b"[{")
# bodies larger than this are checked off the event loop (up to HANSA_MAX_BODY_BYTES: ~0.1 s)
_DEPTH_CHECK_INLINE_BYTES = 64 * 1024
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_RESERVED = {"request", "state", "scope", "socket", "headers", "cookies", "query", "body"}


def field_error(field: str, message: str, source: str) -> dict[str, str]:
    return {"key": field, "message": message, "source": source}


def refuse(errors: list[dict[str, str]]) -> ValidationException:
    return ValidationException(detail="the request has values no field accepts", extra=errors)


# --- JSON nesting ---------------------------------------------------------------------


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit``, found without
    decoding it (the decoders recurse: 1,000 levels raise RecursionError). Linear:
    escapes, strings and all but brackets go in C-speed passes, then one count."""
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = b"".join(unescaped.split(b'"')[::2]).translate(None, _NOT_BRACKETS)
    depth = 0
    for byte in brackets:
        depth += 1 if byte in _OPENING else -1
        if depth > limit:
            return True
    return False


def check_json_depth(body: bytes) -> None:
    if json_depth_exceeds(body):
        raise refuse([field_error("body", f"JSON nested deeper than {MAX_JSON_DEPTH} levels", "body")])


def decode_json(body: bytes, type: Any) -> Any:
    """Decode a JSON body into ``type`` with the same bounds as every route's ``data``
    (for handlers that read the raw body themselves)."""
    check_json_depth(body)
    value = msgspec.json.decode(body, type=type)
    if errors := list(problems(value, "", "body")):
        raise refuse(errors)
    return value


class HansaRequest(Request[Any, Any, Any]):
    """The app's request: bounded JSON nesting and readable form parts."""

    async def json(self) -> Any:
        body = await self.body()
        if len(body) > _DEPTH_CHECK_INLINE_BYTES:
            await asyncio.to_thread(check_json_depth, body)
        else:
            check_json_depth(body)
        return await super().json()

    async def form(self) -> FormMultiDict:
        try:
            form = await super().form()
        except (UnicodeDecodeError, LookupError) as exc:
            # a part without a filename is text: binary content or an unknown charset
            raise refuse(
                [field_error("form", "a form field is not text: send files with a filename", "body")]
            ) from exc
        errors = [
            field_error(name, "must not contain NUL characters", "body")
            for name, value in form.multi_items()
            if isinstance(value, str) and "\x00" in value
        ]
        if errors:
            raise refuse(errors)
        return form


# --- decoded values -------------------------------------------------------------------


def problems(value: Any, field: str, source: str) -> Iterator[dict[str, str]]:
    """Every value inside ``value`` that no route may take, named by its path."""
    if isinstance(value, str | PurePath):
        if "\x00" in str(value):
            yield field_error(field, "must not contain NUL characters", source)
    elif isinstance(value, bool) or value is None or isinstance(value, uuid.UUID | date | datetime):
        return
    elif isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            yield field_error(field, f"must be between {INT_MIN} and {INT_MAX}", source)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            yield field_error(field, "must be a finite number", source)
    elif isinstance(value, Decimal):
        if message := decimal_problem(value):
            yield field_error(field, message, source)
    elif isinstance(value, msgspec.Struct):
        yield from _struct_problems(value, field, source)
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{field}.{key}" if field else str(key)
            yield from problems(key, name, source)
            yield from problems(item, name, source)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from problems(item, f"{field}[{index}]", source)


def decimal_problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "must be a finite decimal"
    if value and value.adjusted() >= MAX_DECIMAL_INTEGER_DIGITS:
        return f"must have at most {MAX_DECIMAL_INTEGER_DIGITS} digits before the decimal point"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES:
        return f"must have at most {MAX_DECIMAL_PLACES} decimal places"
    return None


def _struct_problems(value: msgspec.Struct, field: str, source: str) -> Iterator[dict[str, str]]:
    required_text = _required_text_fields(type(value))
    for name in value.__struct_fields__:
        item = getattr(value, name)
        path = f"{field}.{name}" if field else name
        if name in required_text and isinstance(item, str) and not item.strip(BLANK):
            yield field_error(path, "must not be blank", source)
        yield from problems(item, path, source)


@cache
def _required_text_fields(struct: type[msgspec.Struct]) -> frozenset[str]:
    """Fields typed as a string of at least one character (optionally None): a blank
    one would pass ``min_length`` and then break the table's CHECK or make no sense."""
    info = msgspec.inspect.type_info(struct)
    if not isinstance(info, msgspec.inspect.StructType):
        return frozenset()
    return frozenset(field.name for field in info.fields if _requires_text(field.type))


def _requires_text(info: msgspec.inspect.Type) -> bool:
    if isinstance(info, msgspec.inspect.UnionType):
        return any(_requires_text(member) for member in info.types)
    return isinstance(info, msgspec.inspect.StrType) and (info.min_length or 0) >= 1


# --- the OpenAPI document says the same ---------------------------------------------


class StructSchema(StructSchemaPlugin):
    """Struct schemas that say what decoding enforces: no unknown fields where the
    struct forbids them (``additionalProperties: false``), and a non-blank string where
    at least one character is required (``NOT_BLANK_PATTERN``)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        struct = field_definition.type_
        if struct.__struct_config__.forbid_unknown_fields:
            schema.additional_properties = False
        info = msgspec.inspect.type_info(struct)
        for field in info.fields if isinstance(info, msgspec.inspect.StructType) else ():
            found = (schema.properties or {}).get(field.encode_name)
            if not isinstance(found, Schema):
                continue
            if _requires_text(field.type):
                _require_text(found)
            _number_bounds(found, field.type)
        return schema


def _number_bounds(schema: Schema, info: msgspec.inspect.Type) -> None:
    """Litestar leaves out a bound of 0 (``ge=0``) on struct fields; msgspec enforces it."""
    members = info.types if isinstance(info, msgspec.inspect.UnionType) else (info,)
    numbers = [m for m in members if isinstance(m, msgspec.inspect.IntType | msgspec.inspect.FloatType)]
    if len(numbers) != 1:
        return
    number = numbers[0]
    if number.ge is not None and schema.minimum is None:
        schema.minimum = number.ge
    if number.le is not None and schema.maximum is None:
        schema.maximum = number.le
    if number.gt is not None and schema.exclusive_minimum is None:
        schema.exclusive_minimum = number.gt
    if number.lt is not None and schema.exclusive_maximum is None:
        schema.exclusive_maximum = number.lt


class DecimalSchema(OpenAPISchemaPlugin):
    """Decimals travel as plain decimal strings within the bounds above."""

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is Decimal

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        return Schema(
            type=OpenAPIType.STRING,
            pattern=DECIMAL_PATTERN,
            description=f"a decimal: up to {MAX_DECIMAL_INTEGER_DIGITS} digits, {MAX_DECIMAL_PLACES} places",
        )


def _require_text(schema: Schema) -> None:
    members = [m for m in (*(schema.one_of or ()), *(schema.any_of or ())) if isinstance(m, Schema)]
    for member in members:
        _require_text(member)
    # Litestar puts the length of ``str | None`` on the union, next to its members
    texts = schema.type == OpenAPIType.STRING or any(m.type == OpenAPIType.STRING for m in members)
    if texts and (schema.min_length or 0) >= 1 and not schema.pattern:
        schema.pattern = NOT_BLANK_PATTERN


# --- wiring ---------------------------------------------------------------------------


def _guarded(model: type[SignatureModel]) -> type[SignatureModel]:
    """A subclass of ``model`` that checks what Litestar decoded before the call."""
    if getattr(model, "_guarded", False):
        return model
    inputs = {
        name for name in model._fields if name not in model._dependency_name_set and name not in _RESERVED
    }
    parse = model.parse_values_from_connection_kwargs

    def parse_checked(
        cls: type[SignatureModel], connection: ASGIConnection[Any, Any, Any, Any], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        values = parse(connection=connection, kwargs=kwargs)
        errors = [
            error
            for name in sorted(inputs & values.keys())
            for error in problems(
                values[name], "" if name == "data" else name, _source(cls, name, connection)
            )
        ]
        errors += [
            field_error(name, "must be an ISO 8601 date or date-time, not a number", "query")
            for name in sorted(inputs & values.keys())
            if isinstance(values[name], date) and _is_number(connection.query_params.get(name))
        ]
        if errors:
            raise refuse(errors)
        return values

    namespace = {"parse_values_from_connection_kwargs": classmethod(parse_checked), "_guarded": True}
    return type(model.__name__, (model,), namespace)


def _is_number(raw: str | None) -> bool:
    """Whether a query value is a number: msgspec reads one as a Unix timestamp where a
    date-time is asked for, the document promises RFC 3339 (``?until=0.5``)."""
    try:
        float(raw or "")
    except ValueError:
        return False
    return True


def _source(model: type[SignatureModel], name: str, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    if name == "data":
        return "body"
    if name in connection.path_params:
        return "path"
    kwarg = model._fields[name].kwarg_definition
    param_type = getattr(kwarg, "param_type", None)
    return str(getattr(param_type, "value", None) or "query")


def guard_inputs(app: Litestar) -> None:
    """Check the decoded inputs of every HTTP handler and of every dependency."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            handler._signature_model = _guarded(handler.signature_model)
            for provider in handler.resolve_dependencies().values():
                if isinstance(provider, Provide) and provider.signature_model._fields:
                    provider.signature_model = _guarded(provider.signature_model)


__all__ = [
    "EMAIL_PATTERN",
    "MAX_JSON_DEPTH",
    "DecimalSchema",
    "HansaRequest",
    "StructSchema",
    "check_json_depth",
    "decode_json",
    "guard_inputs",
    "json_depth_exceeds",
    "problems",
]
