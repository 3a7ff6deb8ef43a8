"""An order's life over HTTP on real PostgreSQL: confirm, ship in two shipments with the
stock leaving the warehouse, deliver; reject and cancel give the stock back; change
proposals and requests; numbered revisions with readable diffs; order_ref in step; the
other side mailed in its language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.marketplace.orders.world import World, available, new_order, place, world


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _ref(w: World, order_id: Any) -> Any:
    async with w.api.db.transaction() as tx:
        return await tx.fetchrow(
            "SELECT status, total, updated_at, skus FROM public.order_ref WHERE order_id = $1", order_id
        )


async def test_confirm_ship_partially_then_fully_and_deliver(api: Api) -> None:
    w = await world(api)
    [order_id] = await place(w, new_order(w))
    assert await available(w, "HB-M8-20") == Decimal(900)
    detail = await call(api, "POST", f"{w.sup}/{order_id}/confirm", w.supplier.headers)
    assert (detail["status"], detail["revision"]) == ("confirmed", 2)
    assert detail["revisions"][0]["diff"] == [
        {"field": "status", "before": "placed", "after": "confirmed", "line": None}
    ]
    lines = {line["sku"]: line["id"] for line in detail["lines"]}
    first = await call(
        api,
        "POST",
        f"{w.sup}/{order_id}/shipments",
        w.supplier.headers,
        {
            "lines": [{"line_id": lines["HB-M8-20"], "quantity": "40"}],
            "carrier": "DHL",
            "tracking_number": "JD0001",
            "tracking_url": "https://dhl.example/track/JD0001",
        },
    )
    assert first["status"] == "partially_shipped"
    assert first["revisions"][0]["diff"][1] == {
        "field": "shipped_quantity",
        "before": "0",
        "after": "40",
        "line": "HB-M8-20",
    }
    on_hand = await api.db.fetchval(
        f"SELECT sum(on_hand) FROM t_{w.tenant_id.hex}.inventory_level WHERE variant_id = $1",
        w.variants["HB-M8-20"],
    )
    assert on_hand == Decimal(960)
    assert await available(w, "HB-M8-20") == Decimal(900)  # shipped goods were held already
    # too much of a line: 422 naming it, nothing changed
    over = await api.client.post(
        f"{w.sup}/{order_id}/shipments",
        json={"lines": [{"line_id": lines["HB-M8-20"], "quantity": "61"}]},
        headers=w.supplier.headers,
    )
    assert over.status_code == 422, over.text
    assert over.json()["errors"] == [{"field": "lines[0].quantity", "message": "only 60 left to ship"}]
    rest = await call(api, "POST", f"{w.sup}/{order_id}/shipments", w.supplier.headers, {"carrier": "DHL"})
    assert rest["status"] == "shipped"
    assert [s["number"] for s in rest["shipments"]] == [1, 2]
    assert rest["shipments"][0]["tracking_url"] == "https://dhl.example/track/JD0001"
    assert all(Decimal(line["shipped_quantity"]) == Decimal(line["quantity"]) for line in rest["lines"])
    delivered = await call(api, "POST", f"{w.sup}/{order_id}/deliver", w.supplier.headers)
    assert (delivered["status"], delivered["revision"]) == ("delivered", 5)
    assert [r["number"] for r in delivered["revisions"]] == [5, 4, 3, 2, 1]
    ref = await _ref(w, order_id)
    assert (ref["status"], ref["updated_at"]) == ("delivered", await api.db.fetchval(
        f"SELECT updated_at FROM t_{w.tenant_id.hex}.sales_order WHERE id = $1", order_id
    ))  # fmt: skip
    # the buyer sees the same, with tracking
    seen = await call(api, "GET", f"{w.org}/{order_id}", w.buyer.headers)
    assert seen["status"] == "delivered" and seen["shipments"][0]["tracking_number"] == "JD0001"
    assert seen["supplier_name"] == "Bolt & Nut SRL"


async def test_refused_steps_answer_409_and_change_nothing(api: Api) -> None:
    w = await world(api)
    [order_id] = await place(w, new_order(w))
    for path, body in (("deliver", None), ("shipments", {})):
        refused = await api.client.post(f"{w.sup}/{order_id}/{path}", json=body, headers=w.supplier.headers)
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "orders.transition_refused"
    release = await api.client.post(f"{w.sup}/{order_id}/release", json={}, headers=w.supplier.headers)
    assert release.status_code == 409
    detail = await call(api, "GET", f"{w.sup}/{order_id}", w.supplier.headers)
    assert (detail["status"], detail["revision"], detail["next_states"]) == (
        "placed",
        1,
        ["confirmed", "rejected", "cancelled"],
    )
    blank = await api.client.post(
        f"{w.sup}/{order_id}/reject", json={"reason": ""}, headers=w.supplier.headers
    )
    assert blank.status_code == 400 or blank.status_code == 422, blank.text


async def test_reject_and_cancel_give_the_stock_back(api: Api) -> None:
    w = await world(api)
    held, placed, confirmed = await place(
        w, new_order(w, status="credit_hold", status_reason="over the limit"), new_order(w), new_order(w)
    )
    assert await available(w, "HB-M8-20") == Decimal(700)
    rejected = await call(api, "POST", f"{w.sup}/{held}/reject", w.supplier.headers, {"reason": "no credit"})
    assert (rejected["status"], rejected["status_reason"]) == ("rejected", "no credit")
    assert await available(w, "HB-M8-20") == Decimal(800)
    cancelled = await call(
        api, "POST", f"{w.org}/{placed}/cancel", w.buyer.headers, {"reason": "ordered twice"}
    )
    assert cancelled["status"] == "cancelled"
    assert await available(w, "HB-M8-20") == Decimal(900)
    await call(api, "POST", f"{w.sup}/{confirmed}/confirm", w.supplier.headers)
    # the buyer cancels only before confirmation; the supplier still may
    late = await api.client.post(f"{w.org}/{confirmed}/cancel", json={"reason": "x"}, headers=w.buyer.headers)
    assert late.status_code == 409
    await call(api, "POST", f"{w.sup}/{confirmed}/cancel", w.supplier.headers, {"reason": "out of stock"})
    assert await available(w, "HB-M8-20") == Decimal(1000)
    assert (await _ref(w, confirmed))["status"] == "cancelled"


async def test_release_a_credit_hold(api: Api) -> None:
    w = await world(api)
    [held] = await place(w, new_order(w, status="credit_hold", status_reason="over the limit"))
    released = await call(api, "POST", f"{w.sup}/{held}/release", w.supplier.headers, {"note": "paid"})
    assert (released["status"], released["status_reason"]) == ("placed", None)
    assert released["revisions"][0]["kind"] == "released"


async def test_supplier_proposal_accepted_and_declined(api: Api) -> None:
    w = await world(api)
    first, second = await place(w, new_order(w), new_order(w))
    detail = await call(api, "GET", f"{w.sup}/{first}", w.supplier.headers)
    lines = {line["sku"]: line["id"] for line in detail["lines"]}
    proposal = {
        "lines": [
            {"line_id": lines["HB-M8-20"], "quantity": "200"},
            {"line_id": lines["HB-M8-30"], "substitute_sku": "HB-M8-20"},
        ],
        "reason": "packs of 200 only",
    }
    proposed = await call(api, "POST", f"{w.sup}/{first}/proposal", w.supplier.headers, proposal)
    assert proposed["status"] == "placed" and proposed["open_change"]["side"] == "supplier"
    assert [(d["field"], d["before"], d["after"]) for d in proposed["open_change"]["diff"]] == [
        ("quantity", "100", "200"),
        ("sku", "HB-M8-30", "HB-M8-20"),
    ]
    again = await api.client.post(f"{w.sup}/{first}/proposal", json=proposal, headers=w.supplier.headers)
    assert again.status_code == 409 and again.json()["code"] == "orders.change_open"
    # the supplier cannot answer its own proposal
    own = await api.client.post(f"{w.sup}/{first}/change/accept", json={}, headers=w.supplier.headers)
    assert own.status_code == 409
    accepted = await call(api, "POST", f"{w.org}/{first}/proposal/accept", w.buyer.headers, {})
    assert accepted["open_change"] is None
    assert accepted["total"] == "525.00"  # 200 x 2.50 + 10 x 2.50
    assert [line["sku"] for line in accepted["lines"]] == ["HB-M8-20", "HB-M8-20"]
    assert accepted["revisions"][0]["kind"] == "change_accepted"
    assert {"field": "total", "before": "275.00", "after": "525.00", "line": None} in accepted["revisions"][
        0
    ]["diff"]
    assert await available(w, "HB-M8-20") == Decimal(1000 - 200 - 10 - 100)
    assert await available(w, "HB-M8-30") == Decimal(1000 - 10)  # second order's line only
    assert (await _ref(w, first))["total"] == Decimal("525.00")
    # declined: nothing changes but the revision
    lines2 = {
        line["sku"]: line["id"]
        for line in (await call(api, "GET", f"{w.sup}/{second}", w.supplier.headers))["lines"]
    }
    await call(
        api, "POST", f"{w.sup}/{second}/proposal", w.supplier.headers,
        {"lines": [{"line_id": lines2["HB-M8-20"], "quantity": "50"}]},
    )  # fmt: skip
    declined = await call(api, "POST", f"{w.org}/{second}/proposal/decline", w.buyer.headers, {"note": "no"})
    assert declined["revisions"][0]["kind"] == "change_declined"
    assert declined["total"] == "275.00" and declined["open_change"] is None


async def test_buyer_change_request_and_bad_input(api: Api) -> None:
    w = await world(api)
    [order_id] = await place(w, new_order(w))
    detail = await call(api, "GET", f"{w.org}/{order_id}", w.buyer.headers)
    lines = {line["sku"]: line["id"] for line in detail["lines"]}
    substitute = await api.client.post(
        f"{w.org}/{order_id}/change-request",
        json={"lines": [{"line_id": lines["HB-M8-20"], "substitute_sku": "HB-M8-30"}]},
        headers=w.buyer.headers,
    )
    assert substitute.status_code == 422
    assert substitute.json()["errors"][0]["field"] == "lines[0].substitute_sku"
    elsewhere = await api.client.post(
        f"{w.org}/{order_id}/change-request",
        json={"ship_to_location_id": str(order_id)},
        headers=w.buyer.headers,
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["errors"] == [
        {"field": "ship_to_location_id", "message": "not a location of this company"}
    ]
    nothing = await api.client.post(f"{w.org}/{order_id}/change-request", json={}, headers=w.buyer.headers)
    assert nothing.status_code == 422
    request = {
        "lines": [{"line_id": lines["HB-M8-30"], "remove": True}],
        "requested_delivery_date": "2030-01-15",
    }
    await call(api, "POST", f"{w.org}/{order_id}/change-request", w.buyer.headers, request)
    accepted = await call(api, "POST", f"{w.sup}/{order_id}/change/accept", w.supplier.headers, {})
    assert accepted["requested_delivery_date"] == "2030-01-15"
    assert [line["cancelled"] for line in accepted["lines"]] == [False, True]
    assert accepted["total"] == "250.00"
    assert await available(w, "HB-M8-30") == Decimal(1000)
    assert list((await _ref(w, order_id))["skus"]) == ["HB-M8-20"]


async def test_mails_in_the_recipients_language(api: Api) -> None:
    w = await world(api)
    async with api.db.transaction() as tx:
        await tx.execute("UPDATE public.app_user SET locale = 'ro' WHERE id = $1", w.buyer.user_id)
    first, second = await place(w, new_order(w), new_order(w))
    await call(api, "POST", f"{w.sup}/{first}/confirm", w.supplier.headers)
    number = (await call(api, "GET", f"{w.org}/{first}", w.buyer.headers))["number"]
    mail = (await api.mails(w.buyer.email))[0]
    assert mail.subject == f"Comanda {number} a fost confirmată de Bolt & Nut SRL"
    # the supplier's members hear of the buyer's cancellation, in English
    await call(api, "POST", f"{w.org}/{second}/cancel", w.buyer.headers, {"reason": "ordered twice"})
    supplier_mail = (await api.mails(w.supplier.email))[0]
    assert supplier_mail.subject.endswith("was cancelled")
    assert "Note: ordered twice" in supplier_mail.body
    async with api.db.transaction() as tx:
        kinds = await tx.fetch(
            "SELECT kind FROM public.notification WHERE user_id = ANY($1) ORDER BY created_at",
            [w.buyer.user_id, w.supplier.user_id],
        )
        events = await tx.fetch(
            "SELECT actor FROM public.outbox WHERE payload ->> 'order_id' = ANY($1) ORDER BY created_at",
            [str(first), str(second)],
        )
    assert [row["kind"] for row in kinds] == ["order.confirmed", "order.cancelled"]
    assert [row["actor"] for row in events] == ["orders.confirmed", "orders.cancelled"]
