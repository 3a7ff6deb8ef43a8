"""The catalog and pricing API of issue 5 for the supplier's own users: a supplier
owner builds products, variants, stock and prices over HTTP; another organisation
gets 404; a viewer reads but cannot write; bad bodies answer 400 or 422."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.conftest import unique_slug
from tests.fixtures.api import Api
from tests.fixtures.catalog import PRODUCT, buyer_org, call, owner_of_supplier


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_owner_builds_catalog_stock_and_prices_over_http(api: Api) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    _, buyer_id = await buyer_org(api)
    base = f"/api/v1/suppliers/{slug}"
    product = await call(api, "POST", f"{base}/products", owner, PRODUCT, 201)
    assert [v["sku"] for v in product["variants"]] == ["HB-M8-20", "HB-M8-30"]
    assert product["variants"][0]["pack_size"] == "100"
    # SKU unique per supplier
    await call(api, "POST", f"{base}/products/{product['id']}/variants", owner, {"sku": "HB-M8-20"}, 409)
    extra = await call(
        api, "POST", f"{base}/products/{product['id']}/variants", owner, {"sku": "HB-M8-40"}, 201
    )
    await call(api, "PATCH", f"{base}/variants/{extra['id']}", owner, {"lead_time_days": 5})
    await call(api, "POST", f"{base}/products", owner, {"name": "Washer", "variants": [{"sku": "W-8"}]}, 201)
    page = await call(api, "GET", f"{base}/products?sort=name&limit=1", owner)
    assert (page["total"], page["limit"], [p["name"] for p in page["items"]]) == (2, 1, ["Hex bolt M8"])
    page = await call(api, "GET", f"{base}/products?sort=name&limit=1&offset=1", owner)
    assert [p["name"] for p in page["items"]] == ["Washer"]
    assert (await call(api, "GET", f"{base}/products?status=draft&q=wash", owner))["total"] == 1
    await call(api, "PATCH", f"{base}/products/{product['id']}", owner, {"name": "Hex bolt M8 8.8"})
    # stock
    await call(api, "POST", f"{base}/inventory/locations", owner, {"code": "BUC", "name": "Bucharest"}, 201)
    levels = await call(
        api,
        "PUT",
        f"{base}/inventory/levels",
        owner,
        {"levels": [{"sku": "HB-M8-20", "location_code": "BUC", "on_hand": "1200"}]},
    )
    assert levels[0]["on_hand"] == "1200"
    await call(
        api,
        "PUT",
        f"{base}/inventory/levels",
        owner,
        {"levels": [{"sku": "NOPE", "location_code": "BUC", "on_hand": "1"}]},
        422,
    )
    assert (await call(api, "GET", f"{base}/inventory/levels?sku=HB-M8-20", owner))["total"] == 1
    # prices
    base_list = await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "Base", "kind": "base", "currency": "EUR"}, 201
    )
    await call(
        api,
        "PUT",
        f"{base}/price-lists/{base_list['id']}/items",
        owner,
        {
            "items": [
                {
                    "sku": "HB-M8-20",
                    "tiers": [
                        {"min_qty": "100", "unit_price": "0.085"},
                        {"min_qty": "1000", "unit_price": "0.07"},
                    ],
                },
            ]
        },
    )
    customer = await call(
        api,
        "POST",
        f"{base}/price-lists",
        owner,
        {"name": "Buyer AG", "kind": "customer", "currency": "EUR", "buyer_org_id": buyer_id},
        201,
    )
    await call(
        api,
        "PUT",
        f"{base}/price-lists/{customer['id']}/items",
        owner,
        {"items": [{"sku": "HB-M8-20", "tiers": [{"min_qty": "100", "unit_price": "0.0655"}]}]},
    )
    items = await call(api, "GET", f"{base}/price-lists/{base_list['id']}/items", owner)
    assert items["items"][0]["tiers"] == [
        {"min_qty": "100", "unit_price": "0.085000"},
        {"min_qty": "1000", "unit_price": "0.070000"},
    ]
    segment = await call(api, "POST", f"{base}/segments", owner, {"name": "Distributors"}, 201)
    members = await call(
        api, "PUT", f"{base}/segments/{segment['id']}/members", owner, {"buyer_org_ids": [buyer_id]}
    )
    assert members["buyer_org_ids"] == [buyer_id]
    terms = await call(
        api,
        "PUT",
        f"{base}/customer-terms/{buyer_id}",
        owner,
        {"currency": "EUR", "payment_terms_days": 60, "credit_limit": "25000.00"},
    )
    assert (terms["payment_terms_days"], terms["credit_limit"]) == (60, "25000.00")
    assert (await call(api, "GET", f"{base}/customer-terms", owner))["total"] == 1
    body = {
        "currency": "EUR",
        "at": "2026-03-15",
        "lines": [
            {"sku": "HB-M8-20", "quantity": "300"},
            {"sku": "HB-M8-20", "quantity": "150"},
            {"sku": "HB-M8-30", "quantity": "1"},
            {"sku": "NOPE", "quantity": "1"},
        ],
    }
    anonymous = await call(api, "POST", f"{base}/prices/resolve", owner, body)
    assert [(line["unit_price"], line["line_total"], line["reason"]) for line in anonymous["lines"]] == [
        ("0.085000", "25.50", None),
        (None, None, "not_pack_multiple"),
        (None, None, "no_price"),
        (None, None, "unknown_sku"),
    ]
    assert anonymous["lines"][0]["next_tier_min_qty"] == "1000"
    mine = await call(api, "POST", f"{base}/prices/resolve", owner, {**body, "buyer_org_id": buyer_id})
    assert (mine["lines"][0]["price_list_kind"], mine["lines"][0]["line_total"]) == ("customer", "19.65")
    assert (mine["priced_total"], mine["unpriced_lines"]) == ("19.65", 3)
    # a draft product and its variants may be deleted; a published one may not
    await call(api, "DELETE", f"{base}/products/{product['id']}", owner, status=409)
    await call(api, "PATCH", f"{base}/price-lists/{customer['id']}", owner, {"priority": 3})
    await call(api, "DELETE", f"{base}/price-lists/{customer['id']}", owner, status=204)
    await call(api, "DELETE", f"{base}/segments/{segment['id']}", owner, status=204)
    await call(api, "DELETE", f"{base}/customer-terms/{buyer_id}", owner, status=204)


async def test_other_organisations_get_404_and_viewers_403_on_writes(api: Api) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    await call(api, "POST", f"{base}/products", owner, PRODUCT, 201)
    stranger, _ = await buyer_org(api)
    for method, url, body in [
        ("GET", f"{base}/products", None),
        ("POST", f"{base}/products", {"name": "x"}),
        (
            "POST",
            f"{base}/prices/resolve",
            {"currency": "EUR", "lines": [{"sku": "HB-M8-20", "quantity": "1"}]},
        ),
        ("GET", f"/api/v1/suppliers/{unique_slug('none')}/products", None),
    ]:
        await call(api, method, url, stranger, body, 404)
    key = await call(
        api, "POST", f"/api/v1/orgs/{org_id}/api-keys", owner, {"name": "viewer", "role": "viewer"}, 201
    )
    viewer = {"Authorization": f"Bearer {key['secret']}"}
    assert (await call(api, "GET", f"{base}/products", viewer))["total"] == 1
    await call(api, "GET", f"{base}/price-lists", viewer)
    await call(api, "POST", f"{base}/products", viewer, {"name": "x"}, 403)
    await call(
        api, "POST", f"{base}/price-lists", viewer, {"name": "B", "kind": "base", "currency": "EUR"}, 403
    )
    await call(api, "PUT", f"{base}/customer-terms/{org_id}", viewer, {"currency": "EUR"}, 403)
    await call(api, "GET", f"{base}/products", {}, status=404)  # anonymous: as a stranger


async def test_bad_bodies_answer_400_or_422(api: Api) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    for body in [
        {"name": ""},
        {"name": "x", "surprise": 1},
        {"name": "x", "status": "gone"},
        {"name": "x", "variants": [{"sku": "bad sku"}]},
        {"name": "x", "variants": [{"sku": "A-1", "min_order_qty": "abc"}]},
    ]:
        await call(api, "POST", f"{base}/products", owner, body, 400)
    # well-formed, but breaking a rule the struct checks: 422 naming the field
    rule = {"name": "x", "variants": [{"sku": "A-1", "pack_size": "0"}]}
    broken = await call(api, "POST", f"{base}/products", owner, rule, 422)
    assert broken["errors"][0]["field"] == "variants[0].pack_size"
    await call(
        api,
        "POST",
        f"{base}/products",
        owner,
        {"name": "x", "variants": [{"sku": "D-1"}, {"sku": "D-1"}]},
        409,
    )
    for body in [
        {"name": "B", "kind": "base", "currency": "EURO"},
        {"name": "B", "kind": "base", "currency": "EUR", "valid_from": "yesterday"},
    ]:
        await call(api, "POST", f"{base}/price-lists", owner, body, 400)
    for body in [
        {"name": "B", "kind": "base", "currency": "XYZ"},
        {
            "name": "B",
            "kind": "base",
            "currency": "EUR",
            "valid_from": "2026-02-01",
            "valid_to": "2026-01-01",
        },
    ]:
        await call(api, "POST", f"{base}/price-lists", owner, body, 422)
    await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "C", "kind": "customer", "currency": "EUR"}, 422
    )
    unknown = "00000000-0000-0000-0000-000000000001"
    await call(
        api,
        "POST",
        f"{base}/price-lists",
        owner,
        {"name": "C", "kind": "customer", "currency": "EUR", "buyer_org_id": unknown},
        422,
    )
    price_list = await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "B", "kind": "base", "currency": "EUR"}, 201
    )
    await call(
        api,
        "PUT",
        f"{base}/price-lists/{price_list['id']}/items",
        owner,
        {"items": [{"sku": "NOPE", "tiers": [{"min_qty": "1", "unit_price": "1"}]}]},
        422,
    )
    await call(
        api,
        "PUT",
        f"{base}/price-lists/{price_list['id']}/items",
        owner,
        {"items": [{"sku": "D-1", "tiers": [{"min_qty": "1", "unit_price": "1.0000001"}]}]},
        422,
    )
    for lines in [
        [],
        [{"sku": "A", "quantity": "x"}],
    ]:
        await call(api, "POST", f"{base}/prices/resolve", owner, {"currency": "EUR", "lines": lines}, 400)
    for quantity in ("-1", "1e400"):  # well-formed decimals breaking the rule: 422
        body = {"currency": "EUR", "lines": [{"sku": "A", "quantity": quantity}]}
        await call(api, "POST", f"{base}/prices/resolve", owner, body, 422)
