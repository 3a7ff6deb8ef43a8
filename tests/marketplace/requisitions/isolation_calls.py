"""Isolation checks of requisition lists (merged by tests/identity/test_isolation.py): the
victim's organisation answers 404, and an id of no list of the attacker's own company too."""

from __future__ import annotations

from typing import Any

from tests.isolation import NO_ID, CallFactory, CallTable, World, calls, one

BASE = "/api/v1/orgs/{org_id:uuid}/requisition-lists"
LINES = {"lines": [{"sku": "HB-M8", "quantity": "1"}]}


def victim(method: str, rest: str, body: dict[str, Any] | None = None) -> CallFactory:
    return one(
        method,
        lambda w: f"/api/v1/orgs/{w.victim_org}/requisition-lists{rest}",
        (lambda w: body) if body is not None else None,
    )


def both(method: str, rest: str, body: dict[str, Any] | None = None) -> CallFactory:
    """The victim's organisation, then the attacker's own with an id of no list of it."""

    def attacker(w: World) -> str:
        return f"/api/v1/orgs/{w.attacker_org}/requisition-lists{rest}"

    return calls(
        victim(method, rest, body), one(method, attacker, (lambda w: body) if body is not None else None)
    )


CALLS: CallTable = {
    ("GET", BASE): (victim("GET", ""), {404}),
    ("POST", BASE): (victim("POST", "", {"name": "x"}), {404}),
    ("POST", f"{BASE}/from-cart"): (victim("POST", "/from-cart", {"name": "x"}), {404}),
    ("GET", f"{BASE}/{{list_id:uuid}}"): (both("GET", f"/{NO_ID}"), {404}),
    ("PATCH", f"{BASE}/{{list_id:uuid}}"): (both("PATCH", f"/{NO_ID}", {"name": "y"}), {404}),
    ("DELETE", f"{BASE}/{{list_id:uuid}}"): (both("DELETE", f"/{NO_ID}"), {404}),
    ("POST", f"{BASE}/{{list_id:uuid}}/lines"): (both("POST", f"/{NO_ID}/lines", LINES), {404}),
    ("PATCH", f"{BASE}/{{list_id:uuid}}/lines/{{line_id:uuid}}"): (
        both("PATCH", f"/{NO_ID}/lines/{NO_ID}", {"quantity": "2"}),
        {404},
    ),
    ("POST", f"{BASE}/{{list_id:uuid}}/lines/remove"): (
        both("POST", f"/{NO_ID}/lines/remove", {"line_ids": [NO_ID]}),
        {404},
    ),
    ("POST", f"{BASE}/{{list_id:uuid}}/to-cart"): (both("POST", f"/{NO_ID}/to-cart", {}), {404}),
}
