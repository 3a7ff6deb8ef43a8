"""Isolation checks of the buyer directory and the supplier's customers (merged by
tests/identity/test_isolation.py): another organisation's supplier slug answers 404."""

from __future__ import annotations

from tests.isolation import NO_ID, CallTable, one, sup

CALLS: CallTable = {
    ("GET", "/api/v1/suppliers/{tenant:str}/buyer-directory"): (
        one("GET", lambda w: sup(w, "/buyer-directory?q=bu")),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/buyer-directory/names"): (
        one("GET", lambda w: sup(w, f"/buyer-directory/names?ids={NO_ID}")),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/customers"): (
        one("GET", lambda w: sup(w, "/customers")),
        {404},
    ),
}
