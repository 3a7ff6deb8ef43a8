"""What auth needs to know of organisations, without importing orgs.

Orgs is built on auth (users, sessions, API keys), so auth cannot import it. A new
session acts for the user's first organisation, ``/me`` shows the role in the active
one and an API key is scoped to its organisation's casbin domain: for these, auth
calls the ``Organisations`` that orgs registers in ``orgs/tasks.py`` (``discover_jobs``
imports it in the app, the worker and the CLI). Unregistered, the call fails loudly.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from hansa.core.db import Tx
from hansa.identity.principal import OrgKind


@dataclass(frozen=True, slots=True)
class OrgFacts:
    id: uuid.UUID
    kind: OrgKind
    status: str


@dataclass(frozen=True, slots=True)
class Organisations:
    """``of_subject(tx, subject)``: the subject's organisations as listed (by name);
    ``get(tx, org_id)``: one organisation, None when there is none."""

    of_subject: Callable[[Tx, str], Awaitable[list[OrgFacts]]]
    get: Callable[[Tx, uuid.UUID], Awaitable[OrgFacts | None]]


_registered: list[Organisations] = []


def register_organisations(organisations: Organisations) -> None:
    _registered[:] = [organisations]


def organisations() -> Organisations:
    if not _registered:
        raise RuntimeError("no Organisations registered: discover_jobs() imports hansa.identity.orgs.tasks")
    return _registered[0]
