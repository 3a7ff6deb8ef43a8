"""Requisition lists over HTTP on real PostgreSQL: who sees and changes which list, lines
priced today (a list survives a price change), lines into the cart (all or some, a line
that cannot be ordered is skipped with its reason), the cart saved as a list, the bounds
(in the service and in the database), bad input answers 4xx and changes nothing, another
company's list is not found."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api, new_email
from tests.fixtures.browse import Market, build_market, list_on, product, supplier
from tests.fixtures.catalog import call


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


@pytest.fixture
async def market(api: Api) -> Market:
    return await build_market(api)


def lists_of(m: Market) -> str:
    return f"/api/v1/orgs/{m.buyer_id}/requisition-lists"


async def member(api: Api, m: Market, role: str) -> dict[str, str]:
    email = new_email()
    await call(
        api, "POST", f"/api/v1/orgs/{m.buyer_id}/invitations", m.buyer, {"email": email, "role": role}, 201
    )
    token = await api.token_from_mail(email, "Invitation")
    await api.verified_user(email)
    headers = await api.bearer(email)
    await call(api, "POST", "/api/v1/invitations/accept", headers, {"token": token})
    return headers


async def new_list(
    api: Api, m: Market, headers: dict[str, str], name: str, visibility: str = "private"
) -> Any:
    return await call(api, "POST", lists_of(m), headers, {"name": name, "visibility": visibility}, 201)


async def add(api: Api, m: Market, headers: dict[str, str], list_id: str, *lines: dict[str, Any]) -> Any:
    """Lines of the market's supplier unless a line says otherwise (other tests' suppliers sell
    the same SKUs: a SKU alone would be ambiguous)."""
    body = [{"tenant_id": m.supplier_id, **line} for line in lines]
    return await call(api, "POST", f"{lists_of(m)}/{list_id}/lines", headers, {"lines": body})


async def cart_of(api: Api, org_id: str) -> list[tuple[str, str]]:
    rows = await api.db.pool.fetch(
        "SELECT sku, quantity FROM public.cart_line WHERE org_id = $1 ORDER BY sku", uuid.UUID(org_id)
    )
    return [(row["sku"], str(row["quantity"])) for row in rows]


async def stored_lines(api: Api, list_id: str) -> list[tuple[str, str]]:
    rows = await api.db.pool.fetch(
        "SELECT sku, quantity FROM public.requisition_line WHERE list_id = $1 ORDER BY sku",
        uuid.UUID(list_id),
    )
    return [(row["sku"], str(row["quantity"])) for row in rows]


def names(page: Any) -> list[str]:
    return [item["name"] for item in page["items"]]


async def test_private_and_shared_lists_and_who_changes_them(api: Api, market: Market) -> None:
    m = market
    purchaser = await member(api, m, "purchaser")
    viewer = await member(api, m, "viewer")
    admin = await member(api, m, "admin")
    mine = await new_list(api, m, m.buyer, "Owner's private")
    team = await new_list(api, m, m.buyer, "Team weekly", "shared")
    theirs = await new_list(api, m, purchaser, "Purchaser's private")
    assert (team["can_manage"], team["visibility"], team["owner_name"]) == (True, "shared", "Ada Buyer")

    # each sees its own and the shared ones; nobody sees another member's private list
    assert names(await call(api, "GET", lists_of(m), m.buyer)) == ["Owner's private", "Team weekly"]
    assert names(await call(api, "GET", lists_of(m), purchaser)) == ["Purchaser's private", "Team weekly"]
    assert names(await call(api, "GET", f"{lists_of(m)}?scope=mine", purchaser)) == ["Purchaser's private"]
    assert names(await call(api, "GET", f"{lists_of(m)}?scope=shared", viewer)) == ["Team weekly"]
    assert names(await call(api, "GET", f"{lists_of(m)}?q=WEEK", purchaser)) == ["Team weekly"]
    for headers, hidden in ((purchaser, mine), (admin, theirs), (m.buyer, theirs)):
        response = await api.client.get(f"{lists_of(m)}/{hidden['id']}", headers=headers)
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "requisitions.list_not_found"

    # a member edits a shared list's lines, but only the owner or an admin renames or deletes it
    await add(api, m, purchaser, team["id"], {"sku": "HB-M8", "quantity": "100"})
    refused = await api.client.patch(
        f"{lists_of(m)}/{team['id']}", json={"name": "Mine now"}, headers=purchaser
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "requisitions.not_owner")
    assert (await api.client.delete(f"{lists_of(m)}/{team['id']}", headers=purchaser)).status_code == 403
    shared_by_purchaser = await call(
        api, "PATCH", f"{lists_of(m)}/{theirs['id']}", purchaser, {"visibility": "shared"}
    )
    assert shared_by_purchaser["visibility"] == "shared"
    renamed = await call(api, "PATCH", f"{lists_of(m)}/{theirs['id']}", admin, {"name": "Renamed by admin"})
    assert (renamed["name"], renamed["owner_id"]) == ("Renamed by admin", theirs["owner_id"])
    # a viewer reads but does not write
    assert (await api.client.post(lists_of(m), json={"name": "x"}, headers=viewer)).status_code == 403
    assert (
        await api.client.post(f"{lists_of(m)}/{team['id']}/lines", json={"lines": []}, headers=viewer)
    ).status_code == 403
    await call(api, "DELETE", f"{lists_of(m)}/{theirs['id']}", admin, status=204)
    assert names(await call(api, "GET", lists_of(m), purchaser)) == ["Team weekly"]
    audited = await api.db.pool.fetch(
        "SELECT action FROM public.audit_log"
        " WHERE target_type = 'requisition_list' AND target_id = $1 ORDER BY id",
        theirs["id"],
    )
    assert [row["action"] for row in audited] == [
        "requisitions.list_created",
        "requisitions.list_updated",
        "requisitions.list_updated",
        "requisitions.list_deleted",
    ]


async def test_cursor_pages(api: Api, market: Market) -> None:
    m = market
    for index in range(5):
        await new_list(api, m, m.buyer, f"List {index}")
    first = await call(api, "GET", f"{lists_of(m)}?limit=2", m.buyer)
    second = await call(api, "GET", f"{lists_of(m)}?limit=2&cursor={first['next_cursor']}", m.buyer)
    third = await call(api, "GET", f"{lists_of(m)}?limit=2&cursor={second['next_cursor']}", m.buyer)
    assert names(first) + names(second) + names(third) == [f"List {index}" for index in range(5)]
    assert third["next_cursor"] is None
    bad = await api.client.get(f"{lists_of(m)}?cursor=nonsense", headers=m.buyer)
    assert (bad.status_code, bad.json()["code"]) == (400, "requisitions.bad_cursor")


async def test_lines_are_priced_today_and_survive_a_price_change(api: Api, market: Market) -> None:
    m = market
    created = await new_list(api, m, m.buyer, "Bolts")
    detail = await add(
        api, m, m.buyer, created["id"], {"sku": "HB-M8", "quantity": "100", "note": "workshop"}
    )
    (line,) = detail["lines"]
    assert (
        line["tenant_id"],
        line["orderable"],
        line["unit_price"],
        line["line_total"],
        line["currency"],
    ) == (
        m.supplier_id,
        True,
        "0.070000",
        "7.00",
        "EUR",
    )
    assert (line["note"], line["product_name"], line["stock"]) == ("workshop", "Hex bolt M8", "in_stock")
    assert detail["totals"] == [{"currency": "EUR", "total": "7.00"}]

    # the supplier changes the buyer's price: the list shows today's price, its line is unchanged
    lists = await call(api, "GET", f"/api/v1/suppliers/{m.supplier}/price-lists", m.owner)
    customer = next(x for x in lists["items"] if x["kind"] == "customer")
    await call(
        api,
        "PUT",
        f"/api/v1/suppliers/{m.supplier}/price-lists/{customer['id']}/items",
        m.owner,
        {"items": [{"sku": "HB-M8", "tiers": [{"min_qty": "50", "unit_price": "0.09"}]}]},
    )
    again = await call(api, "GET", f"{lists_of(m)}/{created['id']}", m.buyer)
    assert (again["lines"][0]["unit_price"], again["lines"][0]["line_total"]) == ("0.090000", "9.00")
    assert await stored_lines(api, created["id"]) == [("HB-M8", "100")]

    # quantity and note change; the same SKU added again adds up
    changed = await call(
        api,
        "PATCH",
        f"{lists_of(m)}/{created['id']}/lines/{line['id']}",
        m.buyer,
        {"quantity": "500", "note": ""},
    )
    assert (changed["lines"][0]["quantity"], changed["lines"][0]["note"]) == ("500", None)
    summed = await add(
        api, m, m.buyer, created["id"], {"sku": "HB-M8", "quantity": "50", "tenant_id": m.supplier_id}
    )
    assert [(x["sku"], x["quantity"]) for x in summed["lines"]] == [("HB-M8", "550")]
    assert summed["summary"]["line_count"] == 1


async def test_to_cart_all_or_some_lines_skipping_what_cannot_be_ordered(api: Api, market: Market) -> None:
    m = market
    created = await new_list(api, m, m.buyer, "Mixed", "shared")
    detail = await add(
        api,
        m,
        m.buyer,
        created["id"],
        {"sku": "HB-M8", "quantity": "100"},
        {"sku": "WR-13", "quantity": "5"},  # below the minimum of 50
    )
    bolt, wrench = (next(x for x in detail["lines"] if x["sku"] == sku) for sku in ("HB-M8", "WR-13"))
    assert (wrench["orderable"], wrench["reason"], wrench["suggested_quantity"]) == (
        False,
        "below_minimum",
        "50",
    )

    some = await call(
        api, "POST", f"{lists_of(m)}/{created['id']}/to-cart", m.buyer, {"line_ids": [wrench["id"]]}
    )
    assert some == {
        "added": [],
        "skipped": [
            {
                "line_id": wrench["id"],
                "tenant_id": m.supplier_id,
                "sku": "WR-13",
                "quantity": "5",
                "reason": "below_minimum",
            }
        ],
    }
    assert await cart_of(api, m.buyer_id) == []

    everything = await call(api, "POST", f"{lists_of(m)}/{created['id']}/to-cart", m.buyer, {})
    assert [(x["line_id"], x["sku"], x["quantity"]) for x in everything["added"]] == [
        (bolt["id"], "HB-M8", "100")
    ]
    assert [(x["sku"], x["reason"]) for x in everything["skipped"]] == [("WR-13", "below_minimum")]
    await call(api, "POST", f"{lists_of(m)}/{created['id']}/to-cart", m.buyer, {"line_ids": [bolt["id"]]})
    assert await cart_of(api, m.buyer_id) == [("HB-M8", "200")]

    # an id that is not a line of this list: 422 naming it, the cart unchanged
    unknown = await api.client.post(
        f"{lists_of(m)}/{created['id']}/to-cart",
        json={"line_ids": [bolt["id"], str(uuid.uuid4())]},
        headers=m.buyer,
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "line_ids[1]")
    assert await cart_of(api, m.buyer_id) == [("HB-M8", "200")]

    # the cart saved as a list; an empty cart cannot be
    saved = await call(api, "POST", f"{lists_of(m)}/from-cart", m.buyer, {"name": "From my cart"}, 201)
    assert (saved["line_count"], saved["visibility"]) == (1, "private")
    assert await stored_lines(api, saved["id"]) == [("HB-M8", "200")]
    empty = await api.client.post(f"{lists_of(m)}/from-cart", json={"name": "Nothing"}, headers=m.other_buyer)
    assert empty.status_code == 404  # another company's path
    other = f"/api/v1/orgs/{m.other_buyer_id}/requisition-lists/from-cart"
    refused = await api.client.post(other, json={"name": "Nothing"}, headers=m.other_buyer)
    assert (refused.status_code, refused.json()["code"]) == (422, "requisitions.empty_cart")


async def test_sku_alone_needs_one_supplier_and_bad_lines_change_nothing(api: Api, market: Market) -> None:
    m = market
    owner2, slug2, supplier2 = await supplier(api, m.ops, "Second Bolts SRL")
    await list_on(api, m.ops, owner2, supplier2, m.marketplace_id)
    both, only_second = f"BT-{uuid.uuid4().hex[:8]}", f"NT-{uuid.uuid4().hex[:8]}"
    for owner, slug, sku in (
        (m.owner, m.supplier, both),
        (owner2, slug2, both),
        (owner2, slug2, only_second),
    ):
        await call(api, "POST", f"/api/v1/suppliers/{slug}/products", owner, product(sku, sku, None), 201)
    created = await new_list(api, m, m.buyer, "Two suppliers")
    base = f"{lists_of(m)}/{created['id']}/lines"

    cases: list[tuple[list[dict[str, Any]], str]] = [
        ([{"sku": both, "quantity": "100"}], "lines[0].tenant_id"),  # two suppliers sell it
        ([{"sku": only_second, "quantity": "100"}, {"sku": "NOPE-1", "quantity": "1"}], "lines[1].sku"),
        ([{"sku": "SB-1", "quantity": "100", "tenant_id": m.supplier_id}], "lines[0].sku"),  # a draft
        ([{"sku": only_second, "quantity": "10", "tenant_id": m.supplier_id}], "lines[0].sku"),  # not its SKU
    ]
    for lines, field in cases:
        response = await api.client.post(base, json={"lines": lines}, headers=m.buyer)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "requisitions.invalid_lines"
        assert field in [error["field"] for error in response.json()["errors"]]
    assert await stored_lines(api, created["id"]) == []

    detail = await call(
        api,
        "POST",
        base,
        m.buyer,
        {
            "lines": [
                {"sku": both, "quantity": "100", "tenant_id": supplier2},
                {"sku": only_second, "quantity": "60"},  # the one supplier selling it
                {"sku": both, "quantity": "50", "tenant_id": m.supplier_id},
            ]
        },
    )
    assert sorted((x["supplier_name"], x["sku"]) for x in detail["lines"]) == sorted(
        [("Listed Bolts SRL", both), ("Second Bolts SRL", both), ("Second Bolts SRL", only_second)]
    )
    # no price lists hold these SKUs: the lines are kept, shown as not orderable now
    assert {x["reason"] for x in detail["lines"]} == {"no_price"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("", {"name": ""}),
        ("", {"name": "x", "visibility": "public"}),
        ("", {"name": "x", "colour": "red"}),
        ("/{id}", {"name": "y" * 201}),
        ("/{id}/lines", {"lines": [{"sku": "HB-M8", "quantity": "0"}]}),
        ("/{id}/lines", {"lines": [{"sku": "HB-M8", "quantity": "-5"}]}),
        ("/{id}/lines", {"lines": [{"sku": "HB-M8", "quantity": "lots"}]}),
        ("/{id}/lines", {"lines": [{"sku": "HB-M8", "quantity": "1e12"}]}),
        ("/{id}/lines", {"lines": [{"sku": "HB M8", "quantity": "1"}]}),
        ("/{id}/lines", {"lines": [{"sku": "HB-M8", "quantity": "1", "note": "n" * 501}]}),
        ("/{id}/lines", {"lines": []}),
        ("/{id}/lines/remove", {"line_ids": ["not-a-uuid"]}),
        ("/{id}/to-cart", {"line_ids": []}),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(
    api: Api, market: Market, path: str, body: dict[str, Any]
) -> None:
    m = market
    created = await new_list(api, m, m.buyer, "Kept")
    await add(api, m, m.buyer, created["id"], {"sku": "HB-M8", "quantity": "100"})
    url = lists_of(m) + path.format(id=created["id"])
    method = "PATCH" if path == "/{id}" else "POST"
    response = await api.client.request(method, url, json=body, headers=m.buyer)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    page = await call(api, "GET", lists_of(m), m.buyer)
    assert [(x["name"], x["line_count"]) for x in page["items"]] == [("Kept", 1)]
    assert await stored_lines(api, created["id"]) == [("HB-M8", "100")]
    assert await cart_of(api, m.buyer_id) == []


async def test_bounds_in_the_service_and_the_database(api: Api, market: Market) -> None:
    m = market
    org = uuid.UUID(m.buyer_id)
    created = await new_list(api, m, m.buyer, "Full")
    owner_id = uuid.UUID(created["owner_id"])
    list_id = uuid.UUID(created["id"])
    await api.db.pool.execute(
        "INSERT INTO public.requisition_line (id, list_id, tenant_id, sku, quantity) "
        "SELECT gen_random_uuid(), $1, $2, 'SKU-' || n, 1 FROM generate_series(1, 1000) n",
        list_id,
        uuid.UUID(m.supplier_id),
    )
    full = await call(api, "GET", lists_of(m), m.buyer)
    assert full["items"][0]["line_count"] == 1000
    refused = await api.client.post(
        f"{lists_of(m)}/{created['id']}/lines",
        json={"lines": [{"sku": "HB-M8", "quantity": "100", "tenant_id": m.supplier_id}]},
        headers=m.buyer,
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "requisitions.too_many_lines")
    # the same SKU again is no new line: it still adds up
    await api.db.pool.execute(
        "UPDATE public.requisition_line SET sku = 'HB-M8' WHERE list_id = $1 AND sku = 'SKU-1'", list_id
    )
    await add(api, m, m.buyer, created["id"], {"sku": "HB-M8", "quantity": "100"})
    with pytest.raises(asyncpg.CheckViolationError):
        await api.db.pool.execute(
            "INSERT INTO public.requisition_line (id, list_id, tenant_id, sku, quantity)"
            " VALUES ($1, $2, $3, 'ONE-MORE', 1)",
            uuid.uuid4(),
            list_id,
            uuid.UUID(m.supplier_id),
        )

    await api.db.pool.execute(
        "INSERT INTO public.requisition_list (id, org_id, owner_id, name) "
        "SELECT gen_random_uuid(), $1, $2, 'Bulk ' || n FROM generate_series(1, 199) n",
        org,
        owner_id,
    )
    too_many = await api.client.post(lists_of(m), json={"name": "201st"}, headers=m.buyer)
    assert (too_many.status_code, too_many.json()["code"]) == (422, "requisitions.too_many_lists")
    with pytest.raises(asyncpg.CheckViolationError):
        await api.db.pool.execute(
            "INSERT INTO public.requisition_list (id, org_id, owner_id, name) VALUES ($1, $2, $3, 'x')",
            uuid.uuid4(),
            org,
            owner_id,
        )


async def test_another_companys_list_is_not_found(api: Api, market: Market) -> None:
    m = market
    created = await new_list(api, m, m.buyer, "Ours", "shared")
    own_path = f"/api/v1/orgs/{m.other_buyer_id}/requisition-lists/{created['id']}"
    victim_path = f"{lists_of(m)}/{created['id']}"
    for method, suffix, body in (
        ("GET", "", None),
        ("PATCH", "", {"name": "Theirs"}),
        ("DELETE", "", None),
        ("POST", "/lines", {"lines": [{"sku": "HB-M8", "quantity": "100"}]}),
        ("POST", "/to-cart", {}),
    ):
        for url in (own_path + suffix, victim_path + suffix):
            response = await api.client.request(method, url, json=body, headers=m.other_buyer)
            assert response.status_code == 404, (method, url, response.text)
    assert (await call(api, "GET", victim_path, m.buyer))["summary"]["name"] == "Ours"
    assert await stored_lines(api, created["id"]) == []
