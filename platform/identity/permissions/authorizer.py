"""The permission check on every request: casbin's semantics, compiled to two dict lookups.

A plain pycasbin enforcer with 100,000 memberships spends ~180 µs (p50) / ~600 µs
(p99) per ``enforce``: it evaluates the matcher against every p row and walks the
role graph. Our model is narrower than what casbin allows: a subject holds one
role per domain, and role policies depend only on the domain's kind. So:

- memberships (g rows) load with ONE query into ``dict[(subject, domain)] -> (kind, role)``;
- role policies (p rows, ~230) compile into ``dict[(kind, role)] -> frozenset[action]``
  by asking a real casbin enforcer, loaded with the same p rows, what each role may
  do in a domain of each kind. casbin stays the source of truth for the semantics
  (keyMatch patterns, the matcher); a test checks the two agree.

``allowed`` is then a dict lookup and a set lookup (well under 1 µs). Each process
keeps its copy fresh through Redis pub/sub (``listen``): a change names the subject
and domain, whose role is re-read from the database, so out-of-order messages still
converge on what was committed; every (re)subscription triggers a full reload, so
nothing published while disconnected is missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, Final

import casbin
from casbin.persist.adapter import Adapter
from redis.asyncio import Redis

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.errors import Forbidden, NotFound
from hansa.core.resources import Authorization
from hansa.identity.permissions.adapter import MODEL_PATH, Rule, Rules, fetch_role, fetch_rules
from hansa.identity.principal import OrgKind, Principal, domain_kind

log = logging.getLogger(__name__)

CHANNEL: Final = "hansa:authz"
KINDS: Final[tuple[OrgKind, ...]] = ("supplier", "buyer", "platform")
ROLES: Final[dict[OrgKind, tuple[str, ...]]] = {
    "supplier": ("owner", "admin", "catalog_manager", "sales", "viewer"),
    "buyer": ("owner", "admin", "purchaser", "approver", "viewer"),
    "platform": ("operator", "support"),
}
# the p-row domain pattern of each kind (policy.csv)
KIND_PATTERN: Final[dict[OrgKind, str]] = {"supplier": "tenant:*", "buyer": "buyer:*", "platform": "platform"}
# a concrete domain of each kind, to ask casbin what a role may do there
_PROBE_DOMAIN: Final[dict[OrgKind, str]] = {
    "supplier": "tenant:00000000-0000-0000-0000-000000000000",
    "buyer": "buyer:00000000-0000-0000-0000-000000000000",
    "platform": "platform",
}
_NOTHING: Final[frozenset[str]] = frozenset()
_MAX_RETRY_DELAY = 5.0

Entry = tuple[OrgKind, str]  # (kind, role) of one membership
Policies = dict[Entry, frozenset[str]]

# the listening Authorizer of each Database: membership writes committed through
# that Database apply to it at once, without waiting for their pub/sub message
_LISTENING: weakref.WeakKeyDictionary[Database, Authorizer] = weakref.WeakKeyDictionary()


def listening_authorizer(db: Database) -> Authorizer | None:
    return _LISTENING.get(db)


# --------------------------------------------------------------------------- casbin


class _MemoryAdapter(Adapter):  # type: ignore[misc]  # casbin ships no types
    """Rules from memory, loaded through casbin's own load path (sorting, role links)."""

    def __init__(self, policies: Iterable[Rule], memberships: Iterable[Rule]) -> None:
        self.rules = [("p", list(rule)) for rule in policies] + [("g", list(rule)) for rule in memberships]

    def load_policy(self, model: Any) -> None:
        for ptype, rule in self.rules:
            model.model[ptype][ptype].policy.append(rule)


def new_enforcer(policies: Iterable[Rule], memberships: Iterable[Rule] = ()) -> Any:
    """A plain casbin enforcer with our model and these rules (no database)."""
    return casbin.Enforcer(str(MODEL_PATH), _MemoryAdapter(policies, memberships))


def compile_policies(policies: Sequence[Rule]) -> Policies:
    """What each role may do in a domain of each kind, as decided by casbin itself.

    One small enforcer per role, holding that role's p rows and one probe member per
    kind: rows of other roles cannot match a subject that holds only this role, and
    casbin evaluates the matcher against every row, so this is ~10x faster than one
    enforcer over all rows (0.15 s instead of 1.4 s for ~230 rows).
    """
    compiled: Policies = {}
    for role in sorted({role for role, _, _ in policies}):
        own = [rule for rule in policies if rule[0] == role]
        actions = sorted({action for _, _, action in own})
        probes = {kind: f"probe:{kind}" for kind in KINDS}
        enforcer = new_enforcer(own, [(probe, role, _PROBE_DOMAIN[kind]) for kind, probe in probes.items()])
        for kind, probe in probes.items():
            granted = frozenset(a for a in actions if enforcer.enforce(probe, _PROBE_DOMAIN[kind], a))
            if granted:
                compiled[(kind, role)] = granted
    return compiled


# --------------------------------------------------------------------------- messages


def change_message(subject: str, domain: str) -> str:
    """A pub/sub message: re-read ``subject``'s role in ``domain``."""
    return json.dumps({"subject": subject, "domain": domain})


RELOAD_MESSAGE: Final = json.dumps({"reload": "all"})


# --------------------------------------------------------------------------- authorizer


class Authorizer:
    """Every membership and role policy of the platform, in memory, for O(1) checks."""

    def __init__(self, policies: Policies, memberships: Iterable[Rule], *, db: Database | None = None):
        self._db = db
        self._policies: Policies = {}
        self._policy_rules: frozenset[Rule] | None = None
        self._known_actions: frozenset[str] = _NOTHING
        self._set_policies(policies)
        self._roles = index_memberships(memberships)
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._retry_delay = 0.1

    @classmethod
    def from_rules(cls, rules: Rules, *, db: Database | None = None) -> Authorizer:
        authz = cls(compile_policies(rules.policies), rules.memberships, db=db)
        authz._policy_rules = frozenset(rules.policies)
        return authz

    @classmethod
    async def load(cls, db: Database) -> Authorizer:
        """Every rule of ``public.casbin_rule``, read with one query."""
        return cls.from_rules(await fetch_rules(db), db=db)

    # ----------------------------------------------------------------- checks

    def role_of(self, subject: str, domain: str) -> str | None:
        entry = self._roles.get((subject, domain))
        return entry[1] if entry is not None else None

    def allowed(self, subject: str, domain: str, action: str) -> bool:
        """The hot path: two dict lookups and a set membership test."""
        entry = self._roles.get((subject, domain))
        return entry is not None and action in self._policies.get(entry, _NOTHING)

    def actions_of(self, role: str, kind: OrgKind) -> frozenset[str]:
        return self._policies.get((kind, role), _NOTHING)

    def is_action(self, action: str) -> bool:
        """Whether any role of any kind has ``action`` (catches typos at the gate)."""
        return action in self._known_actions

    def __len__(self) -> int:
        """The number of memberships held."""
        return len(self._roles)

    # ----------------------------------------------------------------- changes

    def apply_change(self, subject: str, domain: str, role: str | None) -> None:
        """Set (or, with None, remove) one membership in this process's copy."""
        if role is None:
            self._roles.pop((subject, domain), None)
        else:
            self._roles[(subject, domain)] = (domain_kind(domain), role)

    async def reload_subject(self, subject: str, domain: str) -> None:
        """Re-read one membership from the database: what was committed wins."""
        self.apply_change(subject, domain, await fetch_role(self._database(), subject, domain))

    async def reload(self) -> None:
        """Re-read every rule; recompile the role policies only if they changed."""
        rules = await fetch_rules(self._database())
        policy_rules = frozenset(rules.policies)
        if policy_rules != self._policy_rules:
            self._set_policies(compile_policies(rules.policies))
            self._policy_rules = policy_rules
        self._roles = index_memberships(rules.memberships)

    def _set_policies(self, policies: Policies) -> None:
        self._policies = policies
        self._known_actions = frozenset(a for actions in policies.values() for a in actions)

    def _database(self) -> Database:
        if self._db is None:
            raise RuntimeError("this Authorizer was built without a database")
        return self._db

    # ----------------------------------------------------------------- pub/sub

    async def listen(self, redis_url: str, *, ready_timeout: float = 10.0) -> None:
        """Start applying published changes; returns once subscribed and reloaded.

        If Redis does not answer within ``ready_timeout``, logs and returns anyway:
        the listener keeps retrying in the background.
        """
        if self._task is not None:
            raise RuntimeError("already listening")
        db = self._database()
        self._ready = asyncio.Event()
        self._task = asyncio.create_task(self._listen_forever(redis_url), name="hansa-authz-listener")
        _LISTENING[db] = self
        try:
            await asyncio.wait_for(self._ready.wait(), ready_timeout)
        except TimeoutError:
            log.warning("authz listener not subscribed after %.0f s; still trying", ready_timeout)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if self._db is not None and _LISTENING.get(self._db) is self:
            del _LISTENING[self._db]
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def listening(self) -> bool:
        return self._task is not None and self._ready.is_set()

    async def _listen_forever(self, redis_url: str) -> None:
        while True:
            try:
                await self._listen_once(redis_url)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("authz listener lost; reconnecting in %.1f s", self._retry_delay)
            self._ready.clear()
            await asyncio.sleep(self._retry_delay)
            self._retry_delay = min(self._retry_delay * 2, _MAX_RETRY_DELAY)

    async def _listen_once(self, redis_url: str) -> None:
        client = Redis.from_url(redis_url, health_check_interval=15)
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(CHANNEL)
            while True:
                message = await pubsub.get_message(timeout=1.0)
                if message is not None:
                    await self._handle(message)
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
            await client.aclose()

    async def _handle(self, message: dict[str, Any]) -> None:
        # A subscribe confirmation arrives on the first subscription and whenever
        # redis-py silently reconnects and re-subscribes: changes published in
        # between were missed, so reload everything.
        if message["type"] == "subscribe":
            await self.reload()
            self._retry_delay = 0.1
            self._ready.set()
            return
        if message["type"] != "message":
            return
        try:
            change = json.loads(message["data"])
        except ValueError:
            log.warning("ignoring a malformed authz message: %r", message["data"])
            return
        if change.get("reload"):
            await self.reload()
        elif isinstance(change.get("subject"), str) and isinstance(change.get("domain"), str):
            await self.reload_subject(change["subject"], change["domain"])
        else:
            log.warning("ignoring an unknown authz message: %r", change)


def index_memberships(memberships: Iterable[Rule]) -> dict[tuple[str, str], Entry]:
    """``(subject, domain) -> (kind, role)``, sharing one tuple per (kind, role) and one
    string per domain (each row arrives with its own copy: ~90 bytes per membership)."""
    shared: dict[Entry, Entry] = {}
    domains: dict[str, tuple[str, OrgKind] | None] = {}
    roles: dict[tuple[str, str], Entry] = {}
    for subject, role, row_domain in memberships:
        if row_domain not in domains:
            domains[row_domain] = _parse_domain(row_domain)
        known = domains[row_domain]
        if known is not None:
            domain, kind = known
            entry = (kind, role)
            roles[(subject, domain)] = shared.setdefault(entry, entry)
    return roles


def _parse_domain(domain: str) -> tuple[str, OrgKind] | None:
    try:
        return domain, domain_kind(domain)
    except ValueError:
        log.warning("ignoring memberships in a non-organisation domain: %r", domain)
        return None


# --------------------------------------------------------------------------- the gate


async def open_authorizer(db: Database, settings: Settings) -> Authorizer:
    """Every rule loaded, then kept current with other processes' membership changes
    (what ``Resources.open`` is given by the composition roots)."""
    assert settings.redis_url is not None  # resolved before resources open
    authorizer = await Authorizer.load(db)
    await authorizer.listen(settings.redis_url)
    return authorizer


def authorize(authz: Authorization, principal: Principal, action: str, domain: str) -> None:
    """The only gate: return if ``principal`` may do ``action`` in organisation ``domain``.

    Raises NotFound when the principal has no role there (another organisation's
    objects must not reveal that they exist) and Forbidden when its role lacks the action.
    """
    if not authz.is_action(action):
        raise ValueError(f"unknown action {action!r} (not in any role policy)")
    subject = principal.subject
    if authz.role_of(subject, domain) is None:
        raise NotFound("Not found")
    if not authz.allowed(subject, domain, action):
        raise Forbidden(f"Your role does not allow {action}", code="permissions.forbidden_action")
