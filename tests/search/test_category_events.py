"""A category renamed or moved (``marketplaces.category_changed``): the documents of its
subtree's products hold its name and path, so search re-indexes them (docs/search.md)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.browse import Market, build_market
from tests.fixtures.catalog import call
from tests.fixtures.jobs import Harness


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _skus(api: Api, market: Market, **params: str) -> list[str]:
    response = await api.client.get(f"/api/v1/marketplaces/{market.slug}/search", params=params)
    assert response.status_code == 200, response.text
    return sorted(offer["sku"] for item in response.json()["items"] for offer in item["offers"])


async def _suggested_categories(api: Api, market: Market, q: str) -> list[dict[str, Any]]:
    response = await api.client.get(f"/api/v1/marketplaces/{market.slug}/suggest", params={"q": q})
    assert response.status_code == 200, response.text
    return [{"value": c["value"], "label": c["label"]} for c in response.json()["categories"]]


async def test_a_renamed_categorys_new_name_is_searchable_and_suggested(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    await worker.drain()
    assert await _skus(api, market, q="fasteners") == ["HB-M8"]  # bolts sit under fasteners
    await call(
        api,
        "PATCH",
        f"/api/v1/operator/categories/{market.fasteners}",
        market.ops,
        {"name": "Fixings Șuruburi"},
    )
    await worker.drain()
    # the parent's new name reaches its descendant's product; the old one is gone
    assert await _skus(api, market, q="surub") == ["HB-M8"]
    assert await _skus(api, market, q="fixings") == ["HB-M8"]
    assert await _skus(api, market, q="fasteners") == []
    assert await _suggested_categories(api, market, "fixi") == [
        {"value": market.fasteners, "label": "Fixings Șuruburi"}
    ]
    assert await _suggested_categories(api, market, "fasten") == []


async def test_a_moved_categorys_products_are_found_under_the_new_parent(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    await worker.drain()
    under_fasteners = {"filters": json.dumps({"category": [market.fasteners]})}
    assert await _skus(api, market, **under_fasteners) == ["HB-M8"]
    await call(
        api,
        "POST",
        f"/api/v1/operator/categories/{market.tools}/move",
        market.ops,
        {"parent_id": market.fasteners},
    )
    await worker.drain()
    assert await _skus(api, market, **under_fasteners) == ["HB-M8", "WR-13"]
    assert await _skus(api, market, q="fasteners wrench") == ["WR-13"]
