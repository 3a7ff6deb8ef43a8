"""The four outsiders of an RFQ on every route of rfq.requests: another buyer, a supplier
not invited, an invited supplier reaching for a competitor's data, and anonymous. None
gets anything of the RFQ it may not see, and nothing changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.rfq.requests.helpers import draft_body, in_days, opened
from tests.rfq.requests.isolation_calls import BUYER_ROUTES, SUPPLIER_ROUTES
from tests.rfq.world import RfqWorld, rfq_world

PDF = b"%PDF-1.4\n% competitor's secret\n"
DENIED = {401, 403, 404}


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def _fill(text: str, w: RfqWorld, rfq: dict[str, Any], file_id: str) -> str:
    return (
        text.replace("{rfq}", rfq["id"])
        .replace("{file}", file_id)
        .replace("{tenant}", str(w.suppliers[0].tenant_id))
        .replace("{slug}", w.suppliers[2].slug)
        .replace("{category}", str(w.category_id))
        .replace("{later}", in_days(20))
    )


async def _send(
    api: Api,
    method: str,
    url: str,
    headers: dict[str, str],
    body: Any,
    w: RfqWorld,
    rfq: dict[str, Any],
    file_id: str,
) -> Any:
    if method == "POST" and url.endswith("/files"):
        return await api.client.post(
            url, files={"file": ("x.pdf", PDF, "application/pdf")}, data={"purpose": "quote"}, headers=headers
        )
    if body is not None:
        body = {
            k: (_fill(v, w, rfq, file_id) if isinstance(v, str) else [_fill(x, w, rfq, file_id) for x in v])
            for k, v in body.items()
        }
    return await api.client.request(method, url, json=body, headers=headers)


async def _state(api: Api, rfq_id: str) -> tuple[Any, ...]:
    async with api.db.transaction() as tx:
        rfq = await tx.fetchrow("SELECT status, title, deadline FROM public.rfq WHERE id = $1::uuid", rfq_id)
        invited = await tx.fetch(
            "SELECT tenant_id, status, invited_at FROM public.rfq_invitation"
            " WHERE rfq_id = $1::uuid ORDER BY position",
            rfq_id,
        )
        files = await tx.fetchval("SELECT count(*) FROM public.rfq_file WHERE rfq_id = $1::uuid", rfq_id)
        count = await tx.fetchval("SELECT count(*) FROM public.rfq")
    return tuple(rfq or ()), [tuple(row) for row in invited], files, count


async def test_the_four_outsiders_reach_nothing(api: Api) -> None:
    w = await rfq_world(api, suppliers=3)
    s0, s1, s2 = w.suppliers
    lines = [{"kind": "text", "description": "Hex bolt M8", "quantity": "10", "target_price": "0.42"}]
    rfq = await opened(w, suppliers=2, title="Secret bolts for the Eiger tunnel", lines=lines)
    drawing = await api.client.post(
        f"{w.org}/rfqs/{rfq['id']}/files", files={"file": ("d.pdf", PDF, "application/pdf")}, headers=w.buyer
    )
    competitor = await api.client.post(
        f"{s0.base}/rfqs/{rfq['id']}/files",
        files={"file": ("s0-quote-breakdown.pdf", PDF, "application/pdf")},
        data={"purpose": "quote"},
        headers=s0.owner,
    )
    assert drawing.status_code == competitor.status_code == 201
    competitor_file = competitor.json()["id"]
    before = await _state(api, rfq["id"])
    secret = {"Secret bolts for the Eiger tunnel", "s0-quote-breakdown.pdf", str(s0.tenant_id), s0.slug}
    outsiders: dict[str, dict[str, str]] = {
        "another buyer": w.other_buyer,
        "an uninvited supplier": s2.owner,
        "an invited competitor": s1.owner,
        "anonymous": {},
    }
    failures = []
    for who, headers in outsiders.items():
        for method, rest, body in BUYER_ROUTES:
            if (method, rest) == ("POST", ""):
                continue  # creating is not reaching: tried below on the buyer's organisation
            url = f"{w.org}/rfqs{_fill(rest, w, rfq, competitor_file)}"
            response = await _send(api, method, url, headers, body, w, rfq, competitor_file)
            leaked = sorted(m for m in secret if m in response.text)
            if response.status_code not in DENIED or leaked:
                failures.append(f"{who}: {method} {url} {response.status_code} leaked={leaked}")
        created = await api.client.post(f"{w.org}/rfqs", json=draft_body(w), headers=headers)
        if created.status_code not in DENIED:
            failures.append(f"{who}: created an RFQ for the buyer: {created.status_code}")
    # another buyer with its own organisation and this RFQ's id
    other = await api.client.get(f"/api/v1/orgs/{w.other_buyer_org}/rfqs/{rfq['id']}", headers=w.other_buyer)
    assert other.status_code == 404
    # the supplier routes: each outsider on the invited supplier s0's routes, and on its own
    for who, headers, base in (
        ("another buyer", w.other_buyer, s0.base),
        ("an uninvited supplier", s2.owner, s2.base),
        ("an uninvited supplier on s0", s2.owner, s0.base),
        ("an invited competitor on s0", s1.owner, s0.base),
        ("anonymous", {}, s0.base),
    ):
        for method, rest, body in SUPPLIER_ROUTES:
            if rest == "":
                continue  # the inbox: below
            url = f"{base}/rfqs{_fill(rest, w, rfq, competitor_file)}"
            response = await _send(api, method, url, headers, body, w, rfq, competitor_file)
            leaked = sorted(m for m in secret if m in response.text)
            if response.status_code not in DENIED or leaked:
                failures.append(f"{who}: {method} {url} {response.status_code} leaked={leaked}")
    assert not failures, "\n".join(failures)
    # the invited competitor reads the request, never s0's file or invitation
    own_view = await call(api, "GET", f"{s1.base}/rfqs/{rfq['id']}", s1.owner)
    assert not any(m in str(own_view) for m in secret - {"Secret bolts for the Eiger tunnel"})
    assert own_view["lines"][0]["target_price"] is None  # the buyer's target stays hidden
    denied = await api.client.get(f"{s1.base}/rfqs/{rfq['id']}/files/{competitor_file}", headers=s1.owner)
    assert denied.status_code == 404
    for headers, base in ((s2.owner, s2.base), ({}, s0.base), (w.other_buyer, s0.base)):
        inbox = await api.client.get(f"{base}/rfqs", headers=headers)
        assert inbox.status_code in DENIED or rfq["id"] not in inbox.text
    # the anonymous competitor-file upload above made nothing; state unchanged (the
    # invited competitor's own quote uploads are its own files: counted separately)
    after = await _state(api, rfq["id"])
    assert after[:2] == before[:2] and after[3] == before[3]
    extra = await api.db.pool.fetchval(
        "SELECT count(*) FROM public.rfq_file WHERE rfq_id = $1::uuid AND tenant_id IS DISTINCT FROM $2",
        rfq["id"],
        s1.tenant_id,
    )
    assert extra == before[2]


def test_every_route_of_rfq_requests_is_tried_by_the_outsiders(settings: Settings) -> None:
    from tests.identity.test_isolation import registered_routes

    ours = {
        (method, path)
        for method, path in registered_routes(create_app(settings))
        if "/rfqs" in path and ("/orgs/" in path or "/suppliers/" in path)
    }
    listed = {
        ("POST" if m == "POST" else m, "/api/v1/orgs/{org_id:uuid}/rfqs" + _route(rest))
        for m, rest, _ in BUYER_ROUTES
    } | {
        ("GET" if m == "GET" else m, "/api/v1/suppliers/{tenant:str}/rfqs" + _route(rest))
        for m, rest, _ in SUPPLIER_ROUTES
    }
    mine = {
        route
        for route in ours
        if not any(
            part in route[1]
            for part in (
                "/quotes",
                "/draft",
                "/comparison",
                "/award",
                "/messages",
                "/revisions",
                "/counters",
                "/send",
                "/decline",
                "/withdraw",
                "/quote-policy",
            )
        )
    }
    assert mine <= listed, sorted(mine - listed)


def _route(rest: str) -> str:
    return (
        rest.split("?")[0]
        .replace("{rfq}", "{rfq_id:uuid}")
        .replace("{file}", "{file_id:uuid}")
        .replace("{tenant}", "{tenant_id:uuid}")
    )
