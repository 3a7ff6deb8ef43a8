"""Issue 13, "done when": on the demo data a buyer searches with a typo and facets
across the demo suppliers and sees its own prices."""

from __future__ import annotations

import json
from decimal import Decimal

from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.migrations import MigrationSet
from hansa.seed.data import BUYERS
from hansa.seed.demo import seed_demo
from hansa.seed.search import index_demo
from tests.seed.conftest import FreshDb
from tests.seed.test_demo_prices import login


async def test_m8_inxo_finds_the_demos_stainless_m8_products_with_the_buyers_prices(
    fresh_db: FreshDb, migrations: MigrationSet, settings: Settings
) -> None:
    db = await fresh_db()
    await seed_demo(db, migrations, products=60, seed=42)
    report = await index_demo(db, settings)
    assert report.documents > 0
    app_settings = settings.model_copy(update={"database_url": db.dsn})
    async with AsyncTestClient(app=create_app(app_settings)) as client:
        headers = await login(client, f"purchaser@{BUYERS[0].slug}.demo")
        response = await client.get(
            "/api/v1/marketplaces/fasteners/search", params={"q": "M8 inxo", "limit": 50}, headers=headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["corrected_query"] == "m8 inox"
        assert page["items"], "no M8 stainless product found"
        for item in page["items"]:
            assert "m8" in item["name"].casefold() or any(a["text"] == "M8" for a in item["attributes"])
            text = " ".join([item["name"], *(str(a.get("text")) for a in item["attributes"])]).casefold()
            assert "stainless" in text, item["name"]
        assert page["prices_shown"] and any(o["price"] for i in page["items"] for o in i["offers"])
        suppliers = {o["supplier"]["slug"] for i in page["items"] for o in i["offers"]}
        # narrowing by material and stock
        material = next(f for f in page["facets"] if f["key"] == "attr.material")
        chosen = material["values"][0]["value"]
        narrowed = await client.get(
            "/api/v1/marketplaces/fasteners/search",
            params={"q": "M8 inxo", "filters": json.dumps({"attr.material": [chosen]}), "in_stock": "true"},
            headers=headers,
        )
        assert narrowed.status_code == 200, narrowed.text
        kept = narrowed.json()["items"]
        assert len(kept) <= len(page["items"])
        for item in kept:
            assert any(a["code"] == "material" and a["text"] == chosen for a in item["attributes"])
            assert all(o["in_stock"] for o in item["offers"])
        assert suppliers


async def test_the_demo_listing_shows_articles_offered_by_several_suppliers(
    fresh_db: FreshDb, migrations: MigrationSet, settings: Settings
) -> None:
    """The demo's first articles per category are offered by every supplier of the
    marketplace under one GTIN: the listing groups them ("N offers from …")."""
    db = await fresh_db()
    await seed_demo(db, migrations, products=30, seed=42)
    await index_demo(db, settings)
    app_settings = settings.model_copy(update={"database_url": db.dsn})
    async with AsyncTestClient(app=create_app(app_settings)) as client:
        headers = await login(client, f"purchaser@{BUYERS[0].slug}.demo")
        for market, expected in (
            ("fasteners", {"boltnut", "fixpro", "steelcraft"}),
            ("electrical", {"voltra", "ampere"}),
        ):
            response = await client.get(
                f"/api/v1/marketplaces/{market}/search", params={"limit": 100}, headers=headers
            )
            assert response.status_code == 200, response.text
            grouped = [item for item in response.json()["items"] if item["offer_count"] >= 2]
            assert len(grouped) >= 2, market
            for item in grouped:
                assert (
                    item["gtin"]
                    and len({o["supplier"]["slug"] for o in item["offers"]}) == item["offer_count"]
                )
                prices = [Decimal(o["price"]["unit_price"]) for o in item["offers"] if o["price"]]
                assert Decimal(item["lowest_price"]) == min(prices)
            assert {o["supplier"]["slug"] for item in grouped for o in item["offers"]} == expected, market
