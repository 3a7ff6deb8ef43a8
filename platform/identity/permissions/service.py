"""Writes to ``public.casbin_rule``: memberships (grant, revoke, change_role) and
the role policies (``sync_policies``, from policy.csv).

Each write runs in the caller's transaction (so the caller's audit record commits
with it). Once committed, it is applied at once to the listening Authorizer of the
same ``Database`` (read-your-writes: the next request of this process sees it), and
published on ``redis`` for every other process's Authorizer. With ``redis=None``
(a CLI without Redis) other processes see the change at their next full reload.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from redis.asyncio import Redis

from hansa.core.db import Database, Tx, new_row
from hansa.identity.permissions.adapter import POLICY_PATH, read_policy_file
from hansa.identity.permissions.authorizer import (
    CHANNEL,
    RELOAD_MESSAGE,
    ROLES,
    change_message,
    listening_authorizer,
)
from hansa.identity.permissions.errors import AlreadyMember, InvalidRole, InvalidSubject, NotMember
from hansa.identity.permissions.tables import CasbinRule
from hansa.identity.principal import OrgKind, domain_kind

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key: concurrent start-ups sync the policies one at a time
_SYNC_LOCK: Final = 0x4A_5A_CA_5B_11


def roles_for_kind(kind: OrgKind) -> tuple[str, ...]:
    """The roles of an organisation kind, highest first."""
    return ROLES[kind]


# --------------------------------------------------------------------------- memberships


def check_membership(subject: str, role: str, domain: str) -> OrgKind:
    """The domain's kind, if ``role`` exists for it and ``subject`` is a user or key."""
    kind = _kind_of(domain)
    _check_subject(subject)
    if role not in ROLES[kind]:
        raise InvalidRole(
            f"{role!r} is not a role of a {kind} organisation; expected one of {', '.join(ROLES[kind])}",
            errors=[{"field": "role", "message": f"one of {', '.join(ROLES[kind])}"}],
        )
    return kind


async def grant(tx: Tx, redis: Redis | None, subject: str, role: str, domain: str) -> None:
    """Give ``subject`` ``role`` in ``domain``; AlreadyMember if it holds one there."""
    check_membership(subject, role, domain)
    row = new_row(CasbinRule, ptype="g", v0=subject, v1=role, v2=domain)
    inserted = await CasbinRule.insert(row).on_conflict(action="DO NOTHING").run()
    if not inserted:  # the one-role-per-domain index: never a second row
        raise AlreadyMember(f"{subject} already holds a role in {domain}")
    _announce_after_commit(tx, redis, subject, domain, role)


async def revoke(tx: Tx, redis: Redis | None, subject: str, domain: str) -> str:
    """Remove ``subject`` from ``domain``; returns the role it held (for the audit record)."""
    _kind_of(domain)
    removed = await (
        CasbinRule.delete()
        .where(CasbinRule.ptype == "g", CasbinRule.v0 == subject, CasbinRule.v2 == domain)
        .returning(CasbinRule.v1)
        .run()
    )
    if not removed:
        raise NotMember(f"{subject} holds no role in {domain}")
    _announce_after_commit(tx, redis, subject, domain, None)
    return str(removed[0]["v1"])


async def change_role(tx: Tx, redis: Redis | None, subject: str, domain: str, role: str) -> str:
    """Replace ``subject``'s role in ``domain``; returns the previous role."""
    check_membership(subject, role, domain)
    # SQL: one statement that returns the role it replaces (UPDATE ... FROM the locked old row)
    old = await tx.fetchval(
        "UPDATE public.casbin_rule r SET v1 = $3 "
        "FROM (SELECT id, v1 FROM public.casbin_rule WHERE ptype = 'g' AND v0 = $1 AND v2 = $2 "
        "FOR UPDATE) old WHERE r.id = old.id RETURNING old.v1",
        subject,
        domain,
        role,
    )
    if old is None:
        raise NotMember(f"{subject} holds no role in {domain}")
    _announce_after_commit(tx, redis, subject, domain, role)
    return str(old)


def _kind_of(domain: str) -> OrgKind:
    try:
        kind = domain_kind(domain)
        if kind != "platform":
            uuid.UUID(domain.split(":", 1)[1])
    except (ValueError, IndexError):
        raise InvalidSubject(f"not an organisation domain: {domain!r}") from None
    return kind


def _check_subject(subject: str) -> None:
    prefix, _, rest = subject.partition(":")
    try:
        if prefix not in ("user", "key"):
            raise ValueError(prefix)
        uuid.UUID(rest)
    except ValueError:
        raise InvalidSubject(f"not a user:<uuid> or key:<uuid> subject: {subject!r}") from None


def _announce_after_commit(tx: Tx, redis: Redis | None, subject: str, domain: str, role: str | None) -> None:
    database = tx.database

    async def announce() -> None:
        local = listening_authorizer(database)
        if local is not None:
            local.apply_change(subject, domain, role)
        if redis is not None:
            await redis.publish(CHANNEL, change_message(subject, domain))

    tx.after_commit(announce)


# --------------------------------------------------------------------------- role policies


@dataclass(frozen=True, slots=True)
class PolicySync:
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


async def sync_policies(db: Database, redis: Redis | None = None, path: Path = POLICY_PATH) -> PolicySync:
    """Make the p rows of ``casbin_rule`` equal policy.csv's (idempotent; run at migrate/start-up).

    A change is announced, so running processes recompile their role policies.
    """
    desired = set(read_policy_file(path))
    async with db.transaction() as tx:
        # SQL: a set-based sync of every p row, under an advisory lock
        await tx.execute("SELECT pg_advisory_xact_lock($1)", _SYNC_LOCK)
        rows = await tx.fetch("SELECT id, v0, v1, v2, v3, v4, v5 FROM public.casbin_rule WHERE ptype = 'p'")
        # a row with extra fields is not one of ours, even if v0..v2 match
        current = {(r["v0"], r["v1"], r["v2"]): r["id"] for r in rows if not (r["v3"] or r["v4"] or r["v5"])}
        stale = [r["id"] for r in rows if current.get((r["v0"], r["v1"], r["v2"])) != r["id"]]
        stale += [row_id for rule, row_id in current.items() if rule not in desired]
        missing = sorted(desired - current.keys())
        await tx.execute("DELETE FROM public.casbin_rule WHERE id = ANY($1::bigint[])", stale)
        await tx.connection.executemany(
            "INSERT INTO public.casbin_rule (ptype, v0, v1, v2) VALUES ('p', $1, $2, $3)", missing
        )
        result = PolicySync(added=len(missing), removed=len(stale))
        if result.changed:
            tx.after_commit(lambda: _announce_reload(db, redis))
    return result


async def _announce_reload(db: Database, redis: Redis | None) -> None:
    local = listening_authorizer(db)
    if local is not None:
        await local.reload()
    if redis is not None:
        await redis.publish(CHANNEL, RELOAD_MESSAGE)


async def users_with_roles(tx: Tx, domain: str, roles: Sequence[str]) -> list[uuid.UUID]:
    """The users (not API keys) holding one of ``roles`` in organisation ``domain``, by subject."""
    rows = await tx.fetch(
        "SELECT substr(v0, 6)::uuid AS user_id FROM public.casbin_rule "
        "WHERE ptype = 'g' AND v2 = $1 AND v1 = ANY($2::text[]) AND v0 LIKE 'user:%' ORDER BY v0",
        domain,
        list(roles),
    )
    return [row["user_id"] for row in rows]


async def memberships(tx: Tx, domain: str) -> list[tuple[str, str]]:
    """(subject, role) of every member of organisation ``domain``: users and API keys."""
    rows = (
        await CasbinRule.select(CasbinRule.v0, CasbinRule.v1)
        .where(CasbinRule.ptype == "g", CasbinRule.v2 == domain)
        .run()
    )
    return [(row["v0"], row["v1"]) for row in rows]


async def roles_of(tx: Tx, subject: str) -> list[tuple[str, str]]:
    """(domain, role) of every organisation ``subject`` is a member of."""
    rows = (
        await CasbinRule.select(CasbinRule.v2, CasbinRule.v1)
        .where(CasbinRule.ptype == "g", CasbinRule.v0 == subject)
        .run()
    )
    return [(row["v2"], row["v1"]) for row in rows]


async def lock_holders(tx: Tx, domain: str, role: str) -> list[str]:
    """The subjects holding ``role`` in ``domain``, row-locked until ``tx`` ends (so two
    demotions cannot both pass a last-owner rule)."""
    rows = (
        await CasbinRule.select(CasbinRule.v0)
        .where(CasbinRule.ptype == "g", CasbinRule.v2 == domain, CasbinRule.v1 == role)
        .lock_rows("UPDATE")
        .run()
    )
    return [row["v0"] for row in rows]
