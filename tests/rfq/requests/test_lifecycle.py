"""An RFQ's life after the draft: approval above a rule (approved opens it, rejected sends
it back), the deadline extended, closed early, cancelled, and closed by the deadline job
(two runners at once close each RFQ once); files and their visibility."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, get_job
from hansa.rfq.requests import service
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.marketplace.approvals.company import member
from tests.rfq.requests.helpers import draft, draft_body, in_days, opened
from tests.rfq.world import RfqWorld, rfq_world

PDF = b"%PDF-1.4\n% a drawing\n"
RULE = {
    "name": "Big RFQs",
    "condition": "total_above",
    "currency": "EUR",
    "amount": "10",
    "levels": [{"roles": ["approver"]}],
}


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _deliver(api: Api, actor: str, rfq_id: str) -> None:
    """What the worker does with this RFQ's approvals event (the transaction wrapper included)."""
    row = await api.db.pool.fetchrow(
        "SELECT id, payload FROM public.outbox WHERE actor = $1 AND payload->>'rfq_id' = $2", actor, rfq_id
    )
    assert row is not None
    async with api.db.transaction() as tx:
        event = Event(row["id"], actor, payload=row["payload"])
        await get_job(actor).handler(JobContext(api.db, api.settings, None, transaction=tx), event)  # type: ignore[arg-type]


async def _waiting(api: Api) -> tuple[RfqWorld, Any, dict[str, Any]]:
    w = await rfq_world(api, suppliers=2)
    approver = await member(api, str(w.buyer_org), w.buyer, "approver")
    await call(api, "POST", f"{w.org}/approval-settings/rules", w.buyer, RULE, 201)
    submitted = await opened(w)  # estimated EUR 50 > 10
    assert submitted["status"] == "pending_approval"
    s0 = w.suppliers[0]
    assert (await call(api, "GET", f"{s0.base}/rfqs", s0.owner))["items"] == []
    return w, approver, submitted


async def _the_request(api: Api, w: RfqWorld, approver: Any) -> dict[str, Any]:
    queue = await call(api, "GET", f"{w.org}/approvals", approver.headers)
    (request,) = queue["items"]
    return request


async def test_an_rfq_above_a_rule_opens_once_approved(api: Api) -> None:
    w, approver, submitted = await _waiting(api)
    request = await _the_request(api, w, approver)
    assert request["rfq_id"] == submitted["id"] and request["checkout_id"] is None
    assert request["summary"]["rfq"]["number"] == submitted["number"]
    assert submitted["number"] in request["summary"]["parts"][0]["supplier_name"]
    await call(api, "POST", f"{w.org}/approvals/{request['id']}/approve", approver.headers)
    await _deliver(api, "approvals.rfq_approved", submitted["id"])
    await _deliver(api, "approvals.rfq_approved", submitted["id"])  # twice: opened once
    after = await call(api, "GET", f"{w.org}/rfqs/{submitted['id']}", w.buyer)
    assert after["status"] == "open" and all(i["invited_at"] for i in after["invitations"])
    s0 = w.suppliers[0]
    assert len((await call(api, "GET", f"{s0.base}/rfqs", s0.owner))["items"]) == 1


async def test_a_rejected_rfq_goes_back_to_its_draft_with_the_reason(api: Api) -> None:
    w, approver, submitted = await _waiting(api)
    request = await _the_request(api, w, approver)
    await call(
        api, "POST", f"{w.org}/approvals/{request['id']}/reject", approver.headers, {"reason": "too dear"}
    )
    await _deliver(api, "approvals.rfq_rejected", submitted["id"])
    after = await call(api, "GET", f"{w.org}/rfqs/{submitted['id']}", w.buyer)
    assert (after["status"], after["status_reason"]) == ("draft", "too dear")
    assert not any(i["invited_at"] for i in after["invitations"])


async def test_deadline_extended_closed_and_cancelled(api: Api, db: Database) -> None:
    w = await rfq_world(api, suppliers=2)
    rfq = await opened(w)
    url = f"{w.org}/rfqs/{rfq['id']}"
    earlier = await api.client.post(f"{url}/deadline", json={"deadline": in_days(3)}, headers=w.buyer)
    assert earlier.status_code == 422 and earlier.json()["errors"][0]["field"] == "deadline"
    moved = await call(api, "POST", f"{url}/deadline", w.buyer, {"deadline": in_days(10)})
    assert moved["deadline"] > rfq["deadline"]
    told = await db.pool.fetchval(
        "SELECT count(*) FROM public.notification WHERE kind = 'rfq.deadline_extended'"
        " AND params->>'rfq_id' = $1",
        rfq["id"],
    )
    assert told == 2  # each supplier's owner
    closed = await call(api, "POST", f"{url}/close", w.buyer)
    assert closed["status"] == "closed" and closed["next"] == ["awarded", "cancelled"]
    await call(api, "POST", f"{url}/close", w.buyer, None, 409)
    await call(api, "PATCH", url, w.buyer, {"title": "x"}, 409)
    cancelled = await call(api, "POST", f"{url}/cancel", w.buyer, {"reason": "budget cut"})
    assert cancelled["status"] == "cancelled" and cancelled["status_reason"] == "budget cut"
    assert {i["status"] for i in cancelled["invitations"]} == {"rejected"}
    s0 = w.suppliers[0]
    seen = await call(api, "GET", f"{s0.base}/rfqs/{rfq['id']}", s0.owner)
    assert seen["status"] == "cancelled" and seen["invitation"]["status"] == "rejected"
    listed = await call(api, "GET", f"{w.org}/rfqs?status=cancelled", w.buyer)
    assert [r["id"] for r in listed["items"]] == [rfq["id"]]
    assert (await call(api, "GET", f"{w.org}/rfqs?status=open", w.buyer))["items"] == []


async def test_two_deadline_runners_close_each_rfq_once(api: Api, db: Database) -> None:
    w = await rfq_world(api, suppliers=1)
    ids = [(await opened(w))["id"] for _ in range(3)]
    await db.pool.execute(
        "UPDATE public.rfq SET deadline = now() - interval '1 minute' WHERE id = ANY($1::uuid[])",
        [uuid.UUID(i) for i in ids],
    )
    counts = await asyncio.gather(
        service.close_past_deadlines(db, batch=1), service.close_past_deadlines(db, batch=1)
    )
    assert sum(counts) >= 3  # other tests' RFQs past their deadline close too
    # each of these closed once: one closing event each
    closings = await db.pool.fetchval(
        "SELECT count(*) FROM public.outbox"
        " WHERE actor = 'rfq.closed' AND payload->>'rfq_id' = ANY($1::text[])",
        ids,
    )
    assert closings == 3
    statuses = await db.pool.fetch(
        "SELECT status FROM public.rfq WHERE id = ANY($1::uuid[])", [uuid.UUID(i) for i in ids]
    )
    assert {row["status"] for row in statuses} == {"closed"}
    events = await db.pool.fetchval(
        "SELECT count(*) FROM public.outbox WHERE actor = 'rfq.closed'"
        " AND payload->>'rfq_id' = ANY($1::text[])",
        ids,
    )
    assert events == 3
    buyer_told = await db.pool.fetchval(
        "SELECT count(*) FROM public.notification WHERE kind = 'rfq.deadline_passed'"
        " AND params->>'rfq_id' = ANY($1::text[])",
        ids,
    )
    assert buyer_told == 3
    assert get_job("rfq.deadlines").every == 60  # periodic


async def _upload(api: Api, url: str, headers: dict[str, str], content: bytes = PDF, **fields: str) -> Any:
    return await api.client.post(
        url, files={"file": ("drawing.pdf", content, "application/pdf")}, data=fields, headers=headers
    )


async def test_files_follow_the_visibility_rule(api: Api) -> None:
    w = await rfq_world(api, suppliers=3)
    rfq = await draft(w)
    url = f"{w.org}/rfqs/{rfq['id']}"
    line_id = rfq["lines"][0]["id"]
    drawing = await _upload(api, f"{url}/files", w.buyer, line_id=line_id)
    assert drawing.status_code == 201, drawing.text
    drawing_id = drawing.json()["id"]
    bad = await _upload(api, f"{url}/files", w.buyer, content=b"<html>")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "file"
    await call(
        api, "POST", f"{url}/invitations", w.buyer, {"suppliers": [w.suppliers[0].slug, w.suppliers[1].slug]}
    )
    await call(api, "POST", f"{url}/submit", w.buyer)
    s0, s1, s2 = w.suppliers
    quote = await _upload(api, f"{s0.base}/rfqs/{rfq['id']}/files", s0.owner, purpose="quote")
    assert quote.status_code == 201, quote.text
    quote_id = quote.json()["id"]
    # the request's drawing: every invited supplier; the quote file: its supplier and the buyer
    for who, file_id, status in (
        (s0, drawing_id, 200),
        (s1, drawing_id, 200),
        (s0, quote_id, 200),
        (s1, quote_id, 404),
        (s2, drawing_id, 404),
    ):
        response = await api.client.get(f"{who.base}/rfqs/{rfq['id']}/files/{file_id}", headers=who.owner)
        assert response.status_code == status, (who.slug, file_id)
    assert (await api.client.get(f"{url}/files/{quote_id}", headers=w.buyer)).content == PDF
    assert (await api.client.get(f"{url}/files/{drawing_id}", headers=w.other_buyer)).status_code == 404
    # quotes attach their uploads when a revision is sent: checked per file
    revision = uuid.uuid4()
    async with api.db.transaction() as tx:
        with pytest.raises(service.InvalidFiles) as refused:
            await service.attach_files(
                tx, uuid.UUID(rfq["id"]), s1.tenant_id, "quote", [uuid.UUID(quote_id)], revision
            )
    assert refused.value.errors[0]["field"] == "files[0]"
    async with api.db.transaction() as tx:
        attached = await service.attach_files(
            tx, uuid.UUID(rfq["id"]), s0.tenant_id, "quote", [uuid.UUID(quote_id)], revision
        )
        found = await service.files_of(tx, uuid.UUID(rfq["id"]), [revision])
    assert [f.id for f in attached] == [f.id for f in found[revision]] == [uuid.UUID(quote_id)]
    async with api.db.transaction() as tx:
        with pytest.raises(service.InvalidFiles):
            await service.attach_files(
                tx, uuid.UUID(rfq["id"]), s0.tenant_id, "quote", [uuid.UUID(quote_id)], uuid.uuid4()
            )


async def test_a_kept_line_keeps_its_file_and_a_drafts_file_is_deleted(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    rfq = await draft(w)
    url = f"{w.org}/rfqs/{rfq['id']}"
    first, second = rfq["lines"][0]["id"], rfq["lines"][1]["id"]
    on_first = (await _upload(api, f"{url}/files", w.buyer, line_id=first)).json()
    on_second = (await _upload(api, f"{url}/files", w.buyer, line_id=second)).json()
    lines = [{"id": first, "kind": "text", "description": "Hex bolt M8, A4", "quantity": "120"}]
    changed = await call(api, "PATCH", url, w.buyer, {"lines": lines})
    assert [line["id"] for line in changed["lines"]] == [first]
    by_id = {f["id"]: f["line_id"] for f in changed["files"]}
    assert by_id == {on_first["id"]: first, on_second["id"]: None}  # the gone line's file stays
    foreign = await api.client.patch(
        url, json={"lines": [{**lines[0], "id": str(uuid.uuid4())}]}, headers=w.buyer
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "lines[0].id"
    await call(api, "DELETE", f"{url}/files/{on_second['id']}", w.buyer, None, 204)
    await call(api, "GET", f"{url}/files/{on_second['id']}", w.buyer, None, 404)
    bad_line = await _upload(api, f"{url}/files", w.buyer, line_id=str(uuid.uuid4()))
    assert bad_line.status_code == 422 and bad_line.json()["errors"][0]["field"] == "line_id"


async def test_the_inbox_filters_by_quote_status_and_pages(api: Api, db: Database) -> None:
    w = await rfq_world(api, suppliers=1)
    s0 = w.suppliers[0]
    ids = [(await opened(w, title=f"Request {n}"))["id"] for n in range(3)]
    async with db.transaction() as tx:
        await service.set_quote_status(
            tx, uuid.UUID(ids[0]), s0.tenant_id, "declined", "supplier", reason="busy"
        )
    first = await call(api, "GET", f"{s0.base}/rfqs?limit=2", s0.owner)
    rest = await call(api, "GET", f"{s0.base}/rfqs?limit=2&cursor={first['next_cursor']}", s0.owner)
    assert [i["rfq_id"] for i in first["items"] + rest["items"]] == ids[::-1] and rest["next_cursor"] is None
    declined = await call(api, "GET", f"{s0.base}/rfqs?status=declined", s0.owner)
    assert [i["rfq_id"] for i in declined["items"]] == [ids[0]]
    bad = await api.client.get(f"{s0.base}/rfqs?cursor=nonsense", headers=s0.owner)
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "cursor"


async def test_the_delivery_location_is_checked_and_snapshotted_at_submit(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    location = {"name": "Plant Linz", "line1": "Werkstr. 1", "city": "Linz", "country": "AT"}
    ship_to = await call(api, "POST", f"{w.org}/locations", w.buyer, location, 201)
    billing = await call(
        api,
        "POST",
        f"{w.org}/locations",
        w.buyer,
        {**location, "name": "HQ", "is_ship_to": False, "is_bill_to": True},
        201,
    )
    other = await call(
        api, "POST", f"/api/v1/orgs/{w.other_buyer_org}/locations", w.other_buyer, location, 201
    )
    for refused in (billing["id"], other["id"]):
        response = await api.client.post(
            f"{w.org}/rfqs", json={**draft_body(w), "delivery_location_id": refused}, headers=w.buyer
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "delivery_location_id"
    rfq = await opened(w, delivery_location_id=ship_to["id"])
    assert rfq["delivery_location"]["city"] == "Linz"
    seen = await call(api, "GET", f"{w.suppliers[0].base}/rfqs/{rfq['id']}", w.suppliers[0].owner)
    assert seen["delivery_location"]["city"] == "Linz"
