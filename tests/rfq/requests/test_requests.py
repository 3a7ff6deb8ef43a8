"""The buyer's request through the API: drafts numbered without gaps, lines checked per
field, invitations staged then sent at submit, and what an invited supplier sees."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.fixtures.marketplaces import BOLT_SCHEMA, set_schema
from tests.rfq.requests.helpers import draft, draft_body, in_days, opened
from tests.rfq.world import rfq_world


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_a_draft_is_numbered_listed_changed_and_deleted(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    first = await draft(w)
    second = await draft(w, title="Nuts")
    year = first["created_at"][:4]
    assert first["number"] == f"RFQ-{year}-000001" and second["number"] == f"RFQ-{year}-000002"
    assert first["status"] == "draft" and first["next"] == ["pending_approval", "open", "cancelled"]
    assert [line["kind"] for line in first["lines"]] == ["text", "sku", "category"]
    assert first["lines"][1]["description"] == "Hex bolt"  # the product's name
    assert Decimal(first["estimated_total"]) == Decimal("50")
    page = await call(api, "GET", f"{w.org}/rfqs?limit=1", w.buyer)
    assert [r["title"] for r in page["items"]] == ["Nuts"] and page["next_cursor"]
    rest = await call(api, "GET", f"{w.org}/rfqs?limit=1&cursor={page['next_cursor']}", w.buyer)
    assert [r["id"] for r in rest["items"]] == [first["id"]] and rest["items"][0]["line_count"] == 3
    found = await call(api, "GET", f"{w.org}/rfqs?q=000002", w.buyer)
    assert [r["id"] for r in found["items"]] == [second["id"]]
    changed = await call(
        api,
        "PATCH",
        f"{w.org}/rfqs/{first['id']}",
        w.buyer,
        {"title": "Bolts, revised", "lines": [{"kind": "text", "description": "Washers", "quantity": "3"}]},
    )
    assert changed["title"] == "Bolts, revised" and [line["description"] for line in changed["lines"]] == [
        "Washers"
    ]
    await call(api, "DELETE", f"{w.org}/rfqs/{second['id']}", w.buyer, None, 204)
    await call(api, "GET", f"{w.org}/rfqs/{second['id']}", w.buyer, None, 404)
    # another company, and a supplier organisation, see none of it
    await call(api, "GET", f"/api/v1/orgs/{w.other_buyer_org}/rfqs/{first['id']}", w.other_buyer, None, 404)


async def test_a_patch_clears_an_optional_field_with_null_and_leaves_one_left_out(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    location = {"name": "HQ", "line1": "Str. 1", "city": "Cluj", "country": "RO", "is_ship_to": True}
    hq = await call(api, "POST", f"{w.org}/locations", w.buyer, location, 201)
    created = await draft(
        w, delivery_location_id=hq["id"], delivery_date=in_days(20)[:10], payment_terms_days=30, note="Crates"
    )
    url = f"{w.org}/rfqs/{created['id']}"
    kept = await call(api, "PATCH", url, w.buyer, {"title": "Bolts, revised"})
    assert kept["delivery_location_id"] == hq["id"] and kept["payment_terms_days"] == 30
    assert kept["note"] == "Crates" and kept["delivery_date"] == created["delivery_date"]
    cleared = await call(
        api, "PATCH", url, w.buyer,
        {"delivery_location_id": None, "delivery_date": None, "payment_terms_days": None, "note": None},
    )  # fmt: skip
    assert cleared["title"] == "Bolts, revised"
    assert [cleared[f] for f in ("delivery_location_id", "delivery_date", "payment_terms_days", "note")] == [
        None, None, None, None,
    ]  # fmt: skip
    again = await call(api, "GET", url, w.buyer)
    assert again["delivery_location_id"] is None and again["note"] is None
    # a bad one is still refused, naming it; nothing changed
    await call(api, "PATCH", url, w.buyer, {"delivery_location_id": str(uuid.uuid4()), "note": "x"}, 422)
    assert (await call(api, "GET", url, w.buyer))["note"] is None


async def test_create_is_idempotent_with_a_key(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    headers = {**w.buyer, "Idempotency-Key": "rfq-once"}
    body = draft_body(w)
    one = await api.client.post(f"{w.org}/rfqs", json=body, headers=headers)
    two = await api.client.post(f"{w.org}/rfqs", json=body, headers=headers)
    assert one.status_code == two.status_code == 201
    assert one.json()["id"] == two.json()["id"] and two.headers["Idempotency-Replayed"] == "true"
    page = await call(api, "GET", f"{w.org}/rfqs", w.buyer)
    assert len(page["items"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"deadline": in_days(-1)}, "deadline"),
        ({"deadline": in_days(400)}, "deadline"),
        ({"marketplace": "no-such-market"}, "marketplace"),
        (
            {
                "lines": [{"kind": "text", "description": "x", "quantity": "1"}] * 3
                + [{"kind": "text", "description": "y", "quantity": "-2"}]
            },
            "lines[3].quantity",
        ),
        ({"lines": [{"kind": "text", "quantity": "1"}]}, "lines[0].description"),
        (
            {"lines": [{"kind": "text", "description": "x", "quantity": "1", "target_price": "-1"}]},
            "lines[0].target_price",
        ),
        ({"lines": [{"kind": "sku", "sku": "NOPE", "quantity": "1"}]}, "lines[0].tenant_id"),
        (
            {
                "lines": [
                    {
                        "kind": "category",
                        "category_id": "00000000-0000-0000-0000-000000000001",
                        "quantity": "1",
                    }
                ]
            },
            "lines[0].category_id",
        ),
        ({"lines": [{"kind": "text", "description": "x", "quantity": "1"}] * 201}, "lines"),
    ],
)
async def test_bad_input_names_the_field_and_writes_nothing(api: Api, change: dict, field: str) -> None:
    w = await rfq_world(api, suppliers=1)
    response = await api.client.post(f"{w.org}/rfqs", json=draft_body(w, **change), headers=w.buyer)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert (await call(api, "GET", f"{w.org}/rfqs", w.buyer))["items"] == []


async def test_an_unknown_sku_of_a_listed_supplier_is_refused(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    line = {"kind": "sku", "tenant_id": str(w.suppliers[0].tenant_id), "sku": "NOT-THERE", "quantity": "1"}
    response = await api.client.post(f"{w.org}/rfqs", json=draft_body(w, lines=[line]), headers=w.buyer)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "lines[0].sku"


async def test_invitations_are_staged_then_sent_at_submit(api: Api) -> None:
    w = await rfq_world(api, suppliers=3)
    rfq = await draft(w)
    url = f"{w.org}/rfqs/{rfq['id']}"
    staged = await call(
        api, "POST", f"{url}/invitations", w.buyer, {"suppliers": [w.suppliers[0].slug, w.suppliers[1].slug]}
    )
    assert [i["invited_at"] for i in staged["invitations"]] == [None, None]
    assert [i["name"] for i in staged["invitations"]] == ["Quoting Supplier 1", "Quoting Supplier 2"]
    bad = await api.client.post(f"{url}/invitations", json={"suppliers": ["nobody-here"]}, headers=w.buyer)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "suppliers[0]"
    removed = await call(api, "DELETE", f"{url}/invitations/{w.suppliers[1].tenant_id}", w.buyer)
    assert len(removed["invitations"]) == 1
    # a staged invitation is not in the supplier's inbox
    s0 = w.suppliers[0]
    assert (await call(api, "GET", f"{s0.base}/rfqs", s0.owner))["items"] == []
    await call(api, "GET", f"{s0.base}/rfqs/{rfq['id']}", s0.owner, None, 404)
    submitted = await call(api, "POST", f"{url}/submit", w.buyer)
    assert submitted["status"] == "open" and submitted["invitations"][0]["invited_at"]
    inbox = await call(api, "GET", f"{s0.base}/rfqs", s0.owner)
    assert [(i["number"], i["quote_status"], i["buyer_name"]) for i in inbox["items"]] == [
        (rfq["number"], "invited", "Requesting Buyer AG")
    ]
    # while open, a new supplier is invited at once
    added = await call(api, "POST", f"{url}/invitations", w.buyer, {"suppliers": [w.suppliers[2].slug]})
    assert all(i["invited_at"] for i in added["invitations"])
    s2 = w.suppliers[2]
    assert len((await call(api, "GET", f"{s2.base}/rfqs", s2.owner))["items"]) == 1
    # an uninvited supplier gets 404
    await call(api, "GET", f"{w.suppliers[1].base}/rfqs/{rfq['id']}", w.suppliers[1].owner, None, 404)


async def test_the_supplier_sees_targets_only_where_shown_and_is_marked_seen(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    lines = [
        {
            "kind": "text",
            "description": "Shown",
            "quantity": "10",
            "target_price": "2",
            "target_visible": True,
        },
        {"kind": "text", "description": "Hidden", "quantity": "10", "target_price": "3"},
    ]
    rfq = await opened(w, lines=lines)
    s0 = w.suppliers[0]
    seen = await call(api, "GET", f"{s0.base}/rfqs/{rfq['id']}", s0.owner)
    assert [line["target_price"] and Decimal(line["target_price"]) for line in seen["lines"]] == [2, None]
    assert seen["buyer_name"] == "Requesting Buyer AG" and seen["invitation"]["status"] == "invited"
    assert "invitations" not in seen
    buyer_view = await call(api, "GET", f"{w.org}/rfqs/{rfq['id']}", w.buyer)
    assert buyer_view["invitations"][0]["seen_at"] and buyer_view["invitations"][1]["seen_at"] is None


async def test_invite_by_categories_with_a_preview(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    rfq = await draft(w)
    url = f"{w.org}/rfqs/{rfq['id']}"
    preview = await call(api, "GET", f"{url}/invitations/preview?categories={w.category_id}", w.buyer)
    assert sorted(s["slug"] for s in preview["suppliers"]) == sorted(s.slug for s in w.suppliers)
    assert preview["room"] == 50
    invited = await call(api, "POST", f"{url}/invitations", w.buyer, {"categories": [str(w.category_id)]})
    assert len(invited["invitations"]) == 2


async def test_invited_suppliers_are_mailed_in_their_language_and_the_steps_audited(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    s0, s1 = w.suppliers
    ro = (await api.client.get("/api/v1/me", headers=s0.owner)).json()
    en = (await api.client.get("/api/v1/me", headers=s1.owner)).json()
    await api.db.pool.execute("UPDATE public.app_user SET locale = 'ro' WHERE id = $1::uuid", ro["id"])
    rfq = await opened(w)
    mails = {
        row["to_address"]: row["subject"]
        for row in await api.db.pool.fetch(
            "SELECT to_address, subject FROM public.mail_message WHERE subject LIKE $1"
            " AND to_address = ANY($2::text[])",
            f"%{rfq['number']}%",
            [ro["email"], en["email"]],
        )
    }
    assert mails == {
        ro["email"]: f"Cerere de ofertă {rfq['number']} de la Requesting Buyer AG",
        en["email"]: f"Request for quotes {rfq['number']} from Requesting Buyer AG",
    }
    unread = await call(api, "GET", "/api/v1/notifications", s1.owner)
    assert unread["items"][0]["kind"] == "rfq.invited"
    actions = [
        row["action"]
        for row in await api.db.pool.fetch(
            "SELECT action FROM public.audit_log WHERE target_id = $1 ORDER BY id", rfq["id"]
        )
    ]
    assert actions == ["rfq.created", "rfq.invited", "rfq.submitted"]
    events = await api.db.pool.fetch(
        "SELECT actor, tenant_id FROM public.outbox WHERE payload->>'rfq_id' = $1 ORDER BY created_at",
        rfq["id"],
    )
    assert sorted((row["actor"], row["tenant_id"]) for row in events) == sorted(
        [("rfq.invited", s0.tenant_id), ("rfq.invited", s1.tenant_id), ("rfq.submitted", None)]
    )


async def test_category_lines_are_checked_against_the_categorys_attributes(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    schema = await set_schema(api, w.ops, str(w.category_id), BOLT_SCHEMA)
    assert schema.status_code == 200, schema.text
    line = {"kind": "category", "category_id": str(w.category_id), "quantity": "5", "description": "Bolts"}
    bad = [{**line, "attributes": {"thread": "M12"}}, {**line, "attributes": {"colour": "red"}}]
    response = await api.client.post(f"{w.org}/rfqs", json=draft_body(w, lines=bad), headers=w.buyer)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [
        "lines[0].attributes.thread",
        "lines[1].attributes.colour",
    ]
    good = await draft(w, lines=[{**line, "attributes": {"thread": "M8"}}])
    assert good["lines"][0]["attributes"] == {"thread": "M8"}


async def test_a_supplier_organisation_has_no_rfqs(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s0 = w.suppliers[0]
    response = await api.client.get(f"/api/v1/orgs/{s0.tenant_id}/rfqs", headers=s0.owner)
    assert response.status_code in (403, 404)
    rfq = await draft(w)
    response = await api.client.get(f"/api/v1/orgs/{s0.tenant_id}/rfqs/{rfq['id']}", headers=s0.owner)
    assert response.status_code in (403, 404)


async def test_fifty_invitations_at_most_in_the_service_and_the_database(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    rfq = await draft(w)
    url = f"{w.org}/rfqs/{rfq['id']}"
    await call(api, "POST", f"{url}/invitations", w.buyer, {"suppliers": [w.suppliers[0].slug]})
    async with api.db.transaction() as tx:  # 49 more (bare tenant rows: the bound is what is tried)
        for position in range(2, 51):
            tenant_id = uuid.uuid4()
            await tx.execute(
                "INSERT INTO public.tenant (id, slug, name, schema_name) VALUES ($1, $2, 'Filler', $3)",
                tenant_id,
                f"filler-{tenant_id.hex[:12]}",
                f"t_{tenant_id.hex}",
            )
            await tx.execute(
                "INSERT INTO public.rfq_invitation (rfq_id, tenant_id, position) VALUES ($1::uuid, $2, $3)",
                rfq["id"],
                tenant_id,
                position,
            )
    response = await api.client.post(
        f"{url}/invitations", json={"suppliers": [w.suppliers[1].slug]}, headers=w.buyer
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "suppliers"
    preview = await call(api, "GET", f"{url}/invitations/preview?categories={w.category_id}", w.buyer)
    assert preview["room"] == 0
    with pytest.raises(asyncpg.CheckViolationError):
        await api.db.pool.execute(
            "INSERT INTO public.rfq_invitation (rfq_id, tenant_id, position) VALUES ($1::uuid, $2, 51)",
            rfq["id"],
            w.suppliers[1].tenant_id,
        )
