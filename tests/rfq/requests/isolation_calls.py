"""Isolation checks of rfq.requests (merged by tests/identity/test_isolation.py): another
organisation's RFQs, a supplier's inbox of another tenant, and ids of no RFQ of the
attacker's own company answer 404 (or 403 where an API key may not write). The four
outsiders of an RFQ (another buyer, an uninvited supplier, an invited supplier reading a
competitor's data, anonymous) are tried on every route by test_outsiders.py, from
``OUTSIDER_ROUTES`` below."""

from __future__ import annotations

from typing import Any

from tests.isolation import NO_ID, CallFactory, CallTable, World, calls, one, sup

BUYER = "/api/v1/orgs/{org_id:uuid}/rfqs"
SUPPLIER = "/api/v1/suppliers/{tenant:str}/rfqs"
DENIED_HERE = {403, 404}
DRAFT = {"marketplace": "x", "title": "x", "currency": "EUR", "deadline": "2030-01-01T00:00:00Z"}


def both(method: str, rest: str, body: dict[str, Any] | None = None) -> CallFactory:
    """The victim's organisation, then the attacker's own with an id of no RFQ of it."""

    def victim(w: World) -> str:
        return f"/api/v1/orgs/{w.victim_org}/rfqs{rest}"

    def attacker(w: World) -> str:
        return f"/api/v1/orgs/{w.attacker_org}/rfqs{rest}"

    json = (lambda w: body) if body is not None else None
    return calls(one(method, victim, json), one(method, attacker, json))


ONE = f"{BUYER}/{{rfq_id:uuid}}"
CALLS: CallTable = {
    ("POST", BUYER): (one("POST", lambda w: f"/api/v1/orgs/{w.victim_org}/rfqs", lambda w: DRAFT), {404}),
    ("GET", BUYER): (one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/rfqs"), {404}),
    ("GET", ONE): (both("GET", f"/{NO_ID}"), {404}),
    ("PATCH", ONE): (both("PATCH", f"/{NO_ID}", {"title": "y"}), DENIED_HERE),
    ("DELETE", ONE): (both("DELETE", f"/{NO_ID}"), {404}),
    ("POST", f"{ONE}/submit"): (both("POST", f"/{NO_ID}/submit"), DENIED_HERE),
    ("POST", f"{ONE}/invitations"): (
        both("POST", f"/{NO_ID}/invitations", {"suppliers": ["x"]}),
        DENIED_HERE,
    ),
    ("GET", f"{ONE}/invitations/preview"): (
        both("GET", f"/{NO_ID}/invitations/preview?categories={NO_ID}"),
        {404},
    ),
    ("DELETE", f"{ONE}/invitations/{{tenant_id:uuid}}"): (
        both("DELETE", f"/{NO_ID}/invitations/{NO_ID}"),
        {404},
    ),
    ("POST", f"{ONE}/deadline"): (
        both("POST", f"/{NO_ID}/deadline", {"deadline": "2030-01-01T00:00:00Z"}),
        {404},
    ),
    ("POST", f"{ONE}/close"): (both("POST", f"/{NO_ID}/close"), {404}),
    ("POST", f"{ONE}/cancel"): (both("POST", f"/{NO_ID}/cancel", {"reason": "x"}), {404}),
    # multipart routes: no body (the guard answers before the body is read)
    ("POST", f"{ONE}/files"): (both("POST", f"/{NO_ID}/files"), {400, 403, 404}),
    ("GET", f"{ONE}/files/{{file_id:uuid}}"): (both("GET", f"/{NO_ID}/files/{NO_ID}"), {404}),
    ("DELETE", f"{ONE}/files/{{file_id:uuid}}"): (both("DELETE", f"/{NO_ID}/files/{NO_ID}"), {404}),
    ("GET", SUPPLIER): (one("GET", lambda w: sup(w, "/rfqs")), {404}),
    ("GET", f"{SUPPLIER}/{{rfq_id:uuid}}"): (one("GET", lambda w: sup(w, f"/rfqs/{NO_ID}")), {404}),
    ("POST", f"{SUPPLIER}/{{rfq_id:uuid}}/files"): (
        one("POST", lambda w: sup(w, f"/rfqs/{NO_ID}/files")),
        {404},
    ),
    ("GET", f"{SUPPLIER}/{{rfq_id:uuid}}/files/{{file_id:uuid}}"): (
        one("GET", lambda w: sup(w, f"/rfqs/{NO_ID}/files/{NO_ID}")),
        {404},
    ),
}

# every route of rfq.requests, for the four outsiders (test_outsiders.py): method, path
# after the base (``{rfq}``, ``{file}``, ``{tenant}`` filled in there), body
BUYER_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "", None),
    ("POST", "", None),  # filled with a valid draft there
    ("GET", "/{rfq}", None),
    ("PATCH", "/{rfq}", {"title": "taken over"}),
    ("DELETE", "/{rfq}", None),
    ("POST", "/{rfq}/submit", None),
    ("POST", "/{rfq}/invitations", {"suppliers": ["{slug}"]}),
    ("GET", "/{rfq}/invitations/preview?categories={category}", None),
    ("DELETE", "/{rfq}/invitations/{tenant}", None),
    ("POST", "/{rfq}/deadline", {"deadline": "{later}"}),
    ("POST", "/{rfq}/close", None),
    ("POST", "/{rfq}/cancel", {"reason": "taken over"}),
    ("POST", "/{rfq}/files", None),
    ("GET", "/{rfq}/files/{file}", None),
    ("DELETE", "/{rfq}/files/{file}", None),
]
SUPPLIER_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "", None),
    ("GET", "/{rfq}", None),
    ("POST", "/{rfq}/files", None),
    ("GET", "/{rfq}/files/{file}", None),
]
