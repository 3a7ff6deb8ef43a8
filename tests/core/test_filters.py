"""Free-text filters: bounded in length (400 naming the parameter) and matched
literally, so ``%`` and ``_`` are characters, not wildcards."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.filters import MAX_SEARCH_LENGTH
from tests.fixtures.api import Api
from tests.fixtures.catalog import call, owner_of_supplier


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_the_product_search_is_bounded_and_literal(api: Api) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    products = f"/api/v1/suppliers/{slug}/products"
    for name, sku in (("Shirt 100% cotton", "SH-1"), ("Hex_bolt M8", "HB-1"), ("Hexabolt M8", "HB-2")):
        await call(api, "POST", products, owner, {"name": name, "variants": [{"sku": sku}]}, 201)

    async def names(q: str) -> list[str]:
        page = await call(api, "GET", f"{products}?sort=name&q={q}", owner)
        return [p["name"] for p in page["items"]]

    assert await names("%25") == ["Shirt 100% cotton"]  # %25: a literal % in the URL
    assert await names("x_b") == ["Hex_bolt M8"], "_ is a character, not any character"
    assert await names("HB-") == ["Hex_bolt M8", "Hexabolt M8"], "SKU prefixes still match"
    assert await names("h" * MAX_SEARCH_LENGTH) == []
    too_long = await api.client.get(products, params={"q": "h" * (MAX_SEARCH_LENGTH + 1)}, headers=owner)
    assert too_long.status_code == 400
    assert [e["field"] for e in too_long.json()["errors"]] == ["q"]


async def test_the_marketplace_search_is_bounded(api: Api) -> None:
    response = await api.client.get("/api/v1/marketplaces/any/search", params={"q": "%_" * 1000})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["q"]


async def test_the_audit_action_filter_is_a_literal_prefix(api: Api) -> None:
    owner, _, org_id = await owner_of_supplier(api)
    made = await api.client.post(
        f"/api/v1/orgs/{org_id}/api-keys", json={"name": "erp", "role": "viewer"}, headers=owner
    )
    assert made.status_code == 201, made.text

    async def actions(prefix: str) -> list[str]:
        page = await call(api, "GET", f"/api/v1/orgs/{org_id}/audit?action={prefix}", owner)
        return [entry["action"] for entry in page["items"]]

    assert await actions("api_keys.") == ["api_keys.created"]
    assert await actions("api_key_") == [], "api_key_ must not match api_keys (_ is no wildcard)"
    assert await actions("api%25") == []
    too_long = await api.client.get(
        f"/api/v1/orgs/{org_id}/audit", params={"action": "a" * 201}, headers=owner
    )
    assert too_long.status_code == 400


async def test_tenant_and_marketplace_searches_match_wildcards_literally(api: Api) -> None:
    from hansa.marketplace.marketplaces import repository as marketplaces
    from hansa.tenants import repository as tenants

    await owner_of_supplier(api)  # at least one tenant exists: "Bolt & Nut SRL"
    async with api.db.transaction() as tx:
        for wildcard in ("_", "%", "\\"):
            found, _ = await tenants.list_tenants(tx, status=None, search=wildcard, limit=200, offset=0)
            assert all(wildcard in t.name.lower() or wildcard in t.slug for t in found), wildcard
            found_markets, _ = await marketplaces.list_marketplaces(
                tx, status=None, kind=None, search=wildcard, limit=200, offset=0
            )
            assert all(wildcard in m.name.lower() or wildcard in m.slug for m in found_markets), wildcard
