"""The cart over HTTP on real PostgreSQL (issue 11, item 2): lines priced live by the
supplier's price resolution (a price list change shows on the next read), grouped by
supplier with subtotals, rule checks with a suggested quantity, stock per line, lines of
an unavailable supplier kept and marked, SKU-only lines resolved to their supplier (or
refused as ambiguous), another buyer's line id answers 404, bad input changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.conftest import unique_slug
from tests.fixtures.api import Api
from tests.fixtures.browse import Market, build_market, list_on, product, supplier
from tests.fixtures.catalog import call


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def cart_url(market: Market, org_id: str | None = None) -> str:
    return f"/api/v1/orgs/{org_id or market.buyer_id}/cart"


async def add(api: Api, market: Market, lines: list[dict[str, Any]], status: int = 200) -> Any:
    return await call(api, "POST", f"{cart_url(market)}/lines", market.buyer, {"lines": lines}, status)


async def cart(api: Api, market: Market) -> Any:
    return await call(api, "GET", cart_url(market), market.buyer)


async def set_customer_price(api: Api, market: Market, price: str) -> None:
    base = f"/api/v1/suppliers/{market.supplier}/price-lists"
    lists = await call(api, "GET", base, market.owner)
    customer = next(pl for pl in lists["items"] if pl["kind"] == "customer")
    await call(
        api,
        "PUT",
        f"{base}/{customer['id']}/items",
        market.owner,
        {"items": [{"sku": "HB-M8", "tiers": [{"min_qty": "50", "unit_price": price}]}]},
    )


async def second_supplier(api: Api, market: Market, sku: str = "HB-M8") -> tuple[dict[str, str], str, str]:
    """Another listed supplier selling ``sku`` (base price 0.20 EUR from 10; minimum 50), no stock."""
    owner, slug, org_id = await supplier(api, market.ops, "Second Bolts SRL")
    await list_on(api, market.ops, owner, org_id, market.marketplace_id)
    base = f"/api/v1/suppliers/{slug}"
    await call(api, "POST", f"{base}/products", owner, product("Bolt M8 too", sku, None), 201)
    price_list = await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "B", "kind": "base", "currency": "EUR"}, 201
    )
    await call(
        api,
        "PUT",
        f"{base}/price-lists/{price_list['id']}/items",
        owner,
        {"items": [{"sku": sku, "tiers": [{"min_qty": "10", "unit_price": "0.20"}]}]},
    )
    return owner, slug, org_id


async def test_lines_are_priced_live_grouped_with_subtotals_and_rule_checks(api: Api) -> None:
    market = await build_market(api)
    added = await add(
        api,
        market,
        [
            {"sku": "HB-M8", "quantity": "100", "supplier": market.supplier},
            {"sku": "WR-13", "quantity": "50", "supplier": market.supplier},
        ],
    )
    assert added["line_count"] == 2
    [group] = added["groups"]
    assert group["supplier"]["slug"] == market.supplier and group["status"] == "available"
    assert group["currency"] == "EUR"
    bolt, wrench = group["lines"]
    assert (bolt["sku"], bolt["unit_price"], bolt["line_total"]) == ("HB-M8", "0.070000", "7.00")
    assert bolt["product_name"] == "Hex bolt M8" and bolt["unit"] == "pcs"
    assert (bolt["tier_min_qty"], bolt["next_tier_min_qty"], bolt["next_tier_unit_price"]) == (
        "50",
        "500",
        "0.060000",
    )
    assert (bolt["min_order_qty"], bolt["pack_size"], bolt["order_increment"]) == ("50", "10", "10")
    assert bolt["stock"] == {
        "band": "in_stock",
        "in_stock": True,
        "allow_backorder": False,
        "lead_time_days": 0,
    }
    assert bolt["problem"] is None and bolt["suggested_quantity"] is None
    assert (wrench["unit_price"], wrench["line_total"]) == ("7.500000", "375.00")
    assert wrench["stock"]["band"] == "out_of_stock"
    assert group["subtotal"] == "382.00"
    assert added["totals"] == [{"currency": "EUR", "amount": "382.00"}]

    # adding the same SKU again adds up; the next read prices the new list price
    await add(api, market, [{"sku": "HB-M8", "quantity": "400", "supplier": market.supplier}])
    await set_customer_price(api, market, "0.05")
    bolt = (await cart(api, market))["groups"][0]["lines"][0]
    assert (bolt["quantity"], bolt["unit_price"], bolt["line_total"]) == ("500", "0.050000", "25.00")
    assert bolt["stock"]["band"] == "in_stock"

    # a quantity breaking the rules stays, with the problem and the nearest valid quantity
    patched = await call(
        api, "PATCH", f"{cart_url(market)}/lines/{bolt['id']}", market.buyer, {"quantity": "55"}
    )
    bolt = patched["groups"][0]["lines"][0]
    assert (bolt["problem"], bolt["suggested_quantity"], bolt["unit_price"]) == (
        "not_pack_multiple",
        "60",
        None,
    )
    assert patched["groups"][0]["subtotal"] == "375.00"  # the broken line is left out
    low = await call(api, "PATCH", f"{cart_url(market)}/lines/{bolt['id']}", market.buyer, {"quantity": "7"})
    assert (low["groups"][0]["lines"][0]["problem"], low["groups"][0]["lines"][0]["suggested_quantity"]) == (
        "below_minimum",
        "50",
    )
    big = await call(
        api, "PATCH", f"{cart_url(market)}/lines/{bolt['id']}", market.buyer, {"quantity": "600"}
    )
    assert big["groups"][0]["lines"][0]["stock"]["band"] == "short"
    assert (await call(api, "GET", f"{cart_url(market)}/count", market.buyer)) == {"line_count": 2}

    await call(api, "DELETE", f"{cart_url(market)}/lines/{bolt['id']}", market.buyer, status=204)
    assert [line["sku"] for line in (await cart(api, market))["groups"][0]["lines"]] == ["WR-13"]
    await call(api, "DELETE", cart_url(market), market.buyer, status=204)
    assert (await cart(api, market)) == {"groups": [], "totals": [], "line_count": 0}


async def test_bad_input_and_unknown_skus_change_nothing(api: Api) -> None:
    market = await build_market(api)
    await add(api, market, [{"sku": "HB-M8", "quantity": "100", "supplier": market.supplier}])
    before = await cart(api, market)
    url = f"{cart_url(market)}/lines"
    here = market.supplier
    for body, status, field in [
        ({"lines": [{"sku": "HB-M8", "quantity": "0", "supplier": here}]}, 422, "lines[0].quantity"),
        ({"lines": [{"sku": "HB-M8", "quantity": "-5", "supplier": here}]}, 422, "lines[0].quantity"),
        ({"lines": [{"sku": "HB-M8", "quantity": "1e13", "supplier": here}]}, 422, "lines[0].quantity"),
        (
            {
                "lines": [
                    {"sku": "WR-13", "quantity": "1", "supplier": here},
                    {"sku": "NOPE", "quantity": "1", "supplier": here},
                ]
            },
            422,
            "lines[1].sku",
        ),
        (
            {"lines": [{"sku": "SB-1", "quantity": "50", "supplier": here}]},
            422,
            "lines[0].sku",
        ),  # a draft: not visible
        ({"lines": [{"sku": "HB-M8", "quantity": "1", "supplier": "no-such"}]}, 422, "lines[0].supplier"),
        ({"lines": []}, 400, None),
        ({"lines": [{"sku": "", "quantity": "1"}]}, 400, None),
    ]:
        response = await api.client.post(url, json=body, headers=market.buyer)
        assert response.status_code == status, (body, response.text)
        if field:
            assert response.json()["errors"][0]["field"] == field, response.text
    line_id = before["groups"][0]["lines"][0]["id"]
    bad_patch = await api.client.patch(f"{url}/{line_id}", json={"quantity": "0"}, headers=market.buyer)
    assert bad_patch.status_code == 422
    assert await cart(api, market) == before


async def test_another_buyers_line_is_not_found(api: Api) -> None:
    market = await build_market(api)
    mine = await add(api, market, [{"sku": "HB-M8", "quantity": "100", "supplier": market.supplier}])
    line_id = mine["groups"][0]["lines"][0]["id"]
    theirs = f"/api/v1/orgs/{market.other_buyer_id}/cart/lines/{line_id}"
    assert (
        await api.client.patch(theirs, json={"quantity": "60"}, headers=market.other_buyer)
    ).status_code == 404
    assert (await api.client.delete(theirs, headers=market.other_buyer)).status_code == 404
    # and through the victim's organisation: not a member
    victim = f"{cart_url(market)}/lines/{line_id}"
    assert (await api.client.delete(victim, headers=market.other_buyer)).status_code == 404
    assert (await cart(api, market))["line_count"] == 1


async def test_sku_alone_goes_to_the_one_supplier_selling_it_else_asks(api: Api) -> None:
    market = await build_market(api)
    sku = unique_slug("SKU")  # other tests' markets sell the fixture's SKUs too
    _, first, _ = await second_supplier(api, market, sku=sku)
    alone = await add(api, market, [{"sku": sku, "quantity": "100"}])
    assert [g["supplier"]["slug"] for g in alone["groups"]] == [first]
    _, second, _ = await second_supplier(api, market, sku=sku)
    response = await api.client.post(
        f"{cart_url(market)}/lines", json={"lines": [{"sku": sku, "quantity": "100"}]}, headers=market.buyer
    )
    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["code"] == "cart.ambiguous_sku"
    assert sorted(problem["errors"][0]["candidates"]) == sorted([first, second])
    # the company prefers the second supplier: a SKU alone goes there
    preferred_url = f"/api/v1/orgs/{market.buyer_id}/preferred-suppliers"
    saved = await call(api, "PUT", preferred_url, market.buyer, {"suppliers": [second, market.supplier]})
    assert [p["supplier"]["slug"] for p in saved] == [second, market.supplier]
    assert [p["position"] for p in await call(api, "GET", preferred_url, market.buyer)] == [1, 2]
    added = await add(api, market, [{"sku": sku, "quantity": "100"}])
    assert [(g["supplier"]["slug"], g["lines"][0]["quantity"]) for g in added["groups"]] == [
        (first, "100"),
        (second, "100"),
    ]
    assert added["groups"][1]["lines"][0]["unit_price"] == "0.200000"
    # bad lists change nothing
    for suppliers in (["no-such"], [second, second]):
        bad = await api.client.put(preferred_url, json={"suppliers": suppliers}, headers=market.buyer)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("suppliers[")
    assert [p["supplier"]["slug"] for p in await call(api, "GET", preferred_url, market.buyer)] == [
        second,
        market.supplier,
    ]


async def test_lines_of_a_suspended_supplier_stay_marked_unavailable(api: Api) -> None:
    market = await build_market(api)
    sku = unique_slug("SKU")
    _, second, second_id = await second_supplier(api, market, sku=sku)
    await add(
        api,
        market,
        [{"sku": sku, "quantity": "50"}, {"sku": "HB-M8", "quantity": "100", "supplier": market.supplier}],
    )
    await call(
        api, "POST", f"/api/v1/operator/tenants/{second_id}/suspend", market.ops, {"reason": "unpaid fees"}
    )
    groups = (await cart(api, market))["groups"]
    assert [(g["supplier"]["slug"], g["status"]) for g in groups] == [
        (second, "suspended"),
        (market.supplier, "available"),
    ]
    assert groups[0]["lines"][0]["problem"] == "supplier_unavailable"
    assert groups[0]["currency"] is None and groups[0]["subtotal"] == "0"
    assert (await cart(api, market))["totals"] == [{"currency": "EUR", "amount": "7.00"}]
    # a supplier no longer selling the SKU (archived product): the line stays, marked
    products = await call(api, "GET", f"/api/v1/suppliers/{market.supplier}/products", market.owner)
    bolt_id = next(p["id"] for p in products["items"] if p["name"] == "Hex bolt M8")
    await call(
        api,
        "PATCH",
        f"/api/v1/suppliers/{market.supplier}/products/{bolt_id}",
        market.owner,
        {"status": "archived"},
    )
    assert (await cart(api, market))["groups"][1]["lines"][0]["problem"] == "not_visible"
