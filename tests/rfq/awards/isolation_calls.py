"""Isolation checks of rfq.awards (merged by tests/identity/test_isolation.py): another
organisation's RFQ routes, an RFQ id the attacker's company does not own, and another
supplier's award answer 404. The RFQ's own outsiders (another buyer, an uninvited supplier, an
invited competitor, anonymous) are tried on a real award in tests/rfq/awards/test_outsiders.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.isolation import NO_ID, CallTable, World, calls, one, sup

BUYER = "/api/v1/orgs/{org_id:uuid}/rfqs/{rfq_id:uuid}"
SUPPLIER = "/api/v1/suppliers/{tenant:str}/rfqs/{rfq_id:uuid}/award"
AWARD = {"lines": [{"line_id": NO_ID, "splits": [{"tenant_id": NO_ID, "quantity": "1"}]}]}
MAPPING = {"mappings": [{"line_id": NO_ID, "sku": "X"}]}


def _both(method: str, rest: str, body: dict[str, Any] | None = None) -> Callable[[World], list[Any]]:
    """The victim's organisation, and the attacker's own with an RFQ id it does not own."""
    return calls(
        one(
            method,
            lambda w: f"/api/v1/orgs/{w.victim_org}/rfqs/{NO_ID}{rest}",
            (lambda w: body) if body else None,
        ),
        one(
            method,
            lambda w: f"/api/v1/orgs/{w.attacker_org}/rfqs/{NO_ID}{rest}",
            (lambda w: body) if body else None,
        ),
    )


CALLS: CallTable = {
    ("GET", f"{BUYER}/comparison"): (_both("GET", "/comparison"), {404}),
    ("POST", f"{BUYER}/award"): (_both("POST", "/award", AWARD), {404}),
    ("GET", f"{BUYER}/award"): (_both("GET", "/award"), {404}),
    ("GET", SUPPLIER): (one("GET", lambda w: sup(w, f"/rfqs/{NO_ID}/award")), {404}),
    ("POST", SUPPLIER): (one("POST", lambda w: sup(w, f"/rfqs/{NO_ID}/award"), lambda w: MAPPING), {404}),
}
