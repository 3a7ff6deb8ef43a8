"""A checkout above the purchaser's limit waits as a purchase request (no supplier order
yet); approved, its steps run at the prices locked at submission; rejected, it ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, get_job
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.marketplace.approvals.company import member
from tests.marketplace.checkout.shop import Shop, fill_cart, open_shop, place_body


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _waiting(api: Api, db: Database) -> tuple[Shop, Any, dict[str, Any]]:
    shop = await open_shop(api)
    approver = await member(api, str(shop.buyer_id), shop.buyer, "approver")
    limits = {"limits": [{"currency": "EUR", "per_order": "5.00"}]}
    await call(
        api,
        "PUT",
        f"/api/v1/orgs/{shop.buyer_id}/approval-settings/limits/{shop.user_id}",
        shop.buyer,
        limits,
    )
    await fill_cart(db, shop, {"AL-1": "2", "BE-1": "4"})
    preview = await call(api, "GET", shop.checkout_url, shop.buyer)
    assert preview["approval"]["needed"] is True and preview["approval"]["reasons"]
    submitted = await call(
        api, "POST", shop.checkout_url, shop.buyer, place_body(shop, {0: "2.01", 1: "10.00"}), 201
    )
    assert submitted["status"] == "pending_approval"
    assert [s["status"] for s in submitted["steps"]] == ["pending", "pending"]
    assert (
        await db.pool.fetchval("SELECT count(*) FROM public.order_ref WHERE buyer_org_id = $1", shop.buyer_id)
        == 0
    )
    return shop, approver, submitted


async def _deliver(api: Api, db: Database, actor: str, checkout_id: str) -> None:
    """What the worker does with this checkout's approvals event (the transaction wrapper included)."""
    row = await db.pool.fetchrow(
        "SELECT id, payload FROM public.outbox WHERE actor = $1 AND payload->>'checkout_id' = $2",
        actor,
        checkout_id,
    )
    assert row is not None
    spec = get_job(actor)
    event = Event(row["id"], actor, payload=row["payload"])
    if spec.transaction:
        async with db.transaction() as tx:
            await spec.handler(JobContext(db, api.settings, None, transaction=tx), event)  # type: ignore[arg-type]
    else:
        await spec.handler(JobContext(db, api.settings, None), event)  # type: ignore[arg-type]


async def test_approved_request_is_placed_at_the_prices_it_was_submitted_with(api: Api, db: Database) -> None:
    shop, approver, submitted = await _waiting(api, db)
    seller = shop.sellers[0]
    lists = await call(api, "GET", f"{seller.base}/price-lists", seller.owner)
    items = {"items": [{"sku": "AL-1", "tiers": [{"min_qty": "1", "unit_price": "9.00"}]}]}
    await call(api, "PUT", f"{seller.base}/price-lists/{lists['items'][0]['id']}/items", seller.owner, items)
    queue = await call(api, "GET", f"/api/v1/orgs/{shop.buyer_id}/approvals", approver.headers)
    request_id = queue["items"][0]["id"]
    await call(api, "POST", f"/api/v1/orgs/{shop.buyer_id}/approvals/{request_id}/approve", approver.headers)
    await _deliver(api, db, "approvals.approved", submitted["id"])
    await _deliver(api, db, "approvals.approved", submitted["id"])  # delivered twice: placed once
    answer = await call(api, "GET", f"/api/v1/orgs/{shop.buyer_id}/checkouts/{submitted['id']}", shop.buyer)
    assert answer["status"] == "completed"
    assert [(s["status"], s["total"]) for s in answer["steps"]] == [("placed", "2.01"), ("placed", "10.00")]
    assert (
        await db.pool.fetchval("SELECT count(*) FROM public.order_ref WHERE buyer_org_id = $1", shop.buyer_id)
        == 2
    )


async def test_rejected_request_ends_the_checkout(api: Api, db: Database) -> None:
    shop, approver, submitted = await _waiting(api, db)
    queue = await call(api, "GET", f"/api/v1/orgs/{shop.buyer_id}/approvals", approver.headers)
    url = f"/api/v1/orgs/{shop.buyer_id}/approvals/{queue['items'][0]['id']}/reject"
    await call(api, "POST", url, approver.headers, {"reason": "over budget"})
    await _deliver(api, db, "approvals.rejected", submitted["id"])
    answer = await call(api, "GET", f"/api/v1/orgs/{shop.buyer_id}/checkouts/{submitted['id']}", shop.buyer)
    assert (answer["status"], answer["status_reason"]) == ("rejected", "over budget")
    assert (
        await db.pool.fetchval("SELECT count(*) FROM public.order_ref WHERE buyer_org_id = $1", shop.buyer_id)
        == 0
    )
