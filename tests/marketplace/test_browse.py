"""Buyer browsing of issue 5 (item 4) over HTTP: visitors see published products of
approved, active suppliers without prices; a buyer sees its own customer price and
tiers while another buyer sees the base price; drafts, unlisted, pending and
suspended suppliers are invisible. Since issue 13 (item 7) the marketplace listing and
category pages are the search index (``…/search``): the listing checks here go through
it; tests/search/test_listing.py holds the index-specific ones."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import pytest
from asyncpg.connection import Connection
from litestar.testing import AsyncTestClient
from PIL import Image

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.browse.service import order_quantity
from tests.fixtures.api import Api
from tests.fixtures.browse import Market, build_market, list_on, product, supplier
from tests.fixtures.catalog import call
from tests.fixtures.jobs import Harness
from tests.fixtures.marketplaces import category, marketplace


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def browse(
    api: Api, worker: Harness, slug: str, headers: dict[str, str] | None = None, **params: Any
) -> Any:
    """The marketplace listing (the search index), once the worker indexed every change."""
    await worker.drain()
    if isinstance(params.get("filters"), dict):
        params["filters"] = json.dumps(params["filters"])
    response = await api.client.get(f"/api/v1/marketplaces/{slug}/search", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def skus(page: Any) -> list[str]:
    return [offer["sku"] for item in page["items"] for offer in item["offers"]]


async def test_visitors_see_published_products_of_listed_suppliers_without_prices(
    api: Api, worker: Harness
) -> None:
    market = await build_market(api)
    # another approved supplier that is not listed on the marketplace, one pending supplier
    unlisted_owner, unlisted, _ = await supplier(api, market.ops, "Unlisted GmbH")
    await call(
        api,
        "POST",
        f"/api/v1/suppliers/{unlisted}/products",
        unlisted_owner,
        product("Unlisted bolt", "UB-1", market.bolts),
        201,
    )
    pending_owner, pending, pending_id = await supplier(api, market.ops, "Pending GmbH", approve=False)
    await call(
        api,
        "POST",
        f"/api/v1/suppliers/{pending}/products",
        pending_owner,
        product("Pending bolt", "PB-1", market.bolts),
        201,
    )
    page = await browse(api, worker, market.slug, sort="name")
    assert skus(page) == ["HB-M8", "WR-13"]
    assert page["total"] == 2 and page["prices_shown"] is False
    assert all(i["offers"][0]["price"] is None and i["lowest_price"] is None for i in page["items"])
    assert [i["offers"][0]["in_stock"] for i in page["items"]] == [True, False]
    assert page["items"][0]["offers"][0]["supplier"]["slug"] == market.supplier
    # filters: category with descendants, q, in_stock, supplier; sort and paging
    assert skus(await browse(api, worker, market.slug, filters={"category": [market.fasteners]})) == ["HB-M8"]
    assert skus(await browse(api, worker, market.slug, filters={"category": [market.tools]})) == ["WR-13"]
    assert skus(await browse(api, worker, market.slug, q="wrench")) == ["WR-13"]
    assert skus(await browse(api, worker, market.slug, q="%")) == []
    assert skus(await browse(api, worker, market.slug, in_stock="true")) == ["HB-M8"]
    assert (await browse(api, worker, market.slug, filters={"supplier": [unlisted]}))["total"] == 0
    assert skus(await browse(api, worker, market.slug, sort="-name")) == ["WR-13", "HB-M8"]
    first = await browse(api, worker, market.slug, sort="name", limit=1)
    second = await browse(api, worker, market.slug, sort="name", limit=1, cursor=first["next_cursor"])
    assert skus(second) == ["WR-13"] and second["total"] == 2 and second["next_cursor"] is None
    # a category of no marketplace matches nothing; an unknown marketplace is 404
    missing = await browse(api, worker, market.slug, filters={"category": [pending_id]})
    assert missing["total"] == 0
    assert (await api.client.get("/api/v1/marketplaces/no-such-market/search")).status_code == 404
    # the listing of the supplier schemas is gone: the index answers every buyer-facing list
    assert (await api.client.get(f"/api/v1/marketplaces/{market.slug}/products")).status_code in (404, 405)
    # the product page: no prices for a visitor; drafts, unlisted and pending suppliers answer 404
    page_url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/public"
    anonymous = (await api.client.get(page_url)).json()
    assert anonymous["prices_shown"] is False
    assert anonymous["variants"][0]["price"] is None
    assert anonymous["variants"][0]["in_stock"] is True
    assert anonymous["variants"][0]["min_order_qty"] == "50"
    draft_url = f"/api/v1/suppliers/{market.supplier}/products/{market.draft['id']}/public"
    assert (await api.client.get(draft_url)).status_code == 404
    assert (await api.client.get(draft_url, headers=market.owner)).status_code == 404
    unlisted_products = await call(api, "GET", f"/api/v1/suppliers/{unlisted}/products", unlisted_owner)
    assert (
        await api.client.get(
            f"/api/v1/suppliers/{unlisted}/products/{unlisted_products['items'][0]['id']}/public"
        )
    ).status_code == 404
    pending_products = await call(api, "GET", f"/api/v1/suppliers/{pending}/products", pending_owner)
    assert (
        await api.client.get(
            f"/api/v1/suppliers/{pending}/products/{pending_products['items'][0]['id']}/public"
        )
    ).status_code == 404
    # archiving hides a product at once
    await call(
        api,
        "PATCH",
        f"/api/v1/suppliers/{market.supplier}/products/{market.wrench['id']}",
        market.owner,
        {"status": "archived"},
    )
    assert skus(await browse(api, worker, market.slug)) == ["HB-M8"]


async def test_a_buyer_sees_its_own_price_and_tiers_another_buyer_the_base_price(
    api: Api, worker: Harness
) -> None:
    market = await build_market(api)
    mine = await browse(api, worker, market.slug, market.buyer, sort="name")
    assert [(Decimal(i["lowest_price"]), i["currency"]) for i in mine["items"]] == [
        (Decimal("0.07"), "EUR"),
        (Decimal("7.5"), "EUR"),
    ]
    theirs = await browse(api, worker, market.slug, market.other_buyer, sort="name")
    assert [Decimal(i["lowest_price"]) for i in theirs["items"]] == [Decimal("0.1"), Decimal("7.5")]
    url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/public"
    page = await call(api, "GET", url, market.buyer)
    assert page["prices_shown"] is True
    price = page["variants"][0]["price"]
    assert price == {
        "currency": "EUR",
        "quantity": "50",
        "unit_price": "0.070000",
        "price_list_kind": "customer",
        "tiers": [{"min_qty": "50", "unit_price": "0.070000"}, {"min_qty": "500", "unit_price": "0.060000"}],
    }
    other = (await call(api, "GET", url, market.other_buyer))["variants"][0]["price"]
    assert other["unit_price"] == "0.100000" and other["price_list_kind"] == "base"
    assert other["tiers"] == [
        {"min_qty": "50", "unit_price": "0.100000"},
        {"min_qty": "1000", "unit_price": "0.080000"},
    ]
    # a signed-in user without an active buyer company (the supplier's owner) sees no prices
    assert (await call(api, "GET", url, market.owner))["prices_shown"] is False
    # a price-list change is seen at once
    lists = await call(api, "GET", f"/api/v1/suppliers/{market.supplier}/price-lists", market.owner)
    customer = next(pl for pl in lists["items"] if pl["kind"] == "customer")
    await call(
        api,
        "DELETE",
        f"/api/v1/suppliers/{market.supplier}/price-lists/{customer['id']}",
        market.owner,
        status=204,
    )
    assert (await call(api, "GET", url, market.buyer))["variants"][0]["price"]["unit_price"] == "0.100000"


async def test_suspended_supplier_and_withdrawn_listing_disappear(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/public"
    await call(api, "POST", f"/api/v1/operator/tenants/{market.supplier_id}/suspend", market.ops, {})
    assert (await browse(api, worker, market.slug))["total"] == 0
    assert (await api.client.get(url)).status_code == 404
    await call(api, "POST", f"/api/v1/operator/tenants/{market.supplier_id}/reactivate", market.ops)
    assert (await browse(api, worker, market.slug))["total"] == 2
    assert (await api.client.get(url)).status_code == 200


def test_order_quantity_is_whole_packs_in_whole_increments() -> None:
    assert order_quantity(Decimal("50"), Decimal("10"), Decimal("10")) == Decimal("50")
    assert order_quantity(Decimal("55"), Decimal("10"), Decimal("5")) == Decimal("60")
    assert order_quantity(Decimal("1"), Decimal("4"), Decimal("6")) == Decimal("24")
    assert order_quantity(Decimal("0.5"), Decimal("0.25"), Decimal("1")) == Decimal("1")


async def test_the_catalog_checks_category_and_attributes_against_the_taxonomy(api: Api) -> None:
    market = await build_market(api)
    schema = [
        {
            "code": "thread",
            "name": "Thread",
            "type": "enum",
            "allowed_values": ["M6", "M8"],
            "required": True,
        },
        {"code": "length", "name": "Length", "type": "number", "unit": "mm"},
    ]
    await call(
        api,
        "PUT",
        f"/api/v1/operator/categories/{market.bolts}/attributes",
        market.ops,
        {"attributes": schema},
    )
    base = f"/api/v1/suppliers/{market.supplier}"
    body = product("Bolt M6", "B-M6", market.bolts)
    body["variants"][0]["attributes"] = {"thread": "M7", "length": "40", "colour": "red"}
    refused = await call(api, "POST", f"{base}/products", market.owner, body, 422)
    assert {e["field"] for e in refused["errors"]} == {
        "variants[0].attributes.thread",
        "variants[0].attributes.length",
        "variants[0].attributes.colour",
    }
    unknown = await call(
        api, "POST", f"{base}/products", market.owner, product("X", "X-1", market.supplier_id), 422
    )
    assert unknown["errors"] == [{"field": "category_id", "message": "no such category"}]
    body["variants"][0]["attributes"] = {"thread": "M6", "length": 40}
    bolt = await call(api, "POST", f"{base}/products", market.owner, body, 201)
    missing = await call(
        api, "POST", f"{base}/products/{bolt['id']}/variants", market.owner, {"sku": "B-M6-2"}, 422
    )
    assert missing["errors"] == [{"field": "attributes.thread", "message": "required"}]
    variant = bolt["variants"][0]["id"]
    await call(
        api, "PATCH", f"{base}/variants/{variant}", market.owner, {"attributes": {"thread": "M9"}}, 422
    )
    await call(api, "PATCH", f"{base}/variants/{variant}", market.owner, {"attributes": {"thread": "M8"}})
    # moving the wrench (no attributes) into the bolts category: its variant lacks the thread
    moved = await call(
        api,
        "PATCH",
        f"{base}/products/{market.wrench['id']}",
        market.owner,
        {"category_id": market.bolts},
        422,
    )
    assert moved["errors"] == [{"field": "variants[WR-13].attributes.thread", "message": "required"}]
    # uncategorised products keep free attributes
    free = product("Loose part", "LP-1", None)
    free["variants"][0]["attributes"] = {"anything": "goes"}
    await call(api, "POST", f"{base}/products", market.owner, free, 201)


async def upload_png(api: Api, market: Market, product: dict[str, Any], **fields: str) -> Any:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "PNG")
    response = await api.client.post(
        f"/api/v1/suppliers/{market.supplier}/products/{product['id']}/media",
        files={"file": ("photo.png", out.getvalue(), "image/png")},
        data={"kind": "image", **fields},
        headers=market.owner,
    )
    assert response.status_code == 201, response.text
    return response.json()


@asynccontextmanager
async def renditions_pending(api: Api, market: Market) -> AsyncIterator[None]:
    """The supplier's images as they are before the rendition job ran (the worker runs
    in the background, so the test renders first and steps back, not the other way)."""
    tenant_id = await api.db.fetchval("SELECT id FROM public.tenant WHERE slug = $1", market.supplier)
    ctx = TenantContext.for_tenant(tenant_id)
    async with tenant_transaction(api.db, ctx) as tx:
        await tx.execute("UPDATE media SET rendition_state = 'pending' WHERE rendition_state = 'ready'")
    try:
        yield
    finally:
        async with tenant_transaction(api.db, ctx) as tx:
            await tx.execute("UPDATE media SET rendition_state = 'ready' WHERE rendition_state = 'pending'")


def thumbnails(page: Any) -> dict[str, str | None]:
    return {card["name"]: card["thumbnail_url"] for card in page["items"]}


async def test_listing_hits_show_the_first_ready_public_image(api: Api, worker: Harness) -> None:
    """The index stores one thumbnail per document, the same for every caller: the first
    public image with a ready rendition (an image named for some buyers is never on a list)."""
    market = await build_market(api)
    await upload_png(api, market, market.bolt, visibility="buyers", buyer_org_ids=market.buyer_id)
    public = await upload_png(api, market, market.bolt)  # after the named one: position 1
    public_thumb = f"{public['url']}?size=160"
    for headers in (None, market.buyer, market.other_buyer):
        page = await browse(api, worker, market.slug, headers, sort="name")
        assert [i["thumbnail_url"] for i in page["items"]] == [public_thumb, None]
    assert (await api.client.get(public_thumb)).status_code == 200


async def test_the_supplier_catalog_list_shows_each_products_first_image(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    named = await upload_png(api, market, market.bolt, visibility="buyers", buyer_org_ids=market.buyer_id)
    await upload_png(api, market, market.bolt)

    async def catalog_thumbnails() -> dict[str, str | None]:
        response = await api.client.get(f"/api/v1/suppliers/{market.supplier}/products", headers=market.owner)
        assert response.status_code == 200, response.text
        return thumbnails(response.json())

    await worker.drain()
    async with renditions_pending(api, market):
        before = await catalog_thumbnails()
    assert before["Hex bolt M8"] is None and set(before.values()) == {None}  # not rendered yet
    # the supplier sees its own first image, whatever its visibility (drafts included)
    after = await catalog_thumbnails()
    assert after == {**before, "Hex bolt M8": f"{named['url']}?size=160"}


async def test_a_vertical_marketplace_shows_only_products_of_its_taxonomy(api: Api, worker: Harness) -> None:
    """Issue 9, item 11: the Fasteners marketplace showed a listed supplier's cable glands."""
    market = await build_market(api)
    electrical = await marketplace(api, market.ops)
    glands = await category(api, market.ops, electrical["id"], "cable-glands")
    base = f"/api/v1/suppliers/{market.supplier}"
    gland = await call(
        api, "POST", f"{base}/products", market.owner, product("Cable gland M20", "CG-20", glands["id"]), 201
    )
    loose = await call(
        api, "POST", f"{base}/products", market.owner, product("Loose item", "LI-1", None), 201
    )
    # the supplier is listed on the fasteners marketplace only
    assert skus(await browse(api, worker, market.slug, sort="name")) == ["HB-M8", "WR-13"]
    assert (await browse(api, worker, market.slug, q="gland"))["total"] == 0
    assert (await browse(api, worker, market.slug, filters={"category": [glands["id"]]}))["total"] == 0

    def page_of(item: dict[str, Any], **params: str) -> Any:
        return api.client.get(f"{base}/products/{item['id']}/public", params=params)

    assert (await page_of(gland)).status_code == 404
    assert (await page_of(loose)).status_code == 404
    assert (await page_of(market.bolt)).status_code == 200
    assert (await page_of(market.bolt, marketplace=market.slug)).status_code == 200
    assert (await page_of(market.bolt, marketplace=electrical["slug"])).status_code == 404
    # listed on the electrical marketplace too: the gland shows there, and only there
    await list_on(api, market.ops, market.owner, market.supplier_id, electrical["id"])
    assert skus(await browse(api, worker, electrical["slug"])) == ["CG-20"]
    assert skus(await browse(api, worker, market.slug, sort="name")) == ["HB-M8", "WR-13"]
    assert (await page_of(gland)).status_code == 200
    assert (await page_of(gland, marketplace=electrical["slug"])).status_code == 200
    assert (await page_of(gland, marketplace=market.slug)).status_code == 404
    # a horizontal marketplace shows everything, a category filter its verticals' categories
    everything = await marketplace(api, market.ops, kind="horizontal")
    await list_on(api, market.ops, market.owner, market.supplier_id, everything["id"])
    every = await browse(
        api, worker, everything["slug"], sort="name", filters={"supplier": [market.supplier]}
    )
    assert skus(every) == ["CG-20", "HB-M8", "LI-1", "WR-13"]
    by_category = await browse(api, worker, everything["slug"], filters={"category": [glands["id"]]})
    assert skus(by_category) == ["CG-20"]
    assert (await page_of(loose)).status_code == 200
    assert (await page_of(loose, marketplace=market.slug)).status_code == 404


async def test_a_buyers_product_page_is_one_transaction_without_resets(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lean request path (issue 10): the caller, the buyer organisation and the page
    are read in one transaction, and no released connection costs a RESET ALL."""
    market = await build_market(api)
    url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/public"
    assert (await api.client.get(url, headers=market.buyer)).status_code == 200
    sent: list[str] = []
    execute = Connection.execute

    async def counting(self: Connection[Any], query: str, *args: Any, **kwargs: Any) -> str:
        sent.append(query.strip())
        return await execute(self, query, *args, **kwargs)

    monkeypatch.setattr(Connection, "execute", counting)
    page = await api.client.get(url, headers=market.buyer)
    assert page.status_code == 200 and page.json()["prices_shown"] is True
    assert sent.count("BEGIN;") == 1 and sent.count("COMMIT;") == 1, sent
    assert not [query for query in sent if "RESET ALL" in query], sent
