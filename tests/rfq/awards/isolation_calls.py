"""Isolation checks of rfq.awards (merged by tests/identity/test_isolation.py): another
organisation's RFQ routes and an RFQ id the attacker's company does not own answer 404.
The RFQ-specific outsiders (another buyer, an uninvited supplier, an invited competitor,
anonymous) are tried on a real award in tests/rfq/awards/test_outsiders.py."""

from __future__ import annotations

from tests.isolation import NO_ID, CallTable, calls, one

BUYER = "/api/v1/orgs/{org_id:uuid}/rfqs/{rfq_id:uuid}"


def _award() -> dict[str, object]:
    return {"lines": [{"line_id": NO_ID, "splits": [{"tenant_id": NO_ID, "quantity": "1"}]}]}


CALLS: CallTable = {
    ("GET", f"{BUYER}/comparison"): (
        calls(
            one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/rfqs/{NO_ID}/comparison"),
            one("GET", lambda w: f"/api/v1/orgs/{w.attacker_org}/rfqs/{NO_ID}/comparison"),
        ),
        {404},
    ),
}
