"""Shared pieces of the tenant-isolation suite (tests/identity/test_isolation.py).

A domain adds the isolation checks of its routes in ``tests/<domain>/[<area>/]isolation_calls.py``
as a ``CALLS`` dict of the same shape; the suite merges every such module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class World:
    victim_org: str  # an approved supplier
    victim_pending_slug: str  # a supplier still pending approval
    victim_owner_id: str
    victim_owner_email: str
    victim_invitation_id: str
    victim_invitation_token: str
    victim_key_id: str
    attacker_org: str
    victim_notification_id: str = ""
    markers: set[str] = field(default_factory=set)  # strings that must never reach the attacker


Call = tuple[str, str, dict[str, Any] | None]  # method, url, json body
CallFactory = Callable[[World], list[Call]]
DENIED = {401, 403, 404}


def calls(*factories: CallFactory) -> CallFactory:
    return lambda w: [call for factory in factories for call in factory(w)]


def one(
    method: str, url: Callable[[World], str], body: Callable[[World], dict[str, Any]] | None = None
) -> CallFactory:
    return lambda w: [(method, url(w), body(w) if body else None)]


# catalog and pricing routes of the victims' pending supplier
NO_ID = "00000000-0000-0000-0000-000000000001"


def sup(w: World, rest: str) -> str:
    return f"/api/v1/suppliers/{w.victim_pending_slug}{rest}"


CallTable = dict[tuple[str, str], tuple[CallFactory, set[int]]]
