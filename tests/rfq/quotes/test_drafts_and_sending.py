"""A supplier's draft in its schema and sending it as an immutable, numbered revision:
validation at the edge (the field named, nothing written), line totals with breaks,
revisions with diffs, double sends, idempotency, and the internal approval."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.tenancy import tenant_transaction
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.marketplace.approvals.company import member
from tests.rfq.quotes.helpers import draft, invitation, kinds_for, quotes_url, save, send, valid_until
from tests.rfq.world import open_rfq, rfq_world


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_a_draft_is_private_and_its_first_save_moves_the_invitation(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=2)
    empty = await call(api, "GET", quotes_url(s, rfq_id, "/draft"), s.owner)
    assert (empty["status"], empty["id"], empty["lines"]) == ("new", None, [])
    body = draft(lines, ["1.50", None], internal_note="margin 12%")
    body["lines"][0]["internal_note"] = "from stock"
    body["lines"][0]["breaks"] = [{"min_quantity": "50", "unit_price": "1.25"}]
    saved = await save(w, s, rfq_id, body)
    assert saved["status"] == "editing" and saved["internal_note"] == "margin 12%"
    # line 1 asks 100: the break from 50 applies
    assert saved["lines"][0]["line_total"] == "125.00" and saved["total"] == "125.00"
    assert saved["lines"][0]["internal_note"] == "from stock"
    assert (await invitation(w, rfq_id, s))["status"] == "draft"
    async with tenant_transaction(api.db, s.ctx) as tx:
        assert await tx.fetchval("SELECT count(*) FROM quote_draft WHERE rfq_id = $1", rfq_id) == 1
    # nothing of the draft is public, and the buyer's quotes page says only "draft"
    page = await call(api, "GET", f"{w.org}/rfqs/{rfq_id}/quotes", w.buyer)
    mine = next(q for q in page["quotes"] if q["tenant_id"] == str(s.tenant_id))
    assert (mine["status"], mine["total"], mine["latest_revision"]) == ("draft", None, 0)
    assert "from stock" not in str(page) and "margin" not in str(page)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"unit_price": "-1"}, 422, "lines[0].unit_price"),
        ({"unit_price": "twelve"}, 400, "lines[0].unit_price"),
        (
            {
                "breaks": [
                    {"min_quantity": "500", "unit_price": "1"},
                    {"min_quantity": "50", "unit_price": "2"},
                ]
            },
            422,
            "lines[0].breaks",
        ),
        ({"lead_time_days": 4000}, 400, "lines[0].lead_time_days"),
        ({"alternative": {}}, 422, "lines[0].alternative"),
    ],
)
async def test_bad_lines_are_refused_at_the_edge_and_nothing_is_written(
    api: Api, change: dict[str, object], status: int, field: str
) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=2)
    body = draft(lines, ["1.50", "2"])
    body["lines"][0].update(change)
    response = await api.client.put(quotes_url(s, rfq_id, "/draft"), json=body, headers=s.owner)
    assert response.status_code == status, response.text
    assert field in {error["field"] for error in response.json()["errors"]}
    assert (await invitation(w, rfq_id, s))["status"] == "invited"
    assert (await call(api, "GET", quotes_url(s, rfq_id, "/draft"), s.owner))["status"] == "new"


async def test_unknown_lines_another_currency_and_a_past_validity_are_named(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=1)
    _, other_lines = await open_rfq(w, lines=1)
    body = draft([*lines, other_lines[0]], ["1", "2"], currency="USD", valid_until="2020-01-01")
    response = await api.client.put(quotes_url(s, rfq_id, "/draft"), json=body, headers=s.owner)
    assert response.status_code == 422, response.text
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"currency", "valid_until", "lines[1].line_id"}
    assert (await invitation(w, rfq_id, s))["status"] == "invited"
    ok = await save(w, s, rfq_id, draft(lines, ["1"], currency="EUR"))
    assert ok["currency"] == "EUR"


async def test_after_the_deadline_nothing_is_saved_or_sent(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=1, deadline=datetime.now(UTC) + timedelta(seconds=3))
    await save(w, s, rfq_id, draft(lines, ["3"]))
    await api.db.pool.execute(
        "UPDATE public.rfq SET deadline = now() - interval '1 minute' WHERE id = $1", rfq_id
    )
    refused = await api.client.put(quotes_url(s, rfq_id, "/draft"), json=draft(lines, ["2"]), headers=s.owner)
    assert refused.status_code == 409 and refused.json()["code"] == "rfq.deadline_passed"
    late = await send(w, s, rfq_id, status=409)
    assert late["code"] == "rfq.deadline_passed"
    assert (await invitation(w, rfq_id, s))["latest_revision"] == 0
    assert await api.db.fetchval("SELECT count(*) FROM public.rfq_revision WHERE rfq_id = $1", rfq_id) == 0


async def test_sending_writes_numbered_revisions_with_diffs(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=2)
    incomplete = await api.client.put(
        quotes_url(s, rfq_id, "/draft"), json=draft(lines[:1], ["1"]), headers=s.owner
    )
    assert incomplete.status_code == 200
    unanswered = await send(w, s, rfq_id, status=422)
    assert [e["field"] for e in unanswered["errors"]] == ["lines[1]"]
    await save(w, s, rfq_id, draft(lines, ["1.005", None]))
    first = await send(w, s, rfq_id)
    assert (first["number"], first["currency"], first["total"]) == (1, "EUR", "100.50")
    assert first["diff"] == {"terms": [], "lines": []}
    assert "internal_note" not in str(
        [line.get("internal_note") for line in first["lines"] if line.get("internal_note")]
    )
    assert (await invitation(w, rfq_id, s))["status"] == "submitted"
    # the next draft starts as a copy of the revision
    copy = await call(api, "GET", quotes_url(s, rfq_id, "/draft"), s.owner)
    assert copy["status"] == "new" and [line["unit_price"] for line in copy["lines"]] == ["1.005000", None]
    await save(w, s, rfq_id, draft(lines, ["0.90", "2"], incoterms="DAP"))
    second = await send(w, s, rfq_id)
    assert second["number"] == 2 and second["total"] == "490.00"
    assert {c["field"] for c in second["diff"]["terms"]} == {"incoterms", "total"}
    changed = {
        d["line_id"]: {c["field"]: (c["before"], c["after"]) for c in d["changes"]}
        for d in second["diff"]["lines"]
    }
    assert changed[str(lines[0])] == {"unit_price": ("1.005", "0.9")}
    assert changed[str(lines[1])]["status"] == ("not_quoted", "quoted")
    assert (await invitation(w, rfq_id, s))["status"] == "revised"
    # a revision is immutable in the database too
    with pytest.raises(Exception, match="cannot be changed"):
        await api.db.pool.execute("UPDATE public.rfq_revision SET total = 0 WHERE id = $1", first["id"])
    history = await call(api, "GET", quotes_url(s, rfq_id, "/revisions"), s.owner)
    assert [r["number"] for r in history["revisions"]] == [2, 1]
    assert "rfq.quote_sent" in await kinds_for(w, w.buyer_user)
    audited = await api.db.pool.fetch(
        "SELECT action, org FROM public.audit_log WHERE target_id = ANY($1::text[]) ORDER BY id",
        [first["id"], second["id"]],
    )
    assert [(a["action"], a["org"]) for a in audited] == [("rfq.quote_sent", f"tenant:{s.tenant_id}")] * 2
    events = await api.db.pool.fetchval(
        "SELECT count(*) FROM public.outbox WHERE actor = 'rfq.quote_sent' AND payload->>'rfq_id' = $1",
        str(rfq_id),
    )
    assert events == 2


async def test_two_concurrent_sends_make_one_revision(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=2)
    await save(w, s, rfq_id, draft(lines, ["4", "5"]))
    one, two = await asyncio.gather(send(w, s, rfq_id), send(w, s, rfq_id))
    assert one["id"] == two["id"] and one["number"] == 1
    assert await api.db.fetchval("SELECT count(*) FROM public.rfq_revision WHERE rfq_id = $1", rfq_id) == 1
    again = await send(w, s, rfq_id, key="send-1")
    replay = await send(w, s, rfq_id, key="send-1")
    assert again == replay == one
    assert (await invitation(w, rfq_id, s))["latest_revision"] == 1


async def test_a_quote_above_the_limit_needs_an_approval_and_an_edit_asks_again(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    sales = await member(api, str(s.tenant_id), s.owner, "sales")
    admin = await member(api, str(s.tenant_id), s.owner, "admin")
    refused = await api.client.put(
        f"{s.base}/quote-policy", json={"approval_above": "100", "currency": "EUR"}, headers=sales.headers
    )
    assert refused.status_code == 403
    policy = await call(
        api, "PUT", f"{s.base}/quote-policy", s.owner, {"approval_above": "100", "currency": "EUR"}
    )
    assert policy["approval_above"] == "100"
    rfq_id, lines = await open_rfq(w, lines=1)
    url = quotes_url(s, rfq_id, "/draft")
    saved = await call(api, "PUT", url, sales.headers, draft(lines, ["2"]))
    assert saved["approval_needed"] is True
    blocked = await call(api, "POST", f"{url}/send", sales.headers, None, 409)
    assert blocked["code"] == "rfq.approval_needed"
    await call(api, "POST", f"{url}/request-approval", sales.headers)
    assert "rfq.quote_approval_requested" in await kinds_for(w, admin.id)
    await call(api, "POST", f"{url}/approve", sales.headers, None, 403)  # no quotes.approve
    approved = await call(api, "POST", f"{url}/approve", admin.headers)
    assert (approved["status"], approved["approved_total"]) == ("approved", "200.00")
    # a price change after the approval asks again
    await call(api, "PUT", url, sales.headers, draft(lines, ["3"]))
    await call(api, "POST", f"{url}/send", sales.headers, None, 409)
    # the admin edits and cannot approve its own edit; the owner may approve its own
    await call(api, "PUT", url, admin.headers, draft(lines, ["3"]))
    own = await call(api, "POST", f"{url}/approve", admin.headers, None, 403)
    assert own["code"] == "rfq.approval_refused"
    await call(api, "PUT", url, s.owner, draft(lines, ["3"]))
    await call(api, "POST", f"{url}/approve", s.owner)
    sent = await call(api, "POST", f"{url}/send", sales.headers, None, 201)
    assert sent["total"] == "300.00"


async def test_decline_and_withdraw_follow_the_states(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    first, second = w.suppliers
    rfq_id, lines = await open_rfq(w, lines=1)
    declined = await call(
        api, "POST", quotes_url(first, rfq_id, "/decline"), first.owner, {"reason": "no capacity"}
    )
    assert (declined["status"], declined["status_reason"]) == ("declined", "no capacity")
    again = await call(api, "POST", quotes_url(first, rfq_id, "/decline"), first.owner, {"reason": "x"}, 409)
    assert again["code"] == "rfq.quote_closed"
    refused = await api.client.put(
        quotes_url(first, rfq_id, "/draft"), json=draft(lines, ["1"]), headers=first.owner
    )
    assert refused.status_code == 409
    await call(api, "POST", quotes_url(second, rfq_id, "/withdraw"), second.owner, {"reason": "x"}, 409)
    await save(w, second, rfq_id, draft(lines, ["1"]))
    await send(w, second, rfq_id)
    withdrawn = await call(
        api, "POST", quotes_url(second, rfq_id, "/withdraw"), second.owner, {"reason": "prices rose"}
    )
    assert withdrawn["status"] == "withdrawn" and len(withdrawn["revisions"]) == 1
    assert {"rfq.quote_declined", "rfq.quote_withdrawn"} <= set(await kinds_for(w, w.buyer_user))
    empty = await api.client.post(
        quotes_url(second, rfq_id, "/decline"), json={"reason": ""}, headers=second.owner
    )
    assert empty.status_code == 400


async def test_valid_until_today_is_accepted_and_totals_are_decimal(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=1)
    await save(w, s, rfq_id, draft(lines, ["0.333"], valid_until=valid_until(0)))
    sent = await send(w, s, rfq_id)
    assert Decimal(sent["total"]) == Decimal("33.30")
