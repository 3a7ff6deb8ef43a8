"""Isolation checks of the notifications (merged by tests/identity/test_isolation.py):
another user's notification is 404, the lists show the caller's own only (the suite
checks no victim marker leaks), and API keys have none (401)."""

from __future__ import annotations

from tests.isolation import CallTable, one

OWN_ONLY = {200, 401}

CALLS: CallTable = {
    ("GET", "/api/v1/notifications"): (one("GET", lambda w: "/api/v1/notifications?limit=200"), OWN_ONLY),
    ("GET", "/api/v1/notifications/unread-count"): (
        one("GET", lambda w: "/api/v1/notifications/unread-count"),
        OWN_ONLY,
    ),
    ("POST", "/api/v1/notifications/{notification_id:uuid}/read"): (
        one("POST", lambda w: f"/api/v1/notifications/{w.victim_notification_id}/read"),
        {401, 404},
    ),
    ("POST", "/api/v1/notifications/read-all"): (
        one("POST", lambda w: "/api/v1/notifications/read-all"),
        OWN_ONLY,
    ),
}
