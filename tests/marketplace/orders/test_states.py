"""The order's transitions: the database trigger's list is the one states.py declares, and
every pair of statuses is allowed or refused alike by the rules and by the database."""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.tenancy import tenant_transaction
from hansa.marketplace.orders import states
from tests.fixtures.api import Api
from tests.marketplace.orders.world import new_order, place, world

MIGRATION = Path(__file__).parents[3] / "platform/migrations/tenant/0009_order_transitions.sql"


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def test_the_trigger_lists_the_declared_transitions() -> None:
    sql = MIGRATION.read_text()
    assert states.transition_sql() in sql
    pairs = set(re.findall(r"\('([a-z_]+)', '([a-z_]+)'\)", sql))
    assert pairs == {(before, after) for before, after, _ in states.TRANSITIONS}


def test_the_rules_by_side() -> None:
    assert states.allowed("placed", "cancelled", "buyer")
    assert not states.allowed("confirmed", "cancelled", "buyer")
    assert states.allowed("confirmed", "cancelled", "supplier")
    assert not states.allowed("shipped", "cancelled", "supplier")
    assert not states.allowed("placed", "confirmed", "buyer")
    assert not states.allowed("placed", "placed", "supplier")
    assert states.next_states("credit_hold", "supplier") == ["placed", "rejected"]


async def test_the_database_refuses_what_the_table_does_not_allow(api: Api) -> None:
    w = await world(api)
    declared = {(before, after) for before, after, _ in states.TRANSITIONS}
    pairs = [(a, b) for a, b in itertools.product(states.STATUSES, repeat=2) if a != b]
    ids = await place(w, *(new_order(w, status=before) for before, _ in pairs), reserve=False)
    refused = set()
    for order_id, (before, after) in zip(ids, pairs, strict=True):
        try:
            async with tenant_transaction(api.db, w.ctx) as tx:
                await tx.execute("UPDATE sales_order SET status = $2 WHERE id = $1", order_id, after)
        except asyncpg.CheckViolationError as error:
            refused.add((before, after))
            message = str(error)
        else:
            continue
        assert f"cannot go from {before} to {after}" in message
    assert set(pairs) - refused == declared
    # a change that keeps the status (a revision) is never refused
    async with tenant_transaction(api.db, w.ctx) as tx:
        await tx.execute(
            "UPDATE sales_order SET status = status, revision = revision + 1 WHERE id = $1", ids[-1]
        )
