from __future__ import annotations

from hansa.core.errors import Conflict, Forbidden, NotFound


class TenantNotFound(NotFound):
    default_code = "tenants.not_found"


class TenantSuspended(Forbidden):
    default_code = "tenants.suspended"


class SlugTaken(Conflict):
    default_code = "tenants.slug_taken"


class InvalidTransition(Conflict):
    default_code = "tenants.invalid_transition"
