"""The order's transitions: the database trigger's list is the one states.py declares, and
every pair of statuses is allowed or refused alike by the rules and by the database."""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.principal import Principal, org_domain
from hansa.core.tenancy import tenant_transaction
from hansa.identity.orgs.schemas import OrganisationOut
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.orders import service as orders
from hansa.marketplace.orders import states
from hansa.marketplace.orders.errors import TransitionRefused
from tests.fixtures.api import Api
from tests.marketplace.orders.world import World, new_order, place, world

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


# each step of the service, the status it moves to and who takes it
_STEPS = {
    "confirm": ("supplier", "confirmed"),
    "reject": ("supplier", "rejected"),
    "release": ("supplier", "placed"),
    "supplier_cancel": ("supplier", "cancelled"),
    "deliver": ("supplier", "delivered"),
    "buyer_cancel": ("buyer", "cancelled"),
}


async def _take(api: Api, w: World, step: str, order_id: uuid.UUID) -> None:
    db, ctx = api.db, w.ctx
    if step == "confirm":
        await orders.confirm(db, ctx, order_id)
    elif step == "reject":
        await orders.reject(db, ctx, order_id, "no")
    elif step == "release":
        await orders.release_hold(db, ctx, order_id, None)
    elif step == "supplier_cancel":
        await orders.supplier_cancel(db, ctx, order_id, "no")
    elif step == "deliver":
        await orders.deliver(db, ctx, order_id)
    else:
        await orders.buyer_cancel(db, await _buyer_ctx(api, w), order_id, "no")


async def _buyer_ctx(api: Api, w: World) -> OrgContext:
    org = OrganisationOut(
        id=w.buyer_org, kind="buyer", name="Ada Trading", status="active", created_at=datetime.now(UTC)
    )
    principal = Principal(kind="user", id=w.buyer.user_id, user_id=w.buyer.user_id, org_id=w.buyer_org)
    return OrgContext(principal, org, org_domain("buyer", w.buyer_org))


async def test_every_step_of_the_service_from_every_status(api: Api) -> None:
    """Each step is taken from each status: done where states.py allows it for that side
    (a new revision, the status moved), refused with 409 and nothing changed elsewhere."""
    w = await world(api)
    cases = [(step, status) for step in _STEPS for status in states.STATUSES]
    ids = await place(w, *(new_order(w, status=status) for _, status in cases), reserve=False)
    outcomes = {}
    for order_id, (step, status) in zip(ids, cases, strict=True):
        try:
            await _take(api, w, step, order_id)
            outcomes[(step, status)] = True
        except TransitionRefused:
            outcomes[(step, status)] = False
    expected = {
        (step, status): states.allowed(status, _STEPS[step][1], _STEPS[step][0]) for step, status in cases
    }
    assert outcomes == expected
    async with tenant_transaction(api.db, w.ctx) as tx:
        rows = {row["id"]: row for row in await tx.fetch("SELECT id, status, revision FROM sales_order")}
    for order_id, (step, status) in zip(ids, cases, strict=True):
        done = expected[(step, status)]
        assert (rows[order_id]["status"], rows[order_id]["revision"]) == (
            (_STEPS[step][1], 2) if done else (status, 1)
        ), (step, status)
