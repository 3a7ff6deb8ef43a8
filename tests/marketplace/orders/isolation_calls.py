"""Isolation checks of orders (merged by tests/identity/test_isolation.py): another
supplier's orders and another company's orders answer 404, and so does an id of no order
of the attacker's own company."""

from __future__ import annotations

from typing import Any

from tests.isolation import NO_ID, CallTable, calls, one, sup

SUPPLIER = "/api/v1/suppliers/{tenant:str}/orders"
BUYER = "/api/v1/orgs/{org_id:uuid}/orders"
REASON = {"reason": "x"}

_SUPPLIER_STEPS: dict[str, dict[str, Any]] = {
    "confirm": {},
    "reject": REASON,
    "release": {},
    "cancel": REASON,
    "proposal": {"lines": []},
    "change/accept": {},
    "change/decline": {},
    "shipments": {},
    "deliver": {},
}
_BUYER_STEPS: dict[str, dict[str, Any]] = {
    "cancel": REASON,
    "change-request": {"lines": []},
    "proposal/accept": {},
    "proposal/decline": {},
}


CALLS: CallTable = {
    ("GET", SUPPLIER): (one("GET", lambda w: sup(w, "/orders")), {404}),
    ("GET", f"{SUPPLIER}/{{order_id:uuid}}"): (one("GET", lambda w: sup(w, f"/orders/{NO_ID}")), {404}),
    **{
        ("POST", f"{SUPPLIER}/{{order_id:uuid}}/{step}"): (
            one("POST", lambda w, step=step: sup(w, f"/orders/{NO_ID}/{step}"), lambda w, body=body: body),
            {404},
        )
        for step, body in _SUPPLIER_STEPS.items()
    },
    ("GET", BUYER): (one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/orders"), {404}),
    ("GET", f"{BUYER}/{{order_id:uuid}}"): (
        calls(
            one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/orders/{NO_ID}"),
            one("GET", lambda w: f"/api/v1/orgs/{w.attacker_org}/orders/{NO_ID}"),
        ),
        {404},
    ),
    **{
        ("POST", f"{BUYER}/{{order_id:uuid}}/{step}"): (
            calls(
                one(
                    "POST",
                    lambda w, step=step: f"/api/v1/orgs/{w.victim_org}/orders/{NO_ID}/{step}",
                    lambda w, body=body: body,
                ),
                one(
                    "POST",
                    lambda w, step=step: f"/api/v1/orgs/{w.attacker_org}/orders/{NO_ID}/{step}",
                    lambda w, body=body: body,
                ),
            ),
            {404},
        )
        for step, body in _BUYER_STEPS.items()
    },
}

CALLS.update(
    {
        ("GET", f"{BUYER}/export.csv"): (
            one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/orders/export.csv"),
            {404},
        ),
        ("POST", f"{BUYER}/{{order_id:uuid}}/reorder"): (
            calls(
                one("POST", lambda w: f"/api/v1/orgs/{w.victim_org}/orders/{NO_ID}/reorder", lambda w: {}),
                one("POST", lambda w: f"/api/v1/orgs/{w.attacker_org}/orders/{NO_ID}/reorder", lambda w: {}),
            ),
            {404},
        ),
    }
)
