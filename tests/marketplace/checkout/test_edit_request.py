"""The requester edits a checkout waiting for approval (``PATCH .../checkouts/{id}``): it is
re-priced and stored, and its approvals start again (decisions so far are void); within every
limit now, it is placed at once. Another user's checkout is 404; bad input changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.marketplace.approvals.company import member
from tests.marketplace.checkout.shop import Shop, fill_cart, open_shop, place_body


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _waiting(api: Api, db: Database) -> tuple[Shop, Any, dict[str, Any]]:
    """A checkout of AL-1 (2.01) and BE-1 (10.00) waiting at level 1 of two: BE-1's order is
    above the purchaser's per-order limit and a rule's amount (level 2: the owner)."""
    shop = await open_shop(api)
    approver = await member(api, str(shop.buyer_id), shop.buyer, "approver")
    settings = f"/api/v1/orgs/{shop.buyer_id}/approval-settings"
    limits = {"limits": [{"currency": "EUR", "per_order": "5.00"}]}
    await call(api, "PUT", f"{settings}/limits/{shop.user_id}", shop.buyer, limits)
    rule = {
        "name": "Big orders",
        "condition": "total_above",
        "amount": "5.00",
        "currency": "EUR",
        "levels": [{"roles": ["approver"]}, {"roles": ["owner"]}],
    }
    await call(api, "POST", f"{settings}/rules", shop.buyer, rule, 201)
    await fill_cart(db, shop, {"AL-1": "2", "BE-1": "4"})
    body = place_body(shop, {0: "2.01", 1: "10.00"})
    submitted = await call(api, "POST", shop.checkout_url, shop.buyer, body, 201)
    assert submitted["status"] == "pending_approval"
    return shop, approver, submitted


def _edit(shop: Shop, quantities: dict[int, str]) -> dict[str, Any]:
    return {
        "suppliers": [
            {
                "tenant_id": str(shop.sellers[i].tenant_id),
                "payment_method": "bank_transfer",
                "lines": [{"sku": shop.sellers[i].sku, "quantity": q}],
            }
            for i, q in quantities.items()
        ]
    }


async def _request(api: Api, shop: Shop, approver: Any) -> dict[str, Any]:
    queue = await call(api, "GET", f"/api/v1/orgs/{shop.buyer_id}/approvals", approver.headers)
    request: dict[str, Any] = await call(
        api, "GET", f"/api/v1/orgs/{shop.buyer_id}/approvals/{queue['items'][0]['id']}", approver.headers
    )
    return request


async def _orders(db: Database, shop: Shop) -> int:
    count: int = await db.pool.fetchval(
        "SELECT count(*) FROM public.order_ref WHERE buyer_org_id = $1", shop.buyer_id
    )
    return count


async def test_an_edit_reprices_and_restarts_the_approvals(api: Api, db: Database) -> None:
    shop, approver, submitted = await _waiting(api, db)
    url = f"/api/v1/orgs/{shop.buyer_id}/checkouts/{submitted['id']}"
    before = await _request(api, shop, approver)
    await call(
        api, "POST", f"/api/v1/orgs/{shop.buyer_id}/approvals/{before['id']}/approve", approver.headers
    )
    approved = await call(
        api, "GET", f"/api/v1/orgs/{shop.buyer_id}/approvals/{before['id']}", approver.headers
    )
    assert (approved["current_level"], len(approved["decisions"])) == (2, 1)

    edited = await call(api, "PATCH", url, shop.buyer, _edit(shop, {0: "4", 1: "3"}))

    assert edited["status"] == "pending_approval"
    assert [(s["total"], s["line_count"]) for s in edited["steps"]] == [("4.02", 1), ("7.50", 1)]
    assert edited["steps"][1]["lines"] == [
        {"sku": "BE-1", "quantity": "3", "unit_price": "2.500000", "line_total": "7.50"}
    ]
    assert (edited["request"]["round"], edited["request"]["decisions"]) == (2, [])  # the requester sees it
    again = await _request(api, shop, approver)
    assert (again["round"], again["current_level"], again["decisions"]) == (
        2,
        1,
        [],
    )  # level 1's "yes" is void
    assert again["can_decide"] is True
    assert [part["total"] for part in again["summary"]["parts"]] == ["4.02", "7.50"]
    assert await _orders(db, shop) == 0


async def test_an_edit_within_the_limits_places_the_checkout_once(api: Api, db: Database) -> None:
    shop, _, submitted = await _waiting(api, db)
    url = f"/api/v1/orgs/{shop.buyer_id}/checkouts/{submitted['id']}"
    headers = {**shop.buyer, "Idempotency-Key": "edit-1"}

    placed = await call(api, "PATCH", url, headers, _edit(shop, {0: "2"}))  # BE-1 dropped
    replay = await api.client.patch(url, json=_edit(shop, {0: "2"}), headers=headers)

    assert placed["status"] == "completed"
    assert [(s["status"], s["total"]) for s in placed["steps"]] == [("placed", "2.01")]
    assert replay.status_code == 200 and replay.headers["Idempotency-Replayed"] == "true"
    assert await _orders(db, shop) == 1
    status = await db.pool.fetchval(
        "SELECT status FROM public.purchase_request WHERE checkout_id = $1", submitted["id"]
    )
    assert status == "cancelled"
    refused = await api.client.patch(url, json=_edit(shop, {0: "3"}), headers=shop.buyer)
    assert (refused.status_code, refused.json()["code"]) == (409, "checkout.not_waiting")


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({0: "0"}, "suppliers[0].lines[0].quantity"),
        ({0: "-1"}, "suppliers[0].lines[0].quantity"),
    ],
)
async def test_bad_quantities_change_nothing(
    api: Api, db: Database, edit: dict[int, str], field: str
) -> None:
    shop, approver, submitted = await _waiting(api, db)
    url = f"/api/v1/orgs/{shop.buyer_id}/checkouts/{submitted['id']}"
    refused = await api.client.patch(url, json=_edit(shop, edit), headers=shop.buyer)
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == [field]
    await _unchanged(api, shop, approver, url)


async def test_other_users_and_unknown_lines_change_nothing(api: Api, db: Database) -> None:
    shop, approver, submitted = await _waiting(api, db)
    url = f"/api/v1/orgs/{shop.buyer_id}/checkouts/{submitted['id']}"
    colleague = await member(api, str(shop.buyer_id), shop.buyer, "purchaser")
    other = await api.client.patch(url, json=_edit(shop, {0: "3"}), headers=colleague.headers)
    assert other.status_code == 404, other.text
    body = _edit(shop, {0: "3"})
    body["suppliers"][0]["lines"].append({"sku": "BE-1", "quantity": "1"})  # another supplier's SKU
    unknown = await api.client.patch(url, json=body, headers=shop.buyer)
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["suppliers[0].lines[1].sku"]
    twice = await api.client.patch(
        url,
        json=_edit(shop, {0: "3"}) | {"suppliers": _edit(shop, {0: "3", 1: "1"})["suppliers"] * 2},
        headers=shop.buyer,
    )
    assert twice.status_code == 422
    await _unchanged(api, shop, approver, url)


async def _unchanged(api: Api, shop: Shop, approver: Any, url: str) -> None:
    checkout = await call(api, "GET", url, shop.buyer)
    assert [s["total"] for s in checkout["steps"]] == ["2.01", "10.00"]
    request = await _request(api, shop, approver)
    assert (request["round"], request["current_level"]) == (1, 1)
