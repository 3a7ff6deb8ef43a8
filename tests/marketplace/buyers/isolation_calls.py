"""Isolation checks of buyer locations (merged by tests/identity/test_isolation.py): the
victim's organisation answers 404, and an id of no location of the attacker's own company too."""

from __future__ import annotations

from tests.isolation import NO_ID, CallTable, calls, one

BODY = {"name": "x", "line1": "x", "city": "x", "country": "RO"}


CALLS: CallTable = {
    ("GET", "/api/v1/orgs/{org_id:uuid}/locations"): (
        one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/locations"),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/locations"): (
        one("POST", lambda w: f"/api/v1/orgs/{w.victim_org}/locations", lambda w: BODY),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/locations/{location_id:uuid}"): (
        calls(
            one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/locations/{NO_ID}"),
            one("GET", lambda w: f"/api/v1/orgs/{w.attacker_org}/locations/{NO_ID}"),
        ),
        {404},
    ),
    ("PATCH", "/api/v1/orgs/{org_id:uuid}/locations/{location_id:uuid}"): (
        calls(
            one("PATCH", lambda w: f"/api/v1/orgs/{w.victim_org}/locations/{NO_ID}", lambda w: {"city": "y"}),
            one(
                "PATCH", lambda w: f"/api/v1/orgs/{w.attacker_org}/locations/{NO_ID}", lambda w: {"city": "y"}
            ),
        ),
        {404},
    ),
    ("DELETE", "/api/v1/orgs/{org_id:uuid}/locations/{location_id:uuid}"): (
        calls(
            one("DELETE", lambda w: f"/api/v1/orgs/{w.victim_org}/locations/{NO_ID}"),
            one("DELETE", lambda w: f"/api/v1/orgs/{w.attacker_org}/locations/{NO_ID}"),
        ),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/locations/{location_id:uuid}/default"): (
        calls(
            one(
                "POST",
                lambda w: f"/api/v1/orgs/{w.victim_org}/locations/{NO_ID}/default",
                lambda w: {"kind": "ship_to"},
            ),
            one(
                "POST",
                lambda w: f"/api/v1/orgs/{w.attacker_org}/locations/{NO_ID}/default",
                lambda w: {"kind": "ship_to"},
            ),
        ),
        {404},
    ),
}
