from __future__ import annotations

from hansa.core.errors import Conflict, Forbidden, NotFound


class TenantNotFound(NotFound):
    default_code = "tenant.not_found"


class TenantSuspended(Forbidden):
    default_code = "tenant.suspended"


class SlugTaken(Conflict):
    default_code = "tenant.slug_taken"


class InvalidTransition(Conflict):
    default_code = "tenant.invalid_transition"
