"""Issue 13, item 7: the marketplace listing and category pages read the search index, not
the supplier schemas. A category page is ``…/search`` with ``filters={"category": [id]}``
(descendants included); ``GET /marketplaces/{slug}/products`` is gone."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.browse import Market, build_market, product
from tests.fixtures.catalog import call
from tests.fixtures.jobs import Harness


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def category_page(
    api: Api, market: Market, category: str, headers: dict[str, str] | None = None
) -> list[str]:
    """The SKUs a category page shows (what the UI asks for on /app/browse/<slug>?category=…)."""
    response = await api.client.get(
        f"/api/v1/marketplaces/{market.slug}/search",
        params={"filters": json.dumps({"category": [category]}), "sort": "name"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return [offer["sku"] for item in response.json()["items"] for offer in item["offers"]]


async def test_a_product_published_after_indexing_is_listed_only_once_indexed(
    api: Api, worker: Harness
) -> None:
    market = await build_market(api)
    await worker.drain()
    # the bolts category sits under fasteners: the parent's page shows its descendants
    assert await category_page(api, market, market.fasteners) == ["HB-M8"]
    assert await category_page(api, market, market.bolts) == ["HB-M8"]
    base = f"/api/v1/suppliers/{market.supplier}"
    async with worker.paused():
        await call(
            api, "POST", f"{base}/products", market.owner, product("Hex nut M8", "HN-M8", market.bolts), 201
        )
        # published in the supplier's schema, not yet in the index: the listing does not read the schema
        assert await category_page(api, market, market.fasteners) == ["HB-M8"]
    await worker.drain()
    assert await category_page(api, market, market.fasteners) == ["HB-M8", "HN-M8"]
    assert await category_page(api, market, market.tools) == ["WR-13"]


async def test_a_suspended_suppliers_products_vanish_from_the_listing_at_once(
    api: Api, worker: Harness
) -> None:
    market = await build_market(api)
    await worker.drain()
    assert await category_page(api, market, market.fasteners, market.buyer) == ["HB-M8"]
    async with worker.paused():  # the index still holds its documents: the query leaves them out
        await call(
            api, "POST", f"/api/v1/operator/tenants/{market.supplier_id}/suspend", market.ops, {"reason": "x"}
        )
        assert await category_page(api, market, market.fasteners, market.buyer) == []
        assert await category_page(api, market, market.tools) == []
    await worker.drain()
    assert await category_page(api, market, market.fasteners) == []


async def test_a_listing_hit_carries_what_add_to_cart_needs_for_a_buyer(api: Api, worker: Harness) -> None:
    """The card's "Add to cart" (before: ``order_sku``/``order_quantity`` of the product card)."""
    market = await build_market(api)
    await worker.drain()
    url = f"/api/v1/marketplaces/{market.slug}/search"
    mine = (await call(api, "GET", url, market.buyer))["items"]
    bolt = next(item["offers"][0] for item in mine if item["offers"][0]["sku"] == "HB-M8")
    assert Decimal(bolt["min_order_qty"]) == 50 and Decimal(bolt["price"]["quantity"]) == 50
    anonymous = (await api.client.get(url)).json()["items"]
    assert all(offer["price"] is None for item in anonymous for offer in item["offers"])


async def test_the_schema_reading_listing_is_gone(api: Api) -> None:
    market = await build_market(api)
    response = await api.client.get(f"/api/v1/marketplaces/{market.slug}/products")
    assert response.status_code in (404, 405)
    paths: Any = (await api.client.get("/schema/openapi.json")).json()["paths"]
    assert "/api/v1/marketplaces/{slug}/products" not in paths
    assert "/api/v1/marketplaces/{slug}/search" in paths
