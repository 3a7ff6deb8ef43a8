"""A row as a struct by column name; a command's row count from its status tag."""

from __future__ import annotations

import uuid
from decimal import Decimal

import msgspec
import pytest

from hansa.core.db import Database
from hansa.core.rows import as_struct, as_structs, rows_affected


class Line(msgspec.Struct, frozen=True):
    id: uuid.UUID
    qty: Decimal
    note: str | None


def test_rows_affected_reads_the_last_word_of_the_tag() -> None:
    assert [rows_affected(tag) for tag in ("UPDATE 3", "DELETE 0", "INSERT 0 5")] == [3, 0, 5]


async def test_a_row_becomes_a_struct_and_extra_columns_are_left_out(db: Database) -> None:
    line_id = uuid.uuid4()
    async with db.transaction() as tx:
        row = await tx.fetchrow(
            "SELECT $1::uuid AS id, 2.50::numeric AS qty, NULL::text AS note, 1 AS extra", line_id
        )
        rows = await tx.fetch(
            "SELECT gen_random_uuid() AS id, n::numeric AS qty, 'x' AS note FROM generate_series(1, 2) n"
        )
        wrong = await tx.fetchrow("SELECT 'not a uuid' AS id, 1::numeric AS qty, NULL AS note")
    assert row is not None and wrong is not None
    assert as_struct(row, Line) == Line(id=line_id, qty=Decimal("2.50"), note=None)
    assert [line.qty for line in as_structs(rows, Line)] == [Decimal(1), Decimal(2)]
    with pytest.raises(msgspec.ValidationError):
        as_struct(wrong, Line)
