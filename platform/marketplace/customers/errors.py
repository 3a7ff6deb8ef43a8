from __future__ import annotations

from hansa.core.errors import BadRequest, Forbidden


class SupplierNotApproved(Forbidden):
    default_code = "customers.supplier_not_approved"


class InvalidDirectoryQuery(BadRequest):
    default_code = "customers.invalid_query"
