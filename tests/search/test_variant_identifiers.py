"""Issue 13 item 1: a variant's GTIN, manufacturer part number and manufacturer, set
through the catalog API and the bulk import (and checked: a GTIN is 8 to 14 digits)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call, owner_of_supplier


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_identifiers_through_the_api_and_the_bulk_import(api: Api) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    body = {"name": "Hex bolt", "variants": [{"sku": "HB-1", "gtin": "5940000000012", "mpn": "933-8-20"}]}
    made = await call(api, "POST", f"/api/v1/suppliers/{slug}/products", owner, body, 201)
    variant = made["variants"][0]
    assert (variant["gtin"], variant["mpn"], variant["manufacturer"]) == ("5940000000012", "933-8-20", None)
    changed = await call(
        api, "PATCH", f"/api/v1/suppliers/{slug}/variants/{variant['id']}", owner, {"manufacturer": "Würth"}
    )
    assert changed["manufacturer"] == "Würth" and changed["gtin"] == "5940000000012"
    bad = await api.client.patch(
        f"/api/v1/suppliers/{slug}/variants/{variant['id']}", json={"gtin": "12ab"}, headers=owner
    )
    assert bad.status_code == 400 and "gtin" in bad.text
    bulk = await api.client.post(
        f"/api/v1/suppliers/{slug}/bulk/variants",
        content=json.dumps({"items": [{"sku": "HB-2", "product_name": "Nut", "gtin": "4006381333931"}]}),
        headers={"content-type": "application/json", **owner},
    )
    assert bulk.status_code == 200, bulk.text
    products = await call(api, "GET", f"/api/v1/suppliers/{slug}/products?limit=10", owner)
    gtins = {v["sku"]: v["gtin"] for p in products["items"] for v in p["variants"]}
    assert gtins == {"HB-1": "5940000000012", "HB-2": "4006381333931"}
