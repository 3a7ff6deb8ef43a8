"""Isolation checks of the import, export and bulk routes (docs/imports.md)."""

from __future__ import annotations

from tests.isolation import NO_ID, CallTable, one, sup

P = "/api/v1/suppliers/{tenant:str}"

CALLS: CallTable = {
    ("POST", f"{P}/imports"): (one("POST", lambda w: sup(w, "/imports?kind=products")), {404}),
    ("GET", f"{P}/imports"): (one("GET", lambda w: sup(w, "/imports")), {404}),
    ("GET", f"{P}/imports/{{import_id:uuid}}"): (one("GET", lambda w: sup(w, f"/imports/{NO_ID}")), {404}),
    ("GET", f"{P}/imports/{{import_id:uuid}}/errors"): (
        one("GET", lambda w: sup(w, f"/imports/{NO_ID}/errors")),
        {404},
    ),
    ("GET", f"{P}/imports/{{import_id:uuid}}/file"): (
        one("GET", lambda w: sup(w, f"/imports/{NO_ID}/file")),
        {404},
    ),
    ("POST", f"{P}/imports/headers"): (
        one("POST", lambda w: sup(w, "/imports/headers?kind=products")),
        {404},
    ),
    ("GET", f"{P}/imports/mappings/{{kind:str}}"): (
        one("GET", lambda w: sup(w, "/imports/mappings/products")),
        {404},
    ),
    ("GET", f"{P}/imports/templates/{{kind:str}}"): (
        one("GET", lambda w: sup(w, "/imports/templates/products?format=xlsx")),
        {404},
    ),
    ("POST", f"{P}/exports"): (one("POST", lambda w: sup(w, "/exports?kind=products&format=csv")), {404}),
    ("GET", f"{P}/exports"): (one("GET", lambda w: sup(w, "/exports")), {404}),
    ("GET", f"{P}/exports/{{export_id:uuid}}"): (one("GET", lambda w: sup(w, f"/exports/{NO_ID}")), {404}),
    ("GET", f"{P}/exports/{{export_id:uuid}}/file"): (
        one("GET", lambda w: sup(w, f"/exports/{NO_ID}/file")),
        {404},
    ),
    ("POST", f"{P}/bulk/{{kind:str}}"): (
        one(
            "POST",
            lambda w: sup(w, "/bulk/variants"),
            lambda w: {"items": [{"sku": "EVE-1", "product_name": "Eve"}]},
        ),
        {404},
    ),
}
