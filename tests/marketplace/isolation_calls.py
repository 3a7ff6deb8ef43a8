"""Isolation checks of buyer browsing and product media (merged by
tests/identity/test_isolation.py), and of the pricing routes added after issue 5:
another organisation's slugs and ids answer 404."""

from __future__ import annotations

from tests.isolation import NO_ID, CallTable, calls, one, sup

CALLS: CallTable = {
    ("GET", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/public"): (
        one("GET", lambda w: sup(w, f"/products/{NO_ID}/public")),
        {404},
    ),
    ("POST", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/media"): (
        one("POST", lambda w: sup(w, f"/products/{NO_ID}/media")),  # no body: a JSON one is a 415 first
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/media"): (
        one("GET", lambda w: sup(w, f"/products/{NO_ID}/media")),
        {404},
    ),
    ("PATCH", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/media/{media_id:uuid}"): (
        one(
            "PATCH", lambda w: sup(w, f"/products/{NO_ID}/media/{NO_ID}"), lambda w: {"visibility": "public"}
        ),
        {404},
    ),
    ("DELETE", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/media/{media_id:uuid}"): (
        one("DELETE", lambda w: sup(w, f"/products/{NO_ID}/media/{NO_ID}")),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/media/{media_id:uuid}"): (
        calls(
            one("GET", lambda w: sup(w, f"/media/{NO_ID}")),
            one("GET", lambda w: sup(w, f"/media/{NO_ID}?size=160")),  # a rendition
        ),
        {404},
    ),
    # a supplier's prices previewed as the attacker's own buyer company
    ("GET", "/api/v1/suppliers/{tenant:str}/prices/preview"): (
        calls(
            one("GET", lambda w: sup(w, f"/prices/preview?buyer_org_id={w.attacker_org}")),
            one("GET", lambda w: sup(w, f"/prices/preview?buyer_org_id={NO_ID}&sku=EVE")),
        ),
        {404},
    ),
}
