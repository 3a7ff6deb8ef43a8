"""Issue 9, item 1: in the demo, every buyer sees prices from every supplier it may see
(FixPro, a RON supplier, showed "Price on request" on all of its products to Nordbau),
in the currency it trades in with that supplier, on cards and product pages."""

from __future__ import annotations

import json
from typing import Any

from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.migrations import MigrationSet
from hansa.seed.data import BUYERS, PASSWORD, SUPPLIERS
from hansa.seed.demo import seed_demo
from hansa.seed.search import index_demo
from tests.seed.conftest import FreshDb

PRODUCTS = 60


def trading_currency(buyer: str, supplier_slug: str) -> str:
    """What the demo intends: the buyer's terms' currency at the supplier, else the supplier's."""
    supplier = next(s for s in SUPPLIERS if s.slug == supplier_slug)
    terms = {slug: currency for slug, _, _, currency in supplier.terms}
    return terms.get(buyer, supplier.currency)


async def login(client: AsyncTestClient[Any], email: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/login", json={"email": email, "password": PASSWORD, "mode": "bearer"}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def test_every_demo_buyer_sees_a_price_on_every_product_of_every_supplier(
    fresh_db: FreshDb, migrations: MigrationSet, settings: Settings
) -> None:
    db = await fresh_db()
    await seed_demo(db, migrations, products=PRODUCTS, seed=42)
    await index_demo(db, settings)
    app_settings = settings.model_copy(update={"database_url": db.dsn})
    async with AsyncTestClient(app=create_app(app_settings)) as client:
        for buyer in BUYERS:
            headers = await login(client, f"purchaser@{buyer.slug}.demo")
            for supplier in SUPPLIERS:
                currency = trading_currency(buyer.slug, supplier.slug)
                for market in supplier.marketplaces:
                    # the marketplace listing: the search index (issue 13), one supplier's offers
                    page = await client.get(
                        f"/api/v1/marketplaces/{market}/search",
                        params={"filters": json.dumps({"supplier": [supplier.slug]}), "limit": 50},
                        headers=headers,
                    )
                    assert page.status_code == 200, page.text
                    offers = [offer for item in page.json()["items"] for offer in item["offers"]]
                    assert offers, f"{buyer.slug} sees no product of {supplier.slug} on {market}"
                    unpriced = [o["name"] for o in offers if o["price"] is None]
                    assert not unpriced, f"{buyer.slug} sees no price from {supplier.slug}: {unpriced[:3]}"
                    assert {o["price"]["currency"] for o in offers} == {currency}, (buyer.slug, supplier.slug)
                product = await client.get(offers[0]["url"], headers=headers)
                assert product.status_code == 200, product.text
                variants = product.json()["variants"]
                assert variants and all(v["price"] is not None for v in variants), (buyer.slug, supplier.slug)
                assert {v["price"]["currency"] for v in variants} == {currency}
        # no demo list is one the console would flag, but the promotion that has ended
        for supplier in SUPPLIERS:
            headers = await login(client, f"owner@{supplier.slug}.demo")
            page = await client.get(f"/api/v1/suppliers/{supplier.slug}/price-lists", headers=headers)
            assert page.status_code == 200, page.text
            assert page.json()["default_currency"] == supplier.currency
            flagged = {pl["name"]: pl["warnings"] for pl in page.json()["items"] if pl["warnings"]}
            assert list(flagged) == ["Spring promotion 2026 (ended)"], (supplier.slug, flagged)
            assert "expired" in flagged["Spring promotion 2026 (ended)"]  # (empty too, in a small demo)
