"""Search over HTTP (issue 13): documents indexed from the owners' events by the worker,
visibility (drafts, unlisted, suspended suppliers, delisted products never shown), the
buyer's own prices, offers grouped across suppliers, bad input answering 400 with the
parameter named."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.search import service
from hansa.search.schemas import SearchQuery
from tests.fixtures.api import Api
from tests.fixtures.browse import Market, build_market, list_on, product, supplier
from tests.fixtures.catalog import call
from tests.fixtures.jobs import Harness


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def search(api: Api, market: Market, headers: dict[str, str] | None = None, **params: Any) -> Any:
    if isinstance(params.get("filters"), dict):
        params["filters"] = json.dumps(params["filters"])
    response = await api.client.get(
        f"/api/v1/marketplaces/{market.slug}/search", params=params, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def skus(page: Any) -> list[str]:
    return sorted(offer["sku"] for item in page["items"] for offer in item["offers"])


async def test_published_products_are_found_with_the_buyers_own_price(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    await worker.drain()
    visitor = await search(api, market, q="hex bolt")
    assert skus(visitor) == ["HB-M8"]
    assert visitor["prices_shown"] is False
    assert visitor["items"][0]["offers"][0]["price"] is None
    # typo, accents and prefix
    assert skus(await search(api, market, q="bolr")) == ["HB-M8"]
    assert (await search(api, market, q="bolr"))["corrected_query"] == "bolt"
    assert skus(await search(api, market, q="wre")) == ["WR-13"]
    # the draft is never found
    assert skus(await search(api, market, q="secret")) == []
    mine = await search(api, market, market.buyer, q="bolt")
    offer = mine["items"][0]["offers"][0]
    assert (
        Decimal(offer["price"]["unit_price"]) == Decimal("0.07") and Decimal(offer["price"]["quantity"]) == 50
    )
    assert [Decimal(t["unit_price"]) for t in offer["price"]["tiers"]] == [Decimal("0.07"), Decimal("0.06")]
    other = await search(api, market, market.other_buyer, q="bolt")
    assert Decimal(other["items"][0]["offers"][0]["price"]["unit_price"]) == Decimal("0.10")
    assert Decimal(other["items"][0]["lowest_price"]) == Decimal("0.10")


async def test_facets_filters_and_in_stock(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    await worker.drain()
    page = await search(api, market)
    assert skus(page) == ["HB-M8", "WR-13"]
    facets = {f["key"]: {v["value"]: v["count"] for v in f["values"]} for f in page["facets"]}
    assert facets["category"][market.fasteners] == 1 and facets["category"][market.tools] == 1
    assert facets["in_stock"] == {"true": 1, "false": 1}
    assert skus(await search(api, market, in_stock="true")) == ["HB-M8"]
    assert skus(await search(api, market, filters={"category": [market.fasteners]})) == ["HB-M8"]
    assert skus(await search(api, market, filters={"supplier": [market.supplier]})) == ["HB-M8", "WR-13"]
    priced = await search(api, market, market.buyer, sort="-price")
    assert skus(priced) == ["HB-M8", "WR-13"] and priced["items"][0]["offers"][0]["sku"] == "WR-13"
    cheap = await search(api, market, market.buyer, filters={"price": {"max": "1"}})
    assert skus(cheap) == ["HB-M8"]


async def test_a_change_reaches_the_index_and_delisting_and_suspension_hide_at_once(
    api: Api, worker: Harness
) -> None:
    market = await build_market(api)
    await worker.drain()
    base = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}"
    await call(api, "PATCH", base, market.owner, {"name": "Carriage bolt M8"})
    await worker.drain()
    assert skus(await search(api, market, q="carriage")) == ["HB-M8"]
    # archived: gone, even before the index hears of it
    async with worker.paused():
        await call(api, "PATCH", base, market.owner, {"status": "archived"})
        assert skus(await search(api, market, q="carriage")) == []
    await worker.drain()
    assert skus(await search(api, market, q="carriage")) == []
    # a suspended supplier: nothing of it, at once
    async with worker.paused():
        await call(
            api, "POST", f"/api/v1/operator/tenants/{market.supplier_id}/suspend", market.ops, {"reason": "x"}
        )
        assert skus(await search(api, market, q="wrench")) == []
    await worker.drain()
    count = await api.db.fetchval(
        "SELECT count(*) FROM search.document WHERE tenant_id = $1::uuid", market.supplier_id
    )
    assert count == 0


async def test_offers_of_one_article_are_grouped_with_the_lowest_price_first(
    api: Api, worker: Harness
) -> None:
    market = await build_market(api)
    owner, slug, org_id = await supplier(api, market.ops, "Second Bolts SRL")
    await list_on(api, market.ops, owner, org_id, market.marketplace_id)
    for s, o, sku, price in ((market.supplier, market.owner, "HB-M8", None), (slug, owner, "HB2-M8", "0.05")):
        if price is None:
            variant = market.bolt["variants"][0]["id"]
            await call(
                api, "PATCH", f"/api/v1/suppliers/{s}/variants/{variant}", o, {"gtin": "5940000000012"}
            )
            continue
        body = product("Hexagon bolt M8 (second)", sku, market.bolts)
        body["variants"][0]["gtin"] = "5940000000012"
        await call(api, "POST", f"/api/v1/suppliers/{s}/products", o, body, 201)
        price_list = await call(
            api,
            "POST",
            f"/api/v1/suppliers/{s}/price-lists",
            o,
            {"name": "B", "kind": "base", "currency": "EUR"},
            201,
        )
        await call(
            api,
            "PUT",
            f"/api/v1/suppliers/{s}/price-lists/{price_list['id']}/items",
            o,
            {"items": [{"sku": sku, "tiers": [{"min_qty": "1", "unit_price": price}]}]},
        )
    await worker.drain()
    page = await search(api, market, market.buyer, q="bolt")
    assert len(page["items"]) == 1, page["items"]
    item = page["items"][0]
    assert item["offer_count"] == 2
    assert [o["sku"] for o in item["offers"]] == ["HB2-M8", "HB-M8"]
    assert Decimal(item["lowest_price"]) == Decimal("0.05")
    # the other offers follow the page's filters (a supplier or stock chosen), not its text
    named = await search(api, market, market.buyer, q="hexagon")
    assert [o["sku"] for o in named["items"][0]["offers"]] == ["HB2-M8", "HB-M8"]
    for narrowed in (
        await search(api, market, market.buyer, filters={"supplier": [market.supplier]}),
        await search(api, market, market.buyer, in_stock="true"),
    ):
        [bolt] = [i for i in narrowed["items"] if i["offers"][0]["sku"].startswith("HB")]
        assert [o["sku"] for o in bolt["offers"]] == ["HB-M8"] and bolt["offer_count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 201}, "q"),
        ({"filters": "{not json"}, "filters"),
        ({"filters": json.dumps({"colour": ["red"]})}, "filters.colour"),
        ({"filters": json.dumps({"category": ["not-a-uuid"]})}, "filters.category"),
        ({"filters": json.dumps({"lead_time_days": {"max": "soon"}})}, "filters.lead_time_days.max"),
        ({"filters": json.dumps({"attr.material": "A2"})}, "filters.attr.material"),
        ({"cursor": "!!!"}, "cursor"),
        ({"sort": "cheapest"}, "sort"),
    ],
)
async def test_bad_input_is_a_400_naming_the_parameter(api: Api, params: dict[str, str], field: str) -> None:
    market = await build_market(api)
    response = await api.client.get(f"/api/v1/marketplaces/{market.slug}/search", params=params)
    assert response.status_code == 400, response.text
    assert field in [e["field"] for e in response.json().get("errors", [])] or field in response.text


@pytest.mark.parametrize(
    ("params", "field"),
    [({"sort": "price"}, "sort"), ({"filters": json.dumps({"price": {"min": "1"}})}, "filters.price")],
)
async def test_prices_asked_by_an_anonymous_caller_are_a_422_naming_the_parameter(
    api: Api, params: dict[str, str], field: str
) -> None:
    market = await build_market(api)
    response = await api.client.get(f"/api/v1/marketplaces/{market.slug}/search", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "search.prices_for_buyers"
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_suggest_offers_products_categories_and_suppliers(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    await worker.drain()
    response = await api.client.get(f"/api/v1/marketplaces/{market.slug}/suggest", params={"q": "bol"})
    assert response.status_code == 200, response.text
    found = response.json()
    assert [p["label"] for p in found["products"]] == ["Hex bolt M8"]
    assert found["products"][0]["highlights"] == [{"start": 4, "end": 7}]
    assert [c["value"] for c in found["categories"]] == [market.bolts]
    listed = await api.client.get(f"/api/v1/marketplaces/{market.slug}/suggest", params={"q": "listed"})
    assert [s["value"] for s in listed.json()["suppliers"]] == [market.supplier]


async def test_the_query_log_keeps_queries_and_counts_only_for_the_retention(
    api: Api, worker: Harness
) -> None:
    market = await build_market(api)
    await worker.drain()
    await search(api, market, market.buyer, q="bolt", filters={"supplier": [market.supplier]})
    await search(api, market, q="nothing-like-this")
    async with api.db.transaction() as tx:
        rows = await tx.fetch(
            "SELECT q, filters, result_count FROM search.query_log "
            "WHERE marketplace_id = $1::uuid ORDER BY id",
            market.marketplace_id,
        )
        columns = await tx.fetch(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'search' AND table_name = 'query_log'"
        )
        await tx.execute(
            "UPDATE search.query_log SET created_at = now() - interval '100 days' "
            "WHERE q = 'nothing-like-this'"
        )
    assert [(r["q"], list(r["filters"]), r["result_count"]) for r in rows] == [
        ("bolt", ["supplier"], 1),
        ("nothing-like-this", [], 0),
    ]
    assert {c["column_name"] for c in columns} == {
        "id",
        "marketplace_id",
        "q",
        "filters",
        "result_count",
        "created_at",
    }
    assert await service.prune_query_log(api.db, days=90) >= 1
    left = await api.db.fetchval(
        "SELECT count(*) FROM search.query_log WHERE marketplace_id = $1::uuid", market.marketplace_id
    )
    assert left == 1


async def test_a_broad_search_answers_estimated_counts(
    settings: Settings, db: Database, worker: Harness
) -> None:
    """Above HANSA_SEARCH_EXACT_LIMIT matches the total and the facet counts are estimates
    (``counts_exact`` false: the UI says "about"); the page still lists what is sellable."""
    broad = settings.model_copy(update={"search_exact_limit": 100})
    async with AsyncTestClient(app=create_app(broad)) as client:
        api = Api(client, db, broad)
        market = await build_market(api)
        await worker.drain()
        exact = await search(api, market, q="bolt")
        assert exact["counts_exact"] is True and skus(exact) == ["HB-M8"]
        one = (
            (
                await service.backend_of(db, broad).search(
                    SearchQuery(marketplace_id=uuid.UUID(market.marketplace_id), q="bolt")
                )
            )
            .hits[0]
            .document
        )
        await service.backend_of(db, broad).upsert(
            [
                msgspec.structs.replace(
                    one, id=f"{one.tenant_id}:{uuid.UUID(int=n)}", variant_id=uuid.UUID(int=n)
                )
                for n in range(1, 1200)
            ]
        )
        found = await search(api, market, q="bolt")
        assert found["counts_exact"] is False and found["total_exact"] is False
        assert 600 <= found["total"] <= 2400 and found["total"] == int(float(f"{found['total']:.2g}"))
        supplier_counts = next(f for f in found["facets"] if f["key"] == "supplier")["values"]
        assert supplier_counts and all(v["count"] >= 100 for v in supplier_counts)
        # the copies have no variant in the supplier's catalog: never shown, only counted
        assert skus(found) in ([], ["HB-M8"])
