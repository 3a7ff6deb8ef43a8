"""Issue 9, items 1, 3 and 15 over HTTP: a buyer is priced in the currency it trades in
with the supplier (its customer terms' currency, else the supplier's default); a price
that exists only in another currency is never hidden silently; the console warns about
lists that can apply to nobody and previews the catalog as a buyer; price-list items are
searched by SKU prefix; decimals are never sent in exponent form."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.responses import needs_rewrite, plain_decimal
from tests.conftest import unique_slug
from tests.fixtures.api import Api
from tests.fixtures.browse import acting_buyer, list_on
from tests.fixtures.catalog import call
from tests.fixtures.marketplaces import marketplace
from tests.fixtures.orgs import new_org, operator, signed_in


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


@dataclass
class RonShop:
    """A supplier whose default currency is RON, with a RON base list over both SKUs and
    an EUR contract (HB-M8 only) for the buyer whose customer terms are in EUR."""

    owner: dict[str, str]
    base: str  # /api/v1/suppliers/<slug>
    slug: str
    market: str  # the marketplace's slug
    euro_buyer: dict[str, str]  # has EUR terms and the EUR contract
    euro_buyer_id: str
    lei_buyer: dict[str, str]  # no terms: trades in RON
    lei_buyer_id: str
    contract: dict[str, Any]
    base_list: dict[str, Any]


def variant(sku: str) -> dict[str, Any]:
    return {"sku": sku, "pack_size": "1", "order_increment": "1", "min_order_qty": "10"}


async def price_list(api: Api, base: str, owner: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    created: dict[str, Any] = await call(api, "POST", f"{base}/price-lists", owner, body, 201)
    return created


async def tiers(api: Api, shop: RonShop, list_id: str, items: list[dict[str, Any]]) -> None:
    await call(api, "PUT", f"{shop.base}/price-lists/{list_id}/items", shop.owner, {"items": items})


async def ron_shop(api: Api) -> RonShop:
    ops = await operator(api)
    m = await marketplace(api, ops, kind="horizontal")  # uncategorised products: a vertical one hides them
    _, owner = await signed_in(api)
    slug = unique_slug("ron")
    org = await new_org(api, owner, kind="supplier", name="Lei Bolts SRL", slug=slug, default_currency="RON")
    await call(api, "POST", f"/api/v1/operator/tenants/{org['id']}/approve", ops)
    await list_on(api, ops, owner, org["id"], m["id"])
    base = f"/api/v1/suppliers/{slug}"
    bolts = {"name": "Hex bolt", "status": "published", "variants": [variant("HB-M8"), variant("HB-M10")]}
    await call(api, "POST", f"{base}/products", owner, bolts, 201)
    euro_buyer, euro_buyer_id = await acting_buyer(api, "Euro Buyer AG")
    lei_buyer, lei_buyer_id = await acting_buyer(api, "Lei Buyer SRL")
    await call(api, "PUT", f"{base}/customer-terms/{euro_buyer_id}", owner, {"currency": "EUR"})
    base_list = await price_list(api, base, owner, {"name": "Baza", "kind": "base", "currency": "RON"})
    contract = await price_list(
        api,
        base,
        owner,
        {"name": "Euro contract", "kind": "contract", "currency": "EUR", "buyer_org_id": euro_buyer_id},
    )
    shop = RonShop(
        owner, base, slug, m["slug"], euro_buyer, euro_buyer_id, lei_buyer, lei_buyer_id, contract, base_list
    )
    await tiers(
        api,
        shop,
        base_list["id"],
        [
            {"sku": "HB-M8", "tiers": [{"min_qty": "1", "unit_price": "0.50"}]},
            {"sku": "HB-M10", "tiers": [{"min_qty": "1", "unit_price": "0.80"}]},
        ],
    )
    await tiers(
        api,
        shop,
        contract["id"],
        [
            {
                "sku": "HB-M8",
                "tiers": [{"min_qty": "1", "unit_price": "0.09"}, {"min_qty": "100", "unit_price": "0.08"}],
            }
        ],
    )
    return shop


async def product_page(api: Api, shop: RonShop, headers: dict[str, str]) -> dict[str, Any]:
    """The product page, and its lowest price ("card": what lists show since issue 13 read
    the search index, whose offers carry each variant's price in the same currency)."""
    [item] = (await call(api, "GET", f"{shop.base}/products", shop.owner))["items"]
    url = f"{shop.base}/products/{item['id']}/public"
    detail: dict[str, Any] = await call(api, "GET", url, headers)
    prices = [v["price"]["unit_price"] for v in detail["variants"] if v["price"]]
    lowest = min(prices, key=Decimal) if prices else None
    card = {"price_from": lowest, "currency": detail["currency"] if lowest else None}
    return {"card": card, **detail}


async def test_a_buyer_is_priced_in_the_currency_of_its_terms_else_the_suppliers(api: Api) -> None:
    shop = await ron_shop(api)
    # EUR terms: the EUR contract applies (it was ignored for the RON default before)
    euro = await product_page(api, shop, shop.euro_buyer)
    assert (euro["card"]["price_from"], euro["card"]["currency"]) == ("0.090000", "EUR")
    assert euro["currency"] == "EUR"
    by_sku = {v["sku"]: v for v in euro["variants"]}
    assert by_sku["HB-M8"]["price"]["currency"] == "EUR"
    assert by_sku["HB-M8"]["price"]["price_list_kind"] == "contract"
    # HB-M10 has a RON base price only: not hidden silently, the buyer is told why
    assert by_sku["HB-M10"]["price"] is None
    assert by_sku["HB-M10"]["price_unavailable"] == {"reason": "other_currency", "currencies": ["RON"]}
    # no terms: the supplier's default currency, the RON base list
    lei = await product_page(api, shop, shop.lei_buyer)
    assert (lei["card"]["price_from"], lei["card"]["currency"]) == ("0.500000", "RON")
    assert {v["sku"]: v["price"]["currency"] for v in lei["variants"]} == {"HB-M8": "RON", "HB-M10": "RON"}
    # terms changed to RON: the RON base price at once
    await call(
        api, "PUT", f"{shop.base}/customer-terms/{shop.euro_buyer_id}", shop.owner, {"currency": "RON"}
    )
    again = await product_page(api, shop, shop.euro_buyer)
    assert (again["card"]["price_from"], again["card"]["currency"]) == ("0.500000", "RON")


async def test_a_card_says_why_no_price_is_shown(api: Api) -> None:
    shop = await ron_shop(api)
    await call(api, "DELETE", f"{shop.base}/price-lists/{shop.base_list['id']}", shop.owner, status=204)
    # the lei buyer: nothing in RON and no list of its own: price on request
    lei = await product_page(api, shop, shop.lei_buyer)
    assert lei["card"]["price_from"] is None
    assert {v["price_unavailable"]["reason"] for v in lei["variants"]} == {"no_price"}
    # terms in RON for the euro buyer: its EUR contract exists, and it is told so
    await call(
        api, "PUT", f"{shop.base}/customer-terms/{shop.euro_buyer_id}", shop.owner, {"currency": "RON"}
    )
    euro = await product_page(api, shop, shop.euro_buyer)
    by_sku = {v["sku"]: v["price_unavailable"] for v in euro["variants"]}
    assert by_sku["HB-M8"] == {"reason": "other_currency", "currencies": ["EUR"]}
    # back to EUR, but the contract has ended: its agreed price is out of validity
    await call(
        api, "PUT", f"{shop.base}/customer-terms/{shop.euro_buyer_id}", shop.owner, {"currency": "EUR"}
    )
    window = {"valid_from": "2020-01-01", "valid_to": "2020-12-31"}
    await call(api, "PATCH", f"{shop.base}/price-lists/{shop.contract['id']}", shop.owner, window)
    ended = await product_page(api, shop, shop.euro_buyer)
    by_sku = {v["sku"]: v["price_unavailable"] for v in ended["variants"]}
    assert by_sku == {
        "HB-M8": {"reason": "out_of_validity", "currencies": []},
        "HB-M10": {"reason": "no_price", "currencies": []},
    }


async def test_lists_that_can_apply_to_nobody_are_flagged(api: Api) -> None:
    shop = await ron_shop(api)
    owner, base = shop.owner, shop.base
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    segment = await call(api, "POST", f"{base}/segments", owner, {"name": "Nobody yet"}, 201)
    lists = {
        "lei contract": await price_list(
            api,
            base,
            owner,
            {
                "name": "lei contract",
                "kind": "contract",
                "currency": "RON",
                "buyer_org_id": shop.euro_buyer_id,
            },
        ),
        "empty segment": await price_list(
            api,
            base,
            owner,
            {"name": "empty segment", "kind": "segment", "currency": "RON", "segment_id": segment["id"]},
        ),
        "ended": await price_list(
            api,
            base,
            owner,
            {
                "name": "ended",
                "kind": "base",
                "currency": "RON",
                "valid_from": "2020-01-01",
                "valid_to": yesterday,
            },
        ),
        "usd base": await price_list(
            api, base, owner, {"name": "usd base", "kind": "base", "currency": "USD"}
        ),
    }
    for created in lists.values():
        await tiers(
            api, shop, created["id"], [{"sku": "HB-M8", "tiers": [{"min_qty": "1", "unit_price": "1"}]}]
        )
    page = await call(api, "GET", f"{base}/price-lists?limit=50", owner)
    assert page["default_currency"] == "RON"  # what the console offers for a new list
    warnings = {pl["name"]: pl["warnings"] for pl in page["items"]}
    assert warnings == {
        "Baza": [],
        "Euro contract": [],
        "lei contract": ["currency_not_traded"],  # its buyer trades in EUR (terms)
        "empty segment": ["no_members"],
        "ended": ["expired"],
        "usd base": ["currency_not_traded"],  # nobody trades in USD
    }
    # one list answers with its warnings too; a member trading in RON clears the segment's
    await call(
        api, "PUT", f"{base}/segments/{segment['id']}/members", owner, {"buyer_org_ids": [shop.lei_buyer_id]}
    )
    one = await call(api, "GET", f"{base}/price-lists/{lists['empty segment']['id']}", owner)
    assert one["warnings"] == []
    await call(
        api, "PUT", f"{base}/segments/{segment['id']}/members", owner, {"buyer_org_ids": [shop.euro_buyer_id]}
    )
    one = await call(api, "GET", f"{base}/price-lists/{lists['empty segment']['id']}", owner)
    assert one["warnings"] == ["currency_not_traded"]
    empty = await price_list(api, base, owner, {"name": "nothing in it", "kind": "base", "currency": "RON"})
    assert empty["warnings"] == ["no_items"]  # every answer carries them, a new list's too
    assert (await call(api, "GET", f"{base}/price-lists/{empty['id']}", owner))["warnings"] == ["no_items"]


async def test_preview_as_buyer_shows_price_currency_list_and_tier_per_sku(api: Api) -> None:
    shop = await ron_shop(api)
    url = f"{shop.base}/prices/preview"
    euro = await call(api, "GET", f"{url}?buyer_org_id={shop.euro_buyer_id}", shop.owner)
    assert (euro["currency"], euro["currency_source"], euro["total"]) == ("EUR", "terms", 2)
    lines = {line["sku"]: line for line in euro["items"]}
    m8 = lines["HB-M8"]
    assert (m8["unit_price"], m8["price_list_name"], m8["price_list_kind"]) == (
        "0.090000",
        "Euro contract",
        "contract",
    )
    assert (m8["quantity"], m8["tier_min_qty"], m8["next_tier_min_qty"]) == ("10", "1", "100")
    assert lines["HB-M10"]["unit_price"] is None
    assert (lines["HB-M10"]["reason"], lines["HB-M10"]["other_currencies"]) == ("no_price", ["RON"])
    lei = await call(api, "GET", f"{url}?buyer_org_id={shop.lei_buyer_id}&sku=hb-m1&limit=1", shop.owner)
    assert (lei["currency"], lei["currency_source"], lei["total"]) == ("RON", "default", 1)
    assert [(line["sku"], line["unit_price"], line["price_list_name"]) for line in lei["items"]] == [
        ("HB-M10", "0.800000", "Baza")
    ]
    # bounded and checked: limit, SKU length, a company that is not a buyer
    assert (
        await api.client.get(f"{url}?buyer_org_id={shop.lei_buyer_id}&limit=201", headers=shop.owner)
    ).status_code == 400
    long_sku = "A" * 65
    response = await api.client.get(
        f"{url}?buyer_org_id={shop.lei_buyer_id}&sku={long_sku}", headers=shop.owner
    )
    assert response.status_code == 400
    unknown = await api.client.get(
        f"{url}?buyer_org_id=00000000-0000-0000-0000-000000000001", headers=shop.owner
    )
    assert unknown.status_code == 422 and "buyer_org_id" in unknown.text
    # a buyer may not preview (it is no member of the supplier)
    denied = await api.client.get(f"{url}?buyer_org_id={shop.lei_buyer_id}", headers=shop.lei_buyer)
    assert denied.status_code == 404


async def test_price_list_items_match_sku_prefixes_escaped_and_bounded(api: Api) -> None:
    shop = await ron_shop(api)
    items = f"{shop.base}/price-lists/{shop.base_list['id']}/items"
    assert [i["sku"] for i in (await call(api, "GET", f"{items}?sku=hb-m", shop.owner))["items"]] == [
        "HB-M10",
        "HB-M8",
    ]
    assert [i["sku"] for i in (await call(api, "GET", f"{items}?sku=HB-M8", shop.owner))["items"]] == [
        "HB-M8"
    ]
    for pattern in ("%", "_B", "HB\\"):  # LIKE wildcards are literal
        assert (await call(api, "GET", f"{items}?sku={pattern}", shop.owner))["total"] == 0
    response = await api.client.get(f"{items}?sku={'H' * 65}", headers=shop.owner)
    assert response.status_code == 400


async def test_tier_quantities_and_prices_are_plain_decimal_strings(api: Api) -> None:
    shop = await ron_shop(api)
    items = f"{shop.base}/price-lists/{shop.base_list['id']}/items"
    body = {"items": [{"sku": "HB-M8", "tiers": [{"min_qty": "1e4", "unit_price": "0.090000"}]}]}
    await call(api, "PUT", items, shop.owner, body)
    response = await api.client.get(f"{items}?sku=HB-M8", headers=shop.owner)
    assert response.status_code == 200
    assert b"E+" not in response.content and b"e+" not in response.content
    assert response.json()["items"][0]["tiers"] == [{"min_qty": "10000", "unit_price": "0.090000"}]
    resolved = await call(
        api,
        "POST",
        f"{shop.base}/prices/resolve",
        shop.owner,
        {"currency": "RON", "lines": [{"sku": "HB-M8", "quantity": "1E+4"}]},
    )
    assert (resolved["lines"][0]["quantity"], resolved["lines"][0]["line_total"]) == ("10000", "900.00")


def test_plain_decimal_has_no_exponent() -> None:
    assert [plain_decimal(Decimal(text)) for text in ("1E+4", "5E-7", "0.090000", "-2.5E+2", "0E-6")] == [
        "10000",
        "0.0000005",
        "0.090000",
        "-250",
        "0.000000",
    ]


def test_only_bodies_that_may_hold_an_exponent_are_rewritten() -> None:
    assert needs_rewrite(b'{"min_qty":"1E+4"}') and needs_rewrite(b'{"p":"5E-7"}')
    # ids (lower-case hex), dates and plain decimals take the fast path
    assert not needs_rewrite(
        b'{"id":"a47fc10a-8d0e-480f-bcd8-86c655649cee","at":"2026-01-05","p":"0.090000"}'
    )
