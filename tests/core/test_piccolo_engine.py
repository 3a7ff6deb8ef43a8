"""Piccolo on the open transaction: the migration's defaults, jsonb as Python values,
the transaction's ``now()``, and no query outside a transaction."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from hansa.core.db import DB_NOW, Database, new_row
from hansa.core.tables import Outbox


class _RollBack(Exception):
    pass


async def test_a_new_row_takes_the_migrations_defaults_and_the_transactions_now(db: Database) -> None:
    event_id = uuid.uuid4()
    with pytest.raises(_RollBack):
        async with db.transaction() as tx:
            await Outbox.insert(new_row(Outbox, id=event_id, actor="core.test")).run()
            row = await Outbox.select().where(Outbox.id == event_id).first().run()
            assert row is not None
            assert row["attempts"] == 0 and row["payload"] == {} and row["sent_at"] is None
            assert row["created_at"] == await tx.fetchval("SELECT now()")
            raise _RollBack


async def test_jsonb_goes_in_and_comes_back_as_python_values(db: Database) -> None:
    event_id = uuid.uuid4()
    payload = {"ids": [1, "two"], "nested": {"ok": True}}
    with pytest.raises(_RollBack):
        async with db.transaction() as tx:
            await Outbox.insert(new_row(Outbox, id=event_id, actor="core.test", payload=payload)).run()
            # stored as a JSON object, not as a JSON string holding the text of one
            assert await tx.fetchval(
                "SELECT jsonb_typeof(payload) FROM public.outbox WHERE id = $1", event_id
            ) == ("object")
            await (
                Outbox.update({Outbox.payload: {"changed": [3]}, Outbox.sent_at: DB_NOW})
                .where(Outbox.id == event_id)
                .run()
            )
            row = (
                await Outbox.select(Outbox.payload, Outbox.sent_at).where(Outbox.id == event_id).first().run()
            )
            assert row is not None
            assert row["payload"] == {"changed": [3]}
            assert row["sent_at"] == await tx.fetchval("SELECT now()")
            raise _RollBack


async def test_a_required_column_left_out_fails_as_in_sql(db: Database) -> None:
    with pytest.raises(asyncpg.NotNullViolationError):
        async with db.transaction():
            await Outbox.insert(new_row(Outbox, id=uuid.uuid4())).run()  # no actor


def test_an_unknown_column_is_refused() -> None:
    with pytest.raises(ValueError, match="no column"):
        new_row(Outbox, id=uuid.uuid4(), actor="core.test", colour="blue")


async def test_piccolo_refuses_to_run_outside_a_transaction(db: Database) -> None:
    with pytest.raises(RuntimeError, match=r"inside Database\.transaction"):
        await Outbox.count().run()


async def test_piccolo_refuses_ddl() -> None:
    with pytest.raises(RuntimeError, match="migrations"):
        await Outbox.create_table().run()
