"""Isolation checks of rfq.quotes (merged by tests/identity/test_isolation.py): another
supplier's quote routes and quote policy, and another company's RFQ quotes, answer 404;
so does an RFQ id that is not the attacker's own. The four outsiders of a real RFQ
(another buyer, an uninvited supplier, an invited competitor, anonymous) are tried on
every route in tests/rfq/quotes/test_negotiation.py."""

from __future__ import annotations

from typing import Any

from tests.isolation import NO_ID, CallTable, calls, one, sup

SUPPLIER = "/api/v1/suppliers/{tenant:str}/rfqs/{rfq_id:uuid}"
BUYER = "/api/v1/orgs/{org_id:uuid}/rfqs/{rfq_id:uuid}/quotes"
POLICY = "/api/v1/suppliers/{tenant:str}/quote-policy"
DRAFT = {"lines": []}
REASON = {"reason": "x"}
MESSAGE = {"body": "hello"}

_SUPPLIER_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "draft", None),
    ("PUT", "draft", DRAFT),
    ("POST", "draft/send", None),
    ("POST", "draft/request-approval", None),
    ("POST", "draft/approve", None),
    ("POST", "decline", REASON),
    ("POST", "withdraw", REASON),
    ("GET", "revisions", None),
    ("GET", "counters", None),
    ("GET", "messages", None),
    ("POST", "messages", MESSAGE),
]
_BUYER_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "", None),
    ("GET", f"/{NO_ID}", None),
    ("POST", f"/{NO_ID}/counter", {"lines": []}),
    ("GET", f"/{NO_ID}/messages", None),
    ("POST", f"/{NO_ID}/messages", MESSAGE),
]


def _buyer_path(rest: str) -> str:
    return BUYER + rest.replace(f"/{NO_ID}", "/{tenant_id:uuid}")


CALLS: CallTable = {
    **{
        (method, f"{SUPPLIER}/{rest}"): (
            one(
                method,
                lambda w, rest=rest: sup(w, f"/rfqs/{NO_ID}/{rest}"),
                (lambda w, b=body: b) if body else None,
            ),
            {404},
        )
        for method, rest, body in _SUPPLIER_ROUTES
    },
    **{
        (method, _buyer_path(rest)): (
            calls(
                one(
                    method,
                    lambda w, rest=rest: f"/api/v1/orgs/{w.victim_org}/rfqs/{NO_ID}/quotes{rest}",
                    (lambda w, b=body: b) if body else None,
                ),
                one(
                    method,
                    lambda w, rest=rest: f"/api/v1/orgs/{w.attacker_org}/rfqs/{NO_ID}/quotes{rest}",
                    (lambda w, b=body: b) if body else None,
                ),
            ),
            {404},
        )
        for method, rest, body in _BUYER_ROUTES
    },
    ("GET", POLICY): (one("GET", lambda w: sup(w, "/quote-policy")), {404}),
    ("PUT", POLICY): (one("PUT", lambda w: sup(w, "/quote-policy"), lambda w: {}), {404}),
}
