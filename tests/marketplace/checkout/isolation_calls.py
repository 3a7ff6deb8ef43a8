"""Isolation checks of checkout (merged by tests/identity/test_isolation.py): the victim's
organisation answers 404, and a checkout id the attacker's company does not own too."""

from __future__ import annotations

from tests.isolation import NO_ID, CallTable, calls, one


def _body(location: str = NO_ID) -> dict[str, object]:
    return {
        "ship_to_location_id": location,
        "bill_to_location_id": location,
        "suppliers": [{"tenant_id": NO_ID, "payment_method": "bank_transfer", "expected_total": "1"}],
    }


def _edit() -> dict[str, object]:
    return {
        "suppliers": [
            {"tenant_id": NO_ID, "payment_method": "bank_transfer", "lines": [{"sku": "X", "quantity": "1"}]}
        ]
    }


CALLS: CallTable = {
    ("GET", "/api/v1/orgs/{org_id:uuid}/checkout"): (
        one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/checkout"),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/checkout"): (
        one("POST", lambda w: f"/api/v1/orgs/{w.victim_org}/checkout", lambda w: _body()),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/checkouts/{checkout_id:uuid}"): (
        calls(
            one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/checkouts/{NO_ID}"),
            one("GET", lambda w: f"/api/v1/orgs/{w.attacker_org}/checkouts/{NO_ID}"),
        ),
        {404},
    ),
    ("PATCH", "/api/v1/orgs/{org_id:uuid}/checkouts/{checkout_id:uuid}"): (
        calls(
            one("PATCH", lambda w: f"/api/v1/orgs/{w.victim_org}/checkouts/{NO_ID}", lambda w: _edit()),
            one("PATCH", lambda w: f"/api/v1/orgs/{w.attacker_org}/checkouts/{NO_ID}", lambda w: _edit()),
        ),
        {404},
    ),
}
