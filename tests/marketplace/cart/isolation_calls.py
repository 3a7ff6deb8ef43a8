"""Isolation checks of the cart, quick order and preferred suppliers (merged by
tests/identity/test_isolation.py): the victim's organisation answers 404, and an id of no
cart line of the attacker's own cart too."""

from __future__ import annotations

from tests.isolation import NO_ID, CallTable, calls, one

LINES = {"lines": [{"sku": "HB-M8", "quantity": "10"}]}
PASTE = {"text": "HB-M8 10"}


def _org(org: str, rest: str) -> str:
    return f"/api/v1/orgs/{org}{rest}"


CALLS: CallTable = {
    ("GET", "/api/v1/orgs/{org_id:uuid}/cart"): (one("GET", lambda w: _org(w.victim_org, "/cart")), {404}),
    ("DELETE", "/api/v1/orgs/{org_id:uuid}/cart"): (
        one("DELETE", lambda w: _org(w.victim_org, "/cart")),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/cart/count"): (
        one("GET", lambda w: _org(w.victim_org, "/cart/count")),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/cart/lines"): (
        one("POST", lambda w: _org(w.victim_org, "/cart/lines"), lambda w: LINES),
        {404},
    ),
    ("PATCH", "/api/v1/orgs/{org_id:uuid}/cart/lines/{line_id:uuid}"): (
        calls(
            one("PATCH", lambda w: _org(w.victim_org, f"/cart/lines/{NO_ID}"), lambda w: {"quantity": "5"}),
            one("PATCH", lambda w: _org(w.attacker_org, f"/cart/lines/{NO_ID}"), lambda w: {"quantity": "5"}),
        ),
        {404},
    ),
    ("DELETE", "/api/v1/orgs/{org_id:uuid}/cart/lines/{line_id:uuid}"): (
        calls(
            one("DELETE", lambda w: _org(w.victim_org, f"/cart/lines/{NO_ID}")),
            one("DELETE", lambda w: _org(w.attacker_org, f"/cart/lines/{NO_ID}")),
        ),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/quick-order/resolve"): (
        one("POST", lambda w: _org(w.victim_org, "/quick-order/resolve"), lambda w: PASTE),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/quick-order/add"): (
        one("POST", lambda w: _org(w.victim_org, "/quick-order/add"), lambda w: PASTE),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/quick-order/file"): (
        one("POST", lambda w: _org(w.victim_org, "/quick-order/file")),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/preferred-suppliers"): (
        one("GET", lambda w: _org(w.victim_org, "/preferred-suppliers")),
        {404},
    ),
    ("PUT", "/api/v1/orgs/{org_id:uuid}/preferred-suppliers"): (
        one("PUT", lambda w: _org(w.victim_org, "/preferred-suppliers"), lambda w: {"suppliers": []}),
        {404},
    ),
}
