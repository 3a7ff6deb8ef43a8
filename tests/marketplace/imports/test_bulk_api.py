"""The JSON bulk upsert API for ERPs and Idempotency-Key (docs/imports.md): all or
nothing with per-item errors; the same key and body apply once; the same key with
another body answers 422; a concurrent duplicate waits and gets the stored answer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call, owner_of_supplier

ITEMS = {
    "items": [
        {"sku": "ERP-1", "product_ref": "ERP", "product_name": "Vrták HSS 8 mm", "pack_size": "10"},
        {"sku": "ERP-2", "product_ref": "ERP", "product_name": "Vrták HSS 8 mm", "variant_name": "dlouhý"},
    ]
}


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def post(
    api: Api, url: str, headers: dict[str, str], body: Any, key: str | None = None
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key else {}
    return await api.client.post(
        url, content=json.dumps(body), headers={"content-type": "application/json", **headers, **extra}
    )


async def outbox_rows(db: Database) -> int:
    return int(await db.fetchval("SELECT count(*) FROM public.outbox"))


async def test_the_same_key_and_body_apply_once(api: Api, db: Database) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    url = f"/api/v1/suppliers/{slug}/bulk/variants"
    first = await post(api, url, owner, ITEMS, key="erp-run-1")
    assert first.status_code == 200, first.text
    assert first.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "products_created": 1,
        "products_updated": 0,
    }
    events = await outbox_rows(db)
    retry = await post(api, url, owner, ITEMS, key="erp-run-1")
    assert (retry.status_code, retry.content) == (200, first.content)
    assert retry.headers["idempotency-replayed"] == "true"
    assert await outbox_rows(db) == events  # nothing re-applied
    products = await call(api, "GET", f"/api/v1/suppliers/{slug}/products", owner)
    assert products["total"] == 1 and len(products["items"][0]["variants"]) == 2
    # the same key with another body
    changed = {"items": [{**ITEMS["items"][0], "pack_size": "20"}]}
    reused = await post(api, url, owner, changed, key="erp-run-1")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency.key_reused"
    # a new key applies it; without a key it is plainly idempotent by value
    assert (await post(api, url, owner, changed, key="erp-run-2")).json()["updated"] == 1
    plain = await post(api, url, owner, changed)
    assert plain.status_code == 200 and plain.json()["unchanged"] == 1
    assert (await post(api, url, owner, ITEMS, key="bad key with spaces")).status_code == 400


async def test_items_are_all_or_nothing_with_errors_per_item(api: Api) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    body = {"items": [ITEMS["items"][0], {"sku": "NEW-1"}, ITEMS["items"][0]]}
    rejected = await post(api, f"{base}/bulk/variants", owner, body, key="k1")
    assert rejected.status_code == 422
    assert {e["field"] for e in rejected.json()["errors"]} == {"items[1].product_name", "items[2].sku"}
    assert (await call(api, "GET", f"{base}/products", owner))["total"] == 0
    # the failed request did not burn its key
    fixed = await post(api, f"{base}/bulk/variants", owner, ITEMS, key="k1")
    assert fixed.status_code == 200
    assert (await post(api, f"{base}/bulk/variants", owner, {"items": [{"sku": "x y"}]})).status_code == 400
    assert (await post(api, f"{base}/bulk/variants", owner, {"items": []})).status_code == 400
    # inventory and prices
    await call(api, "POST", f"{base}/inventory/locations", owner, {"code": "W1", "name": "Wien"}, 201)
    stock = {"items": [{"sku": "ERP-1", "location": "W1", "on_hand": "40"}]}
    assert (await post(api, f"{base}/bulk/inventory", owner, stock, key="s1")).json()["created"] == 1
    assert (await post(api, f"{base}/bulk/inventory", owner, stock, key="s2")).json()["unchanged"] == 1
    await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "Basis", "kind": "base", "currency": "EUR"}, 201
    )
    tiers = {
        "items": [
            {"price_list": "Basis", "sku": "ERP-1", "min_qty": "1", "unit_price": "2.50"},
            {"price_list": "Basis", "sku": "ERP-1", "min_qty": "100", "unit_price": "2.10"},
        ]
    }
    assert (await post(api, f"{base}/bulk/prices", owner, tiers, key="p1")).json()["created"] == 1
    assert (await post(api, f"{base}/bulk/prices", owner, tiers)).json()["unchanged"] == 1
    wrong = {
        "items": [
            {"price_list": "Nope", "sku": "ERP-1", "min_qty": "1", "unit_price": "1", "currency": "EUR"}
        ]
    }
    response = await post(api, f"{base}/bulk/prices", owner, wrong)
    assert [e["field"] for e in response.json()["errors"]] == ["items[0].price_list"]


async def test_a_concurrent_duplicate_waits_and_gets_the_stored_answer(api: Api, db: Database) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    url = f"/api/v1/suppliers/{slug}/bulk/variants"
    many = {"items": [{"sku": f"C-{i}", "product_name": f"Product {i}"} for i in range(300)]}
    first, second = await asyncio.gather(
        post(api, url, owner, many, key="same"), post(api, url, owner, many, key="same")
    )
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content == second.content
    assert sorted(r.headers.get("idempotency-replayed", "false") for r in (first, second)) == [
        "false",
        "true",
    ]
    assert (await call(api, "GET", f"/api/v1/suppliers/{slug}/products", owner))["total"] == 300
