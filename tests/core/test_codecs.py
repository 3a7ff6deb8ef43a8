"""json and jsonb columns arrive decoded and take Python values, COPY included."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from hansa.core.db import Database


async def test_jsonb_and_json_round_trip_as_python_values(db: Database) -> None:
    value = {"name": "Șurub", "sizes": [8, 10], "nested": {"ok": True}, "none": None}
    async with db.transaction() as tx:
        assert await tx.fetchval("SELECT $1::jsonb", value) == value
        assert await tx.fetchval("SELECT $1::json", value) == value
        assert await tx.fetchval("""SELECT '{"a": 1}'::jsonb -> 'a'""") == 1
        assert await tx.fetchval("SELECT jsonb_typeof($1::jsonb)", "text") == "string"


async def test_values_without_a_json_form_are_written_as_text(db: Database) -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    item = uuid.uuid4()
    async with db.transaction() as tx:
        stored = await tx.fetchval("SELECT $1::jsonb", {"at": at, "id": item, "price": Decimal("1.50")})
    assert stored == {"at": "2026-01-02T03:04:05Z", "id": str(item), "price": "1.50"}


async def test_copy_carries_jsonb_values(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute("CREATE TEMP TABLE codec_copy (doc jsonb) ON COMMIT DROP")
        await tx.connection.copy_records_to_table("codec_copy", records=[({"k": [1, 2]},), ({},)])
        assert await tx.fetch("SELECT doc FROM codec_copy") == [({"k": [1, 2]},), ({},)]
