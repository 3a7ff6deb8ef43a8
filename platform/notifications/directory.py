"""Who receives a notification, without importing identity.

Identity notifies (orgs, tenants' owners, operators), so notifications sits below it
and cannot read its tables or import it. The addresses of users and the members of an
organisation with given roles come from the ``People`` identity registers in
``identity/orgs/tasks.py`` (``discover_jobs`` imports it in the app, the worker and the
CLI). Unregistered, the call fails loudly.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from hansa.core.db import Tx


@dataclass(frozen=True, slots=True)
class Recipient:
    id: uuid.UUID
    email: str
    name: str
    locale: str


@dataclass(frozen=True, slots=True)
class People:
    """``recipients(tx, user_ids)``: the users' address, name and locale (unknown ids left out),
    by id; ``members_with_roles(tx, domain, roles)``: the users (not API keys) holding one of
    ``roles`` in organisation ``domain``."""

    recipients: Callable[[Tx, Sequence[uuid.UUID]], Awaitable[list[Recipient]]]
    members_with_roles: Callable[[Tx, str, Sequence[str]], Awaitable[list[uuid.UUID]]]


_registered: list[People] = []


def register_people(people: People) -> None:
    _registered[:] = [people]


def people() -> People:
    if not _registered:
        raise RuntimeError("no People registered: discover_jobs() imports hansa.identity.orgs.tasks")
    return _registered[0]
