"""Who is making a request: a signed-in user (session cookie or bearer session
token) or an API key, and the organisation it acts for; and the casbin domain and
subject names. A value type beside ``Actor`` and ``TenantContext``: identity builds it
(auth dependency), every domain may name it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from hansa.core.tenancy import Actor

OrgKind = Literal["supplier", "buyer", "platform"]
PrincipalKind = Literal["user", "api_key"]
PLATFORM_DOMAIN = "platform"


def org_domain(kind: OrgKind, org_id: uuid.UUID) -> str:
    """The casbin domain of an organisation: ``tenant:<id>``, ``buyer:<id>`` or ``platform``."""
    if kind == "supplier":
        return f"tenant:{org_id}"
    if kind == "buyer":
        return f"buyer:{org_id}"
    return PLATFORM_DOMAIN


def domain_kind(domain: str) -> OrgKind:
    prefix = domain.split(":", 1)[0]
    if prefix == "tenant":
        return "supplier"
    if prefix == "buyer":
        return "buyer"
    if domain == PLATFORM_DOMAIN:
        return "platform"
    raise ValueError(f"not an organisation domain: {domain!r}")


def user_subject(user_id: uuid.UUID) -> str:
    return f"user:{user_id}"


def key_subject(key_id: uuid.UUID) -> str:
    return f"key:{key_id}"


@dataclass(frozen=True, slots=True)
class Principal:
    """Built once per request by the auth dependency; passed explicitly to services."""

    kind: PrincipalKind
    id: uuid.UUID  # the user's id, or the API key's id
    user_id: uuid.UUID | None  # None for API keys
    org_id: uuid.UUID | None  # the active organisation (a key's own organisation)
    session_id: uuid.UUID | None = None
    request_id: str | None = None

    @property
    def subject(self) -> str:
        """The casbin subject: ``user:<id>`` or ``key:<id>``."""
        return user_subject(self.id) if self.kind == "user" else key_subject(self.id)

    @property
    def actor(self) -> Actor:
        return Actor(kind=self.kind, id=str(self.id))
