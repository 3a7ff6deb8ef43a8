"""Issue 9, item 1: in the demo, every buyer sees prices from every supplier it may see
(FixPro, a RON supplier, showed "Price on request" on all of its products to Nordbau),
in the currency it trades in with that supplier, on cards and product pages."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.migrations import MigrationSet
from hansa.seed.data import BUYERS, PASSWORD, SUPPLIERS
from hansa.seed.demo import seed_demo
from tests.seed.conftest import FreshDb

PRODUCTS = 60


def trading_currency(buyer: str, supplier_slug: str) -> str:
    """What the demo intends: the buyer's terms' currency at the supplier, else the supplier's."""
    supplier = next(s for s in SUPPLIERS if s.slug == supplier_slug)
    terms = {slug: currency for slug, _, _, currency in supplier.terms}
    return terms.get(buyer, supplier.currency)


async def test_every_demo_buyer_sees_a_price_on_every_product_of_every_supplier(
    fresh_db: FreshDb, migrations: MigrationSet, settings: Settings
) -> None:
    db = await fresh_db()
    await seed_demo(db, migrations, products=PRODUCTS, seed=42)
    app_settings = settings.model_copy(update={"database_url": db.dsn})
    async with AsyncTestClient(app=create_app(app_settings)) as client:
        for buyer in BUYERS:
            login = await client.post(
                "/api/v1/auth/login",
                json={"email": f"purchaser@{buyer.slug}.demo", "password": PASSWORD, "mode": "bearer"},
            )
            assert login.status_code == 200, login.text
            headers = {"Authorization": f"Bearer {login.json()['token']}"}
            for supplier in SUPPLIERS:
                currency = trading_currency(buyer.slug, supplier.slug)
                for market in supplier.marketplaces:
                    page = await client.get(
                        f"/api/v1/marketplaces/{market}/products",
                        params={"supplier": supplier.slug, "limit": 50},
                        headers=headers,
                    )
                    assert page.status_code == 200, page.text
                    cards = page.json()["items"]
                    assert cards, f"{buyer.slug} sees no product of {supplier.slug} on {market}"
                    unpriced = [c["name"] for c in cards if c["price_from"] is None]
                    assert not unpriced, f"{buyer.slug} sees no price from {supplier.slug}: {unpriced[:3]}"
                    assert {c["currency"] for c in cards} == {currency}, (buyer.slug, supplier.slug)
                product = await client.get(cards[0]["url"], headers=headers)
                assert product.status_code == 200, product.text
                variants = product.json()["variants"]
                assert variants and all(v["price"] is not None for v in variants), (buyer.slug, supplier.slug)
                assert {v["price"]["currency"] for v in variants} == {currency}
