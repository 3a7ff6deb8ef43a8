"""The buyer's side of the quotes (sealed mode), counter-offers line by line, the message
thread, the expiry job, and the four outsiders of every route."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, get_job
from hansa.rfq.quotes import service
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.rfq.quotes.helpers import draft, invitation, kinds_for, quote, quotes_url, save, send, user_id
from tests.rfq.world import RfqWorld, Supplier, open_rfq, rfq_world


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def buyer_url(w: RfqWorld, rfq_id: uuid.UUID, rest: str = "") -> str:
    return f"{w.org}/rfqs/{rfq_id}/quotes{rest}"


async def test_sealed_before_the_deadline_the_buyer_sees_who_answered_but_no_prices(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    first, second = w.suppliers
    rfq_id, lines = await open_rfq(w, lines=1, sealed=True)
    await quote(w, first, rfq_id, ["7.77"], lines)
    page = await call(api, "GET", buyer_url(w, rfq_id), w.buyer)
    assert page["sealed"] is True
    by_supplier = {q["tenant_id"]: q for q in page["quotes"]}
    answered = by_supplier[str(first.tenant_id)]
    assert (answered["status"], answered["latest_revision"], answered["total"]) == ("submitted", 1, None)
    assert by_supplier[str(second.tenant_id)]["status"] == "invited"
    assert "7.77" not in str(page)
    sealed = await call(api, "GET", buyer_url(w, rfq_id, f"/{first.tenant_id}"), w.buyer, None, 409)
    assert sealed["code"] == "rfq.sealed"
    counter = {"comment": "lower?", "lines": [{"line_id": str(lines[0]), "target_price": "7"}]}
    await call(api, "POST", buyer_url(w, rfq_id, f"/{first.tenant_id}/counter"), w.buyer, counter, 409)
    # after the deadline everything shows
    await api.db.pool.execute(
        "UPDATE public.rfq SET deadline = now() - interval '1 second' WHERE id = $1", rfq_id
    )
    page = await call(api, "GET", buyer_url(w, rfq_id), w.buyer)
    assert page["sealed"] is False and page["quotes"][0]["total"] == "777.00"
    detail = await call(api, "GET", buyer_url(w, rfq_id, f"/{first.tenant_id}"), w.buyer)
    assert detail["revisions"][0]["lines"][0]["unit_price"] == "7.770000"


async def test_a_counter_per_line_and_the_revision_that_answers_it(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    rfq_id, lines = await open_rfq(w, lines=2)
    await quote(w, s, rfq_id, ["5", "6"], lines)
    url = buyer_url(w, rfq_id, f"/{s.tenant_id}/counter")
    unknown = {"lines": [{"line_id": str(uuid.uuid4()), "target_price": "4"}]}
    bad = await call(api, "POST", url, w.buyer, unknown, 422)
    assert bad["errors"][0]["field"] == "lines[0].line_id"
    negative = await api.client.post(
        url, json={"lines": [{"line_id": str(lines[0]), "target_price": "-4"}]}, headers=w.buyer
    )
    assert negative.status_code == 422 and negative.json()["errors"][0]["field"] == "lines[0].target_price"
    assert (await invitation(w, rfq_id, s))["status"] == "submitted"
    body = {
        "comment": "Closer to our target, please",
        "lines": [
            {"line_id": str(lines[0]), "target_price": "4.50", "quantity": "150", "comment": "we take more"}
        ],
    }
    countered = await call(api, "POST", url, w.buyer, body)
    assert countered["status"] == "countered"
    assert countered["counters"][0]["lines"][0]["target_price"] == "4.500000"
    assert (await invitation(w, rfq_id, s))["status"] == "countered"
    assert "rfq.countered" in await kinds_for(w, await user_id(w, s.owner))
    # the supplier sees the counter on its page and in its next draft
    seen = await call(api, "GET", quotes_url(s, rfq_id, "/counters"), s.owner)
    assert seen[0]["comment"] == "Closer to our target, please" and seen[0]["revision_number"] == 1
    next_draft = await call(api, "GET", quotes_url(s, rfq_id, "/draft"), s.owner)
    assert [c["id"] for c in next_draft["counters"]] == [seen[0]["id"]]
    await save(w, s, rfq_id, draft(lines, ["4.60", "6"]))
    revised = await send(w, s, rfq_id)
    assert revised["number"] == 2
    assert (await invitation(w, rfq_id, s))["status"] == "revised"
    detail = await call(api, "GET", buyer_url(w, rfq_id, f"/{s.tenant_id}"), w.buyer)
    assert [r["number"] for r in detail["revisions"]] == [2, 1]
    assert detail["revisions"][0]["diff"]["lines"] == [
        {"line_id": str(lines[0]), "changes": [{"field": "unit_price", "before": "5", "after": "4.6"}]}
    ]
    # a withdrawn quote cannot be countered
    await call(api, "POST", quotes_url(s, rfq_id, "/withdraw"), s.owner, {"reason": "x"})
    closed = await call(api, "POST", url, w.buyer, body, 409)
    assert closed["code"] == "rfq.quote_closed"


async def test_the_thread_is_paged_and_tells_the_other_side(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    s, other = w.suppliers
    rfq_id, _ = await open_rfq(w, lines=1)
    supplier_url = quotes_url(s, rfq_id, "/messages")
    thread = buyer_url(w, rfq_id, f"/{s.tenant_id}/messages")
    for index in range(3):
        await call(api, "POST", thread, w.buyer, {"body": f"question {index}"}, 201)
    answer = await call(api, "POST", supplier_url, s.owner, {"body": "an answer"}, 201)
    assert answer["side"] == "supplier"
    first = await call(api, "GET", f"{supplier_url}?limit=3", s.owner)
    assert [m["body"] for m in first["items"]] == ["an answer", "question 2", "question 1"]
    rest = await call(api, "GET", f"{thread}?limit=3&cursor={first['next_cursor']}", w.buyer)
    assert [m["body"] for m in rest["items"]] == ["question 0"] and rest["next_cursor"] is None
    # the other supplier's thread is its own
    assert (await call(api, "GET", quotes_url(other, rfq_id, "/messages"), other.owner))["items"] == []
    too_long = await api.client.post(thread, json={"body": "x" * 10_001}, headers=w.buyer)
    assert too_long.status_code == 400 and too_long.json()["errors"][0]["field"] == "body"
    assert "rfq.message" in await kinds_for(w, w.buyer_user)
    assert "rfq.message" in await kinds_for(w, await user_id(w, s.owner))


async def test_the_expiry_job_expires_live_quotes_once_on_several_workers(api: Api) -> None:
    w = await rfq_world(api, suppliers=3)
    live, withdrawn, fresh = w.suppliers
    rfq_id, lines = await open_rfq(w, lines=1)
    for s in (live, withdrawn, fresh):
        await quote(w, s, rfq_id, ["1"], lines)
    await call(api, "POST", quotes_url(withdrawn, rfq_id, "/withdraw"), withdrawn.owner, {"reason": "x"})
    # two revisions past their validity (written so: the API refuses a past date)
    await api.db.pool.execute("ALTER TABLE public.rfq_revision DISABLE TRIGGER rfq_revision_immutable")
    try:
        await api.db.pool.execute(
            "UPDATE public.rfq_revision SET valid_until = current_date - 1"
            " WHERE rfq_id = $1 AND tenant_id = ANY($2)",
            rfq_id,
            [live.tenant_id, withdrawn.tenant_id],
        )
    finally:
        await api.db.pool.execute("ALTER TABLE public.rfq_revision ENABLE TRIGGER rfq_revision_immutable")
    counts = await asyncio.gather(
        service.expire_quotes(api.db, batch=1), service.expire_quotes(api.db, batch=1)
    )
    assert sum(counts) == 1
    assert (await invitation(w, rfq_id, live))["status"] == "expired"
    assert (await invitation(w, rfq_id, withdrawn))["status"] == "withdrawn"
    assert (await invitation(w, rfq_id, fresh))["status"] == "submitted"
    assert await service.expire_quotes(api.db) == 0
    spec = get_job("rfq.quote_expiry")  # the periodic job runs the same, and finds nothing left
    assert spec.every == 3600
    await spec.handler(JobContext(api.db, api.settings, None), Event(uuid.uuid4(), "rfq.quote_expiry"))  # type: ignore[arg-type]
    assert "rfq.quote_expired" in await kinds_for(w, w.buyer_user)
    assert "rfq.quote_expired" in await kinds_for(w, await user_id(w, live.owner))
    # an expired quote may be revised while the RFQ is open
    await save(w, live, rfq_id, draft(lines, ["0.9"]))
    assert (await send(w, live, rfq_id))["number"] == 2
    assert (await invitation(w, rfq_id, live))["status"] == "revised"


def _supplier_routes(s: Supplier, rfq_id: uuid.UUID, lines: list[uuid.UUID]) -> list[tuple[str, str, object]]:
    base = quotes_url(s, rfq_id)
    return [
        ("GET", f"{base}/draft", None),
        ("PUT", f"{base}/draft", draft(lines, ["1"])),
        ("POST", f"{base}/draft/send", None),
        ("POST", f"{base}/draft/request-approval", None),
        ("POST", f"{base}/draft/approve", None),
        ("POST", f"{base}/decline", {"reason": "x"}),
        ("POST", f"{base}/withdraw", {"reason": "x"}),
        ("GET", f"{base}/revisions", None),
        ("GET", f"{base}/counters", None),
        ("GET", f"{base}/messages", None),
        ("POST", f"{base}/messages", {"body": "hello"}),
    ]


def _buyer_routes(
    org: uuid.UUID, rfq_id: uuid.UUID, tenant_id: uuid.UUID, lines: list[uuid.UUID]
) -> list[tuple[str, str, object]]:
    base = f"/api/v1/orgs/{org}/rfqs/{rfq_id}/quotes"
    return [
        ("GET", base, None),
        ("GET", f"{base}/{tenant_id}", None),
        ("POST", f"{base}/{tenant_id}/counter", {"lines": [{"line_id": str(lines[0]), "target_price": "1"}]}),
        ("GET", f"{base}/{tenant_id}/messages", None),
        ("POST", f"{base}/{tenant_id}/messages", {"body": "hello"}),
    ]


async def test_the_four_outsiders_get_nothing_and_change_nothing(api: Api) -> None:
    w = await rfq_world(api, suppliers=3)
    invited, competitor, uninvited = w.suppliers
    rfq_id, lines = await open_rfq(w, lines=1, invite=[invited, competitor])
    await quote(w, invited, rfq_id, ["9.99"], lines)
    await call(
        api,
        "POST",
        buyer_url(w, rfq_id, f"/{invited.tenant_id}/messages"),
        w.buyer,
        {"body": "secret thread"},
        201,
    )
    before = await api.db.pool.fetchval(
        "SELECT (SELECT count(*) FROM public.rfq_revision) + (SELECT count(*) FROM public.rfq_message)"
        " + (SELECT count(*) FROM public.rfq_counter_offer)"
    )
    # an uninvited supplier: 404 on every supplier route of this RFQ
    for method, url, body in _supplier_routes(uninvited, rfq_id, lines):
        response = await api.client.request(method, url, json=body, headers=uninvited.owner)
        assert response.status_code == 404, (method, url, response.text)
    # another buyer: the RFQ is not its own (its own org in the path) nor reachable by ours
    for org in (w.other_buyer_org, w.buyer_org):
        for method, url, body in _buyer_routes(org, rfq_id, invited.tenant_id, lines):
            response = await api.client.request(method, url, json=body, headers=w.other_buyer)
            assert response.status_code in (403, 404), (method, url, response.text)
    # an invited competitor: its own side only, and another supplier's slug is refused
    for method, url, body in _supplier_routes(invited, rfq_id, lines):
        response = await api.client.request(method, url, json=body, headers=competitor.owner)
        assert response.status_code in (403, 404), (method, url, response.text)
    for method, url, body in _buyer_routes(w.buyer_org, rfq_id, invited.tenant_id, lines):
        response = await api.client.request(method, url, json=body, headers=competitor.owner)
        assert response.status_code in (403, 404), (method, url, response.text)
    own = await call(api, "GET", quotes_url(competitor, rfq_id, "/revisions"), competitor.owner)
    assert own["revisions"] == [] and "9.99" not in str(own)
    assert (await call(api, "GET", quotes_url(competitor, rfq_id, "/messages"), competitor.owner))[
        "items"
    ] == []
    # anonymous
    for method, url, body in [
        *_supplier_routes(invited, rfq_id, lines),
        *_buyer_routes(w.buyer_org, rfq_id, invited.tenant_id, lines),
    ]:
        response = await api.client.request(method, url, json=body)
        assert response.status_code in (401, 403, 404), (method, url, response.text)
    after = await api.db.pool.fetchval(
        "SELECT (SELECT count(*) FROM public.rfq_revision) + (SELECT count(*) FROM public.rfq_message)"
        " + (SELECT count(*) FROM public.rfq_counter_offer)"
    )
    assert after == before
    assert (await invitation(w, rfq_id, invited))["status"] == "submitted"


async def test_a_draft_rfq_and_a_cancelled_one_take_no_quotes(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s = w.suppliers[0]
    cancelled, lines = await open_rfq(w, lines=1, status="cancelled")
    refused = await api.client.put(
        quotes_url(s, cancelled, "/draft"), json=draft(lines, ["1"]), headers=s.owner
    )
    assert refused.status_code == 409 and refused.json()["code"] == "rfq.not_open"
    deadline = datetime.now(UTC) + timedelta(days=1)
    staged, staged_lines = await open_rfq(w, lines=1, status="draft", deadline=deadline)
    await api.db.pool.execute("UPDATE public.rfq_invitation SET invited_at = NULL WHERE rfq_id = $1", staged)
    hidden = await api.client.put(
        quotes_url(s, staged, "/draft"), json=draft(staged_lines, ["1"]), headers=s.owner
    )
    assert hidden.status_code == 404


PDF = b"%PDF-1.4\n% a price breakdown\n"


async def _upload(w: RfqWorld, s: Supplier, rfq_id: uuid.UUID, purpose: str) -> str:
    response = await w.api.client.post(
        quotes_url(s, rfq_id, "/files"),
        files={"file": ("breakdown.pdf", PDF, "application/pdf")},
        data={"purpose": purpose},
        headers=s.owner,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_a_revision_and_a_message_carry_the_suppliers_files(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    s, competitor = w.suppliers
    rfq_id, lines = await open_rfq(w, lines=1)
    quote_file = await _upload(w, s, rfq_id, "quote")
    message_file = await _upload(w, s, rfq_id, "message")
    await save(w, s, rfq_id, draft(lines, ["2"]))
    url = quotes_url(s, rfq_id, "/draft/send")
    wrong = await call(api, "POST", url, s.owner, {"files": [message_file]}, 422)
    assert wrong["errors"][0]["field"] == "files[0]"
    assert (await invitation(w, rfq_id, s))["latest_revision"] == 0
    sent = await call(api, "POST", url, s.owner, {"files": [quote_file]}, 201)
    assert [f["id"] for f in sent["files"]] == [quote_file]
    posted = await call(
        api,
        "POST",
        quotes_url(s, rfq_id, "/messages"),
        s.owner,
        {"body": "see the file", "files": [message_file]},
        201,
    )
    assert [f["id"] for f in posted["files"]] == [message_file]
    # the buyer reads both; the competitor cannot attach or read them
    detail = await call(api, "GET", buyer_url(w, rfq_id, f"/{s.tenant_id}"), w.buyer)
    assert [f["id"] for f in detail["revisions"][0]["files"]] == [quote_file]
    thread = await call(api, "GET", buyer_url(w, rfq_id, f"/{s.tenant_id}/messages"), w.buyer)
    assert [f["id"] for f in thread["items"][0]["files"]] == [message_file]
    stolen = await call(
        api,
        "POST",
        quotes_url(competitor, rfq_id, "/messages"),
        competitor.owner,
        {"body": "x", "files": [quote_file]},
        422,
    )
    assert stolen["errors"][0]["field"] == "files[0]"
    download = await api.client.get(
        quotes_url(competitor, rfq_id, f"/files/{quote_file}"), headers=competitor.owner
    )
    assert download.status_code == 404
    buyer_files = await api.client.post(
        buyer_url(w, rfq_id, f"/{s.tenant_id}/messages"),
        json={"body": "x", "files": [quote_file]},
        headers=w.buyer,
    )
    assert buyer_files.status_code == 422


async def _buyer_upload(w: RfqWorld, rfq_id: uuid.UUID, data: dict[str, str], status: int = 201) -> Any:
    response = await w.api.client.post(
        f"{w.org}/rfqs/{rfq_id}/files",
        files={"file": ("drawing-rev-b.pdf", PDF, "application/pdf")},
        data=data,
        headers=w.buyer,
    )
    assert response.status_code == status, response.text
    return response.json()


async def test_a_buyers_message_carries_its_files_to_that_supplier_only(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    s, competitor = w.suppliers
    rfq_id, _ = await open_rfq(w, lines=1)
    uploaded = await _buyer_upload(w, rfq_id, {"purpose": "message", "supplier_id": str(s.tenant_id)})
    assert (uploaded["purpose"], uploaded["side"], uploaded["tenant_id"]) == (
        "message",
        "buyer",
        str(s.tenant_id),
    )
    file_id = uploaded["id"]
    # the supplier cannot pass the buyer's upload off as its own message's file
    stolen = await call(
        api, "POST", quotes_url(s, rfq_id, "/messages"), s.owner, {"body": "x", "files": [file_id]}, 422
    )
    assert stolen["errors"][0]["field"] == "files[0]"
    # nor can the buyer attach it to the thread with another supplier
    url = buyer_url(w, rfq_id, f"/{competitor.tenant_id}/messages")
    wrong = await call(api, "POST", url, w.buyer, {"body": "x", "files": [file_id]}, 422)
    assert wrong["errors"][0]["field"] == "files[0]"
    posted = await call(
        api,
        "POST",
        buyer_url(w, rfq_id, f"/{s.tenant_id}/messages"),
        w.buyer,
        {"body": "the new drawing", "files": [file_id]},
        201,
    )
    assert [f["id"] for f in posted["files"]] == [file_id]
    thread = await call(api, "GET", quotes_url(s, rfq_id, "/messages"), s.owner)
    assert [f["id"] for f in thread["items"][0]["files"]] == [file_id]
    download = await api.client.get(quotes_url(s, rfq_id, f"/files/{file_id}"), headers=s.owner)
    assert download.status_code == 200 and download.content == PDF
    hidden = await api.client.get(
        quotes_url(competitor, rfq_id, f"/files/{file_id}"), headers=competitor.owner
    )
    assert hidden.status_code == 404
    # attached once
    again = await call(
        api,
        "POST",
        buyer_url(w, rfq_id, f"/{s.tenant_id}/messages"),
        w.buyer,
        {"body": "again", "files": [file_id]},
        422,
    )
    assert again["errors"][0]["message"] == "already attached"


async def test_a_buyers_message_file_names_an_invited_supplier(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    rfq_id, lines = await open_rfq(w, lines=1)
    missing = await _buyer_upload(w, rfq_id, {"purpose": "message"}, 422)
    assert missing["errors"][0]["field"] == "supplier_id"
    stranger = await _buyer_upload(w, rfq_id, {"purpose": "message", "supplier_id": str(uuid.uuid4())}, 422)
    assert stranger["errors"][0]["field"] == "supplier_id"
    not_an_id = await _buyer_upload(w, rfq_id, {"purpose": "message", "supplier_id": "acme"}, 400)
    assert not_an_id["errors"][0]["field"] == "supplier_id"
    on_a_line = await _buyer_upload(
        w,
        rfq_id,
        {"purpose": "message", "supplier_id": str(w.suppliers[0].tenant_id), "line_id": str(lines[0])},
        422,
    )
    assert on_a_line["errors"][0]["field"] == "line_id"
    unknown = await _buyer_upload(w, rfq_id, {"purpose": "quote"}, 422)
    assert unknown["errors"][0]["field"] == "purpose"
    count = await api.db.pool.fetchval("SELECT count(*) FROM public.rfq_file WHERE rfq_id = $1", rfq_id)
    assert count == 0
