"""Reading what asyncpg answers: a row as a struct, a command's row count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import asyncpg
import msgspec

S = TypeVar("S", bound=msgspec.Struct)


def as_struct(row: asyncpg.Record | Mapping[str, Any], type: type[S]) -> S:
    """``row`` (an asyncpg record, or a Piccolo select's dict) as ``type``, field by field
    by column name (checked as msgspec decodes); columns the struct does not name are left out."""
    return msgspec.convert(dict(row), type)


def as_structs(rows: Iterable[asyncpg.Record | Mapping[str, Any]], type: type[S]) -> list[S]:
    return [as_struct(row, type) for row in rows]


def rows_affected(status: str) -> int:
    """How many rows a command touched, from asyncpg's status tag (``UPDATE 3``,
    ``DELETE 0``, ``INSERT 0 5``: the count is the last word)."""
    return int(status.rsplit(" ", 1)[-1])
