"""Isolation checks of approvals (merged by tests/identity/test_isolation.py): the victim's
organisation answers 404, and an id of no rule, member or request of the attacker's own
company too."""

from __future__ import annotations

from tests.isolation import NO_ID, CallFactory, CallTable, calls, one

RULE = {"name": "x", "condition": "supplier", "supplier_id": NO_ID, "levels": [{"roles": ["admin"]}]}
LIMITS = {"limits": [{"currency": "EUR", "per_order": "1"}]}
SETTINGS = "/api/v1/orgs/{org_id:uuid}/approval-settings"
QUEUE = "/api/v1/orgs/{org_id:uuid}/approvals"


def both(method: str, rest: str, body: dict[str, object] | None = None) -> CallFactory:
    """The call on the victim's organisation and on the attacker's own with an unknown id."""
    return calls(
        one(method, lambda w: f"/api/v1/orgs/{w.victim_org}{rest}", (lambda w: body) if body else None),
        one(method, lambda w: f"/api/v1/orgs/{w.attacker_org}{rest}", (lambda w: body) if body else None),
    )


CALLS: CallTable = {
    ("GET", SETTINGS): (one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/approval-settings"), {404}),
    ("PUT", f"{SETTINGS}/limits/{{user_id:uuid}}"): (
        both("PUT", f"/approval-settings/limits/{NO_ID}", LIMITS),
        {404},
    ),
    ("POST", f"{SETTINGS}/rules"): (
        one("POST", lambda w: f"/api/v1/orgs/{w.victim_org}/approval-settings/rules", lambda w: RULE),
        {404},
    ),
    ("GET", f"{SETTINGS}/rules/{{rule_id:uuid}}"): (
        both("GET", f"/approval-settings/rules/{NO_ID}"),
        {404},
    ),
    ("PUT", f"{SETTINGS}/rules/{{rule_id:uuid}}"): (
        both("PUT", f"/approval-settings/rules/{NO_ID}", RULE),
        {404},
    ),
    ("DELETE", f"{SETTINGS}/rules/{{rule_id:uuid}}"): (
        both("DELETE", f"/approval-settings/rules/{NO_ID}"),
        {404},
    ),
    ("GET", QUEUE): (one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/approvals"), {404}),
    ("GET", f"{QUEUE}/{{request_id:uuid}}"): (both("GET", f"/approvals/{NO_ID}"), {404}),
    ("POST", f"{QUEUE}/{{request_id:uuid}}/approve"): (
        both("POST", f"/approvals/{NO_ID}/approve"),
        {404},
    ),
    ("POST", f"{QUEUE}/{{request_id:uuid}}/reject"): (
        both("POST", f"/approvals/{NO_ID}/reject", {"reason": "x"}),
        {404},
    ),
}
