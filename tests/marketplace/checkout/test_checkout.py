"""Checkout over HTTP on real PostgreSQL: a cart across two suppliers placed as one order
per supplier with its own gapless number; the same Idempotency-Key returns the same
orders; a price changed since the preview (409, then placed at the new price); a supplier
suspended between cart and checkout (409, then the others with skip_unavailable); a
crash between two supplier steps completed by the resume job exactly once."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, get_job
from hansa.marketplace.checkout import service as checkout_service
from hansa.marketplace.orders import placement
from tests.fixtures.api import Api
from tests.fixtures.browse import acting_buyer
from tests.fixtures.catalog import call
from tests.marketplace.checkout.shop import Shop, fill_cart, open_shop, place_body


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _place(
    api: Api, shop: Shop, body: dict[str, Any], status: int = 201, key: str | None = None
) -> Any:
    headers = {**shop.buyer, **({"Idempotency-Key": key} if key else {})}
    response = await api.client.post(shop.checkout_url, json=body, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


async def _orders(db: Database, shop: Shop) -> list[Any]:
    return await db.pool.fetch(
        "SELECT tenant_id, number, total, status, checkout_id FROM public.order_ref WHERE buyer_org_id = $1 "
        "ORDER BY number",
        shop.buyer_id,
    )


async def test_preview_then_one_order_per_supplier_with_its_own_number(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "3", "BE-1": "4"})
    preview = await call(api, "GET", shop.checkout_url, shop.buyer)
    assert preview["default_ship_to"] == shop.location_id
    assert preview["approval"] == {"needed": False, "reasons": []}
    subtotals = {g["tenant_id"]: g["subtotal"] for g in preview["suppliers"]}
    assert subtotals == {str(shop.sellers[0].tenant_id): "3.02", str(shop.sellers[1].tenant_id): "10.00"}
    assert [m["method"] for m in preview["suppliers"][0]["payment_methods"]] == ["bank_transfer"]

    placed = await _place(api, shop, place_body(shop, {0: "3.02", 1: "10.00"}))
    assert placed["status"] == "completed"
    assert [s["status"] for s in placed["steps"]] == ["placed", "placed"]
    numbers = [s["order_number"] for s in placed["steps"]]
    assert all(re.fullmatch(r"[A-Z0-9]{2,3}-\d{4}-000001", n) for n in numbers), numbers
    orders = await _orders(db, shop)
    assert len(orders) == 2 and {str(o["total"]) for o in orders} == {"3.02", "10.00"}
    # the placed lines left the cart; the stock is held
    assert (
        await db.pool.fetchval("SELECT count(*) FROM public.cart_line WHERE org_id = $1", shop.buyer_id) == 0
    )
    assert (
        await call(api, "GET", f"/api/v1/orgs/{shop.buyer_id}/checkouts/{placed['id']}", shop.buyer) == placed
    )

    # the next order of the first supplier takes the next number, without a gap
    await fill_cart(db, shop, {"AL-1": "1"})
    again = await _place(api, shop, place_body(shop, {0: "1.01"}))
    assert again["steps"][0]["order_number"].endswith("-000002")


async def test_same_idempotency_key_returns_the_same_orders(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "2", "BE-1": "2"})
    body = place_body(shop, {0: "2.01", 1: "5.00"})
    first = await _place(api, shop, body, key="ck-1")
    response = await api.client.post(
        shop.checkout_url, json=body, headers={**shop.buyer, "Idempotency-Key": "ck-1"}
    )
    assert response.status_code == 201 and response.headers["Idempotency-Replayed"] == "true"
    assert response.json() == first
    assert len(await _orders(db, shop)) == 2
    other = {**body, "po_number": "PO-8"}
    response = await api.client.post(
        shop.checkout_url, json=other, headers={**shop.buyer, "Idempotency-Key": "ck-1"}
    )
    assert response.status_code == 422 and response.json()["code"] == "idempotency.key_reused"


async def test_a_price_changed_since_the_preview_is_confirmed_first(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "10", "BE-1": "1"})
    seller = shop.sellers[0]
    lists = await call(api, "GET", f"{seller.base}/price-lists", seller.owner)
    items = {"items": [{"sku": "AL-1", "tiers": [{"min_qty": "1", "unit_price": "1.20"}]}]}
    await call(api, "PUT", f"{seller.base}/price-lists/{lists['items'][0]['id']}/items", seller.owner, items)

    refused = await _place(api, shop, place_body(shop, {0: "10.05", 1: "2.50"}), status=409)
    assert refused["code"] == "checkout.prices_changed"
    assert [(e["field"], e["total"]) for e in refused["errors"]] == [("suppliers[0].expected_total", "12.00")]
    assert Decimal(refused["errors"][0]["lines"][0]["unit_price"]) == Decimal("1.2")
    assert await _orders(db, shop) == []  # nothing written, the cart untouched
    assert (
        await db.pool.fetchval("SELECT count(*) FROM public.cart_line WHERE org_id = $1", shop.buyer_id) == 2
    )

    placed = await _place(api, shop, place_body(shop, {0: "12.00", 1: "2.50"}))
    assert [s["total"] for s in placed["steps"]] == ["12.00", "2.50"]
    line_price = await db.pool.fetchval(
        f'SELECT unit_price FROM "{_schema(seller)}".sales_order_line WHERE sku = $1', "AL-1"
    )
    assert line_price == Decimal("1.2")


def _schema(seller: Any) -> str:
    from hansa.core.tenancy import schema_for

    return schema_for(seller.tenant_id)


async def test_a_supplier_suspended_since_the_cart_is_refused_then_skipped(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "1", "BE-1": "1"})
    await db.pool.execute(
        "UPDATE public.tenant SET status = 'suspended' WHERE id = $1", shop.sellers[1].tenant_id
    )
    body = place_body(shop, {0: "1.01", 1: "2.50"})
    refused = await _place(api, shop, body, status=409)
    assert refused["code"] == "checkout.supplier_unavailable"
    assert [e["field"] for e in refused["errors"]] == ["suppliers[1].tenant_id"]
    assert await _orders(db, shop) == []

    placed = await _place(api, shop, {**body, "skip_unavailable": True})
    assert [(s["tenant_id"], s["status"]) for s in placed["steps"]] == [
        (str(shop.sellers[0].tenant_id), "placed")
    ]
    # the suspended supplier's line stays in the cart
    left = await db.pool.fetch("SELECT sku FROM public.cart_line WHERE org_id = $1", shop.buyer_id)
    assert [r["sku"] for r in left] == ["BE-1"]


async def test_bad_input_is_refused_and_changes_nothing(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "1"})
    body = place_body(shop, {0: "1.01"})
    wrong_location = {**body, "ship_to_location_id": "00000000-0000-0000-0000-000000000001"}
    refused = await _place(api, shop, wrong_location, status=422)
    assert refused["errors"][0]["field"] == "ship_to_location_id"
    depot = await call(
        api,
        "POST",
        f"/api/v1/orgs/{shop.buyer_id}/locations",
        shop.buyer,
        {"name": "Depot", "line1": "Str. 2", "city": "Cluj", "country": "RO", "is_ship_to": True},
        201,
    )
    for field in ("bill_to_location_id", "ship_to_location_id"):
        flagged = {**body, field: depot["id"]} if field == "bill_to_location_id" else body
        if field == "ship_to_location_id":  # the depot ships; the head office is made bill-to only
            await call(
                api,
                "PATCH",
                f"/api/v1/orgs/{shop.buyer_id}/locations/{shop.location_id}",
                shop.buyer,
                {"is_ship_to": False},
            )
        refused = await _place(api, shop, flagged, status=422)
        assert refused["errors"][0]["field"] == field, refused
    hq = f"/api/v1/orgs/{shop.buyer_id}/locations/{shop.location_id}"
    await call(api, "PATCH", hq, shop.buyer, {"is_ship_to": True})
    not_in_cart = place_body(shop, {1: "2.50"})
    refused = await _place(api, shop, not_in_cart, status=422)
    assert refused["errors"][0]["field"] == "suppliers[0].tenant_id"
    on_account = place_body(shop, {0: "1.01"})
    on_account["suppliers"][0]["payment_method"] = "on_account"
    refused = await _place(api, shop, on_account, status=422)
    assert refused["errors"][0]["field"] == "suppliers[0].payment_method"
    assert await _orders(db, shop) == []


async def test_out_of_stock_fails_that_step_only(api: Api, db: Database) -> None:
    shop = await open_shop(api, stock="5")
    await fill_cart(db, shop, {"AL-1": "6", "BE-1": "5"})
    placed = await _place(api, shop, place_body(shop, {0: "6.03", 1: "12.50"}))
    assert placed["status"] == "completed"
    first, second = placed["steps"]
    assert first["status"] == "failed" and first["failure_code"] == "catalog.out_of_stock"
    assert "only 5 available" in first["failure_reason"]
    assert second["status"] == "placed"


class ProcessDied(BaseException):
    """The process stops between two supplier steps (not an error the app handles)."""


async def test_a_crash_between_two_steps_is_completed_by_the_resume_job_once(
    api: Api, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "1", "BE-1": "1"})
    real_steps, real = checkout_service.run_steps, placement.place_supplier_order

    async def no_steps(db: Database, checkout_id: Any) -> None:
        return None

    # the request writes the checkout; its steps then run in a "process" that dies
    monkeypatch.setattr(checkout_service, "run_steps", no_steps)
    submitted = await _place(api, shop, place_body(shop, {0: "1.01", 1: "2.50"}))
    assert [s["status"] for s in submitted["steps"]] == ["pending", "pending"]
    monkeypatch.setattr(checkout_service, "run_steps", real_steps)
    calls = []

    async def dies_on_second_step(tx: Any, tenant: Any, order: Any) -> Any:
        calls.append(tenant.id)
        if len(calls) == 2:
            raise ProcessDied  # the first step committed; this one's transaction never does
        return await real(tx, tenant, order)

    monkeypatch.setattr(placement, "place_supplier_order", dies_on_second_step)
    with pytest.raises(ProcessDied):
        await checkout_service.run_steps(db, uuid.UUID(submitted["id"]))
    monkeypatch.setattr(placement, "place_supplier_order", real)
    checkout_id = await db.pool.fetchval("SELECT id FROM public.checkout WHERE org_id = $1", shop.buyer_id)
    steps = await db.pool.fetch(
        "SELECT status FROM public.checkout_step WHERE checkout_id = $1 ORDER BY position", checkout_id
    )
    assert [s["status"] for s in steps] == ["placed", "pending"]
    assert len(await _orders(db, shop)) == 1

    # a fresh checkout is not the job's: it is resumed only once it was left idle
    await checkout_service.resume_placing(db, idle=timedelta(minutes=5))
    steps = await db.pool.fetch(
        "SELECT status FROM public.checkout_step WHERE checkout_id = $1 ORDER BY position", checkout_id
    )
    assert [s["status"] for s in steps] == ["placed", "pending"]
    await db.pool.execute(
        "UPDATE public.checkout SET updated_at = now() - interval '2 minutes' WHERE id = $1", checkout_id
    )
    spec = get_job("checkout.resume")
    context = JobContext(db, api.settings, None)  # type: ignore[arg-type]
    await spec.handler(context, Event(checkout_id, "checkout.resume"))
    await spec.handler(context, Event(checkout_id, "checkout.resume"))  # a second run finds nothing left
    orders = await _orders(db, shop)
    assert len(orders) == 2 and all(o["checkout_id"] == checkout_id for o in orders)
    answer = await call(api, "GET", f"/api/v1/orgs/{shop.buyer_id}/checkouts/{checkout_id}", shop.buyer)
    assert answer["status"] == "completed"
    assert [s["status"] for s in answer["steps"]] == ["placed", "placed"]
    # running a step again finds its order: nothing doubles
    for seller in shop.sellers:
        await checkout_service.run_step(db, checkout_id, seller.tenant_id)
    assert len(await _orders(db, shop)) == 2


async def test_another_company_never_sees_a_checkout(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "1"})
    placed = await _place(api, shop, place_body(shop, {0: "1.01"}))
    stranger, stranger_org = await acting_buyer(api, "Other Co")
    for url, headers in (
        (f"/api/v1/orgs/{shop.buyer_id}/checkouts/{placed['id']}", stranger),  # not a member
        (f"/api/v1/orgs/{stranger_org}/checkouts/{placed['id']}", stranger),  # its own company
        (f"/api/v1/orgs/{shop.sellers[0].tenant_id}/checkouts/{placed['id']}", shop.sellers[0].owner),
    ):
        assert (await api.client.get(url, headers=headers)).status_code == 404, url
    assert (await api.client.get(f"/api/v1/orgs/{shop.buyer_id}/checkouts/{placed['id']}")).status_code in {
        401,
        404,
    }


async def test_lines_another_checkout_took_meanwhile_are_not_placed_twice(
    api: Api, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "1", "BE-1": "1"})
    original_write = checkout_service._write

    async def write_after_the_other(tx: Any, *args: Any) -> None:
        await tx.database.pool.execute(  # another connection of the app: the other checkout
            "DELETE FROM public.cart_line WHERE org_id = $1 AND sku = 'BE-1'", shop.buyer_id
        )
        await original_write(tx, *args)

    monkeypatch.setattr(checkout_service, "_write", write_after_the_other)
    refused = await _place(api, shop, place_body(shop, {0: "1.01", 1: "2.50"}), status=409)
    assert refused["code"] == "checkout.cart_changed"
    assert await _orders(db, shop) == []
    assert (
        await db.pool.fetchval("SELECT count(*) FROM public.checkout WHERE org_id = $1", shop.buyer_id) == 0
    )
    # the line the other checkout left is still in the cart (the refusal removed nothing)
    left = await db.pool.fetch("SELECT sku FROM public.cart_line WHERE org_id = $1", shop.buyer_id)
    assert [r["sku"] for r in left] == ["AL-1"]
