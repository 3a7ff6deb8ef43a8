"""Quick order over HTTP (issue 11, item 3): a paste resolved row by row with every
rejection's reason and a suggested quantity, a SKU of several suppliers listed with this
buyer's price at each (or sent to the preferred supplier), the accepted rows added to
the cart, CSV and XLSX uploads, the 10,000-line bound; bad input changes nothing."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import openpyxl
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


async def seller(
    api: Api, market: Market, prices: dict[str, str], extra: tuple[dict[str, Any], ...] = ()
) -> str:
    """A listed supplier selling ``prices`` (SKU -> base unit price, EUR; minimum 50, packs of
    10) and the ``extra`` products (no price); its slug."""
    owner, slug, org_id = await supplier(api, market.ops, unique_slug("Seller"))
    await list_on(api, market.ops, owner, org_id, market.marketplace_id)
    base = f"/api/v1/suppliers/{slug}"
    for sku in prices:
        await call(api, "POST", f"{base}/products", owner, product(f"Item {sku}", sku, None), 201)
    for body in extra:
        await call(api, "POST", f"{base}/products", owner, body, 201)
    price_list = await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "B", "kind": "base", "currency": "EUR"}, 201
    )
    await call(
        api,
        "PUT",
        f"{base}/price-lists/{price_list['id']}/items",
        owner,
        {"items": [{"sku": sku, "tiers": [{"min_qty": "10", "unit_price": p}]} for sku, p in prices.items()]},
    )
    return slug


def url(market: Market, rest: str) -> str:
    return f"/api/v1/orgs/{market.buyer_id}/{rest}"


async def test_a_paste_is_resolved_row_by_row(api: Api) -> None:
    market = await build_market(api)
    ok, shared, unpriced, hidden = (unique_slug(s) for s in ("OK", "SHARED", "NOPRICE", "HIDDEN"))
    first = await seller(
        api,
        market,
        {ok: "1.50", shared: "2.00"},
        (product("No price", unpriced, None), product("Draft", hidden, None, "draft")),
    )
    second = await seller(api, market, {shared: "1.90"})
    text = "\n".join(
        [
            f"{ok}\t100",  # 1: accepted
            f"{ok};55",  # 2: not a pack multiple -> 60
            f"{ok} 7",  # 3: below the minimum -> 50
            "NO-SUCH-SKU-XYZ,5",  # 4
            f"{hidden} 50",  # 5: a draft
            f"{unpriced} 50",  # 6
            f"{ok} 1,5x",  # 7: bad quantity
            f"{shared} 100",  # 8: two suppliers
            "",
            f"{ok} 1000,0",  # 10: a decimal comma, accepted
        ]
    )
    report = await call(api, "POST", url(market, "quick-order/resolve"), market.buyer, {"text": text})
    rows = {r["row"]: r for r in report["rows"]}
    assert (report["accepted"], report["rejected"], report["ambiguous"]) == (2, 6, 1)
    assert (rows[1]["status"], rows[1]["supplier"]["slug"], rows[1]["unit_price"], rows[1]["line_total"]) == (
        "accepted",
        first,
        "1.500000",
        "150.00",
    )
    assert (rows[2]["reason"], rows[2]["suggested_quantity"]) == ("not_pack_multiple", "60")
    assert (rows[3]["reason"], rows[3]["suggested_quantity"]) == ("below_minimum", "50")
    assert [rows[n]["reason"] for n in (4, 5, 6, 7)] == [
        "unknown_sku",
        "not_visible",
        "no_price",
        "bad_quantity",
    ]
    assert rows[8]["status"] == "ambiguous"
    assert sorted((c["supplier"]["slug"], c["unit_price"]) for c in rows[8]["candidates"]) == sorted(
        [(first, "2.000000"), (second, "1.900000")]
    )
    assert (rows[10]["status"], rows[10]["quantity"]) == ("accepted", "1000.0")

    # with a preferred supplier the shared SKU goes there; "add" puts the accepted rows in the cart
    await call(api, "PUT", url(market, "preferred-suppliers"), market.buyer, {"suppliers": [second]})
    added = await call(api, "POST", url(market, "quick-order/add"), market.buyer, {"text": text})
    assert (added["added"], added["line_count"]) == (3, 2)  # rows 1 and 10 add up on one line
    cart = await call(api, "GET", url(market, "cart"), market.buyer)
    assert sorted(
        (g["supplier"]["slug"], line["sku"], line["quantity"]) for g in cart["groups"] for line in g["lines"]
    ) == sorted([(first, ok, "1100.0"), (second, shared, "100")])
    # typed rows: a choice of supplier and the suggested quantity accepted
    typed = await call(
        api,
        "POST",
        url(market, "quick-order/resolve"),
        market.buyer,
        {"rows": [{"sku": shared, "quantity": "100", "supplier": first}, {"sku": ok, "quantity": "60"}]},
    )
    assert [(r["status"], r["supplier"]["slug"]) for r in typed["rows"]] == [
        ("accepted", first),
        ("accepted", first),
    ]


async def test_bad_quick_orders_change_nothing(api: Api) -> None:
    market = await build_market(api)
    ok = unique_slug("OK")
    await seller(api, market, {ok: "1.00"})
    await call(api, "POST", url(market, "quick-order/add"), market.buyer, {"text": f"{ok} 50"})
    before = await call(api, "GET", url(market, "cart"), market.buyer)
    for body, status, field in [
        ({}, 422, "rows"),
        ({"text": f"{ok} 50", "rows": []}, 422, "rows"),
        ({"text": "\n".join(f"{ok} 50" for _ in range(10_001))}, 422, "text"),
    ]:
        response = await api.client.post(url(market, "quick-order/add"), json=body, headers=market.buyer)
        assert response.status_code == status, response.text
        assert response.json()["errors"][0]["field"] == field
    too_big = await api.client.post(
        url(market, "quick-order/resolve"), json={"text": "x" * 1_000_001}, headers=market.buyer
    )
    assert too_big.status_code == 400
    assert await call(api, "GET", url(market, "cart"), market.buyer) == before
    # a supplier company has no cart (nor the right to order)
    assert (
        await api.client.post(
            f"/api/v1/orgs/{market.supplier_id}/quick-order/resolve",
            json={"text": "a 1"},
            headers=market.owner,
        )
    ).status_code == 403


async def test_10000_pasted_lines_resolve(api: Api) -> None:
    market = await build_market(api)
    ok = unique_slug("OK")
    await seller(api, market, {ok: "1.00"})
    report = await call(
        api,
        "POST",
        url(market, "quick-order/resolve"),
        market.buyer,
        {"text": "\n".join(f"{ok} 50" for _ in range(10_000))},
    )
    assert report["accepted"] == 10_000


async def test_csv_and_xlsx_uploads(api: Api) -> None:
    market = await build_market(api)
    ok = unique_slug("OK")
    slug = await seller(api, market, {ok: "1.00"})
    csv = f"sku;qty\n{ok};50\n{ok};55\n".encode()
    report = await api.client.post(
        url(market, "quick-order/file"), files={"file": ("order.csv", csv, "text/csv")}, headers=market.buyer
    )
    assert report.status_code == 200, report.text
    assert [(r["row"], r["status"], r["suggested_quantity"]) for r in report.json()["rows"]] == [
        (2, "accepted", None),
        (3, "rejected", "60"),
    ]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["sku", "qty"])
    sheet.append([ok, 70])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = await api.client.post(
        url(market, "quick-order/file"),
        files={"file": ("order.xlsx", buffer.getvalue(), "application/octet-stream")},
        headers=market.buyer,
    )
    assert xlsx.status_code == 200, xlsx.text
    [row] = xlsx.json()["rows"]
    assert (row["status"], row["supplier"]["slug"], row["line_total"]) == ("accepted", slug, "70.00")
    for name, content in [
        ("order.pdf", b"%PDF"),
        ("order.csv", b"code;amount\nA;1\n"),
        ("order.xlsx", b"nope"),
    ]:
        bad = await api.client.post(
            url(market, "quick-order/file"),
            files={"file": (name, content, "text/plain")},
            headers=market.buyer,
        )
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "file", bad.text
