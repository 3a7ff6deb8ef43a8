"""Roles, the compiled Authorizer (checked against plain casbin), membership writes,
pub/sub refresh between processes, and docs/permissions.md against policy.csv."""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import casbin
import pytest
from redis.asyncio import Redis

from hansa.core.db import Database
from hansa.core.errors import Forbidden, NotFound
from hansa.identity.permissions.adapter import (
    MODEL_PATH,
    CasbinRuleAdapter,
    Rule,
    Rules,
    fetch_role,
    read_policy_file,
)
from hansa.identity.permissions.authorizer import (
    KIND_PATTERN,
    KINDS,
    ROLES,
    Authorizer,
    authorize,
    new_enforcer,
)
from hansa.identity.permissions.errors import AlreadyMember, InvalidRole, InvalidSubject, NotMember
from hansa.identity.permissions.service import change_role, grant, revoke, sync_policies
from hansa.identity.principal import OrgKind, Principal, key_subject, user_subject

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
SEEN_WITHIN = 1.0  # seconds: the bound for a change to reach another process
PREFIX = {"supplier": "tenant", "buyer": "buyer"}


def new_user() -> str:
    return user_subject(uuid.uuid4())


def new_domain(kind: OrgKind) -> str:
    return "platform" if kind == "platform" else f"{PREFIX[kind]}:{uuid.uuid4()}"


def principal_of(subject: str) -> Principal:
    kind, _, raw = subject.partition(":")
    ident = uuid.UUID(raw)
    if kind == "key":
        return Principal(kind="api_key", id=ident, user_id=None, org_id=None)
    return Principal(kind="user", id=ident, user_id=ident, org_id=None)


async def eventually(check: Callable[[], bool], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.01)
    return check()


@pytest.fixture(scope="module")
def policies() -> list[Rule]:
    return read_policy_file()


@pytest.fixture(scope="module")
def compiled(policies: list[Rule]) -> Authorizer:
    return Authorizer.from_rules(Rules(policies, []))


@pytest.fixture
async def synced(db: Database) -> Database:
    await sync_policies(db)
    return db


@pytest.fixture
async def other_db(database_url: str) -> AsyncIterator[Database]:
    """A second pool: stands in for another process."""
    database = Database(database_url, min_size=1, max_size=4)
    await database.connect()
    yield database
    await database.close()


# --------------------------------------------------------------------------- the policy file


def test_policy_file_defines_exactly_the_roles_of_each_kind(compiled: Authorizer) -> None:
    for kind in KINDS:
        with_actions = {role for (k, role) in compiled._policies if k == kind}
        assert with_actions == set(ROLES[kind]), kind


def test_policy_rows_use_known_patterns_and_area_verb_actions(policies: list[Rule]) -> None:
    for role, pattern, action in policies:
        assert pattern in KIND_PATTERN.values(), (role, pattern, action)
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", action), action


def test_roles_are_ordered_owner_over_admin_over_the_rest(compiled: Authorizer) -> None:
    for kind in ("supplier", "buyer"):
        owner, admin, *functional, viewer = ROLES[kind]
        assert compiled.actions_of(admin, kind) < compiled.actions_of(owner, kind)
        for role in functional:
            assert (
                compiled.actions_of(viewer, kind)
                < compiled.actions_of(role, kind)
                < compiled.actions_of(admin, kind)
            )
        for role in ROLES[kind]:
            assert ("members.manage_owners" in compiled.actions_of(role, kind)) == (role == "owner")
    assert compiled.actions_of("support", "platform") < compiled.actions_of("operator", "platform")


@pytest.mark.parametrize(
    ("kind", "actions"),
    [
        (
            "supplier",
            "org.read org.manage members.read members.invite members.manage members.manage_owners "
            "api_keys.read api_keys.manage audit.read catalog.read catalog.write pricing.read pricing.write "
            "inventory.write quotes.read quotes.write orders.read orders.write invoices.read invoices.write "
            "imports.run",
        ),
        (
            "buyer",
            "org.read org.manage members.read members.invite members.manage members.manage_owners "
            "api_keys.read api_keys.manage audit.read catalog.read orders.read orders.create orders.approve "
            "rfq.read rfq.create rfq.award invoices.read requisitions.write",
        ),
        (
            "platform",
            "tenants.read tenants.manage buyers.read buyers.manage marketplaces.manage plans.manage "
            "audit.read_all users.read",
        ),
    ],
)
def test_the_required_actions_exist(compiled: Authorizer, kind: OrgKind, actions: str) -> None:
    top = ROLES[kind][0]
    assert set(actions.split()) <= compiled.actions_of(top, kind)


# --------------------------------------------------------------------------- compiled == casbin


def test_compiled_agrees_with_casbin_for_every_role_kind_and_action(policies: list[Rule]) -> None:
    every_role = sorted({role for role, _, _ in policies})
    every_action = [*sorted({action for _, _, action in policies}), "nothing.at_all"]
    memberships = [(new_user(), role, new_domain(kind)) for kind in KINDS for role in every_role]
    authz = Authorizer.from_rules(Rules(policies, memberships))
    enforcer = new_enforcer(policies, memberships)
    checked = 0
    for subject, _role, domain in memberships:
        for action in every_action:
            assert authz.allowed(subject, domain, action) == enforcer.enforce(subject, domain, action), (
                subject,
                domain,
                action,
            )
            checked += 1
    assert checked == len(KINDS) * len(every_role) * len(every_action)


async def test_compiled_agrees_with_casbin_on_random_memberships(synced: Database) -> None:
    rng = random.Random(20240601)
    domains = [new_domain(rng.choice(("supplier", "buyer"))) for _ in range(40)] + ["platform"]
    subjects = [new_user() for _ in range(60)] + [key_subject(uuid.uuid4()) for _ in range(10)]
    rows: dict[tuple[str, str], str] = {}
    for _ in range(300):
        subject, domain = rng.choice(subjects), rng.choice(domains)
        kind: OrgKind = (
            "platform" if domain == "platform" else ("supplier" if "tenant" in domain else "buyer")
        )
        rows[(subject, domain)] = rng.choice(ROLES[kind])
    await CasbinRuleAdapter(synced).add_policies(
        "g", "g", [(subject, role, domain) for (subject, domain), role in rows.items()]
    )

    authz = await Authorizer.load(synced)
    enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), CasbinRuleAdapter(synced))
    await enforcer.load_policy()
    actions = sorted({a for _, _, a in read_policy_file()})
    for _ in range(3000):
        subject, domain, action = rng.choice(subjects), rng.choice(domains), rng.choice(actions)
        expected = enforcer.enforce(subject, domain, action)
        assert authz.allowed(subject, domain, action) == expected, (subject, domain, action)
    for (subject, domain), role in rows.items():
        assert authz.role_of(subject, domain) == role


# --------------------------------------------------------------------------- the gate


def test_authorize_answers_404_outside_the_organisation_and_403_for_a_missing_action(
    policies: list[Rule],
) -> None:
    sales, key, stranger = new_user(), key_subject(uuid.uuid4()), new_user()
    tenant, other = new_domain("supplier"), new_domain("supplier")
    authz = Authorizer.from_rules(Rules(policies, [(sales, "sales", tenant), (key, "viewer", tenant)]))

    authorize(authz, principal_of(sales), "quotes.write", tenant)
    authorize(authz, principal_of(key), "catalog.read", tenant)
    with pytest.raises(Forbidden):
        authorize(authz, principal_of(sales), "catalog.write", tenant)
    with pytest.raises(Forbidden):
        authorize(authz, principal_of(key), "quotes.write", tenant)
    with pytest.raises(Forbidden):  # a buyer action, asked in a supplier organisation
        authorize(authz, principal_of(sales), "rfq.create", tenant)
    for who, where in [(sales, other), (stranger, tenant), (sales, "platform")]:
        with pytest.raises(NotFound):
            authorize(authz, principal_of(who), "org.read", where)
    with pytest.raises(ValueError, match="unknown action"):
        authorize(authz, principal_of(sales), "quotes.wirte", tenant)


# --------------------------------------------------------------------------- membership writes


async def test_grant_refuses_a_role_of_another_kind_and_malformed_names(db: Database) -> None:
    bad = [
        (new_user(), "purchaser", new_domain("supplier"), InvalidRole),
        (new_user(), "catalog_manager", new_domain("buyer"), InvalidRole),
        (new_user(), "owner", "platform", InvalidRole),
        (new_user(), "owner", "tenant:not-a-uuid", InvalidSubject),
        (new_user(), "owner", "shop:" + str(uuid.uuid4()), InvalidSubject),
        ("bob", "owner", new_domain("buyer"), InvalidSubject),
    ]
    for subject, role, domain, error in bad:
        with pytest.raises(error):
            async with db.transaction() as tx:
                await grant(tx, None, subject, role, domain)
        assert await fetch_role(db, subject, domain) is None


async def test_grant_change_role_revoke(db: Database) -> None:
    user, tenant = new_user(), new_domain("supplier")
    async with db.transaction() as tx:
        await grant(tx, None, user, "viewer", tenant)
    assert await fetch_role(db, user, tenant) == "viewer"
    with pytest.raises(AlreadyMember):  # one role per organisation
        async with db.transaction() as tx:
            await grant(tx, None, user, "admin", tenant)
    async with db.transaction() as tx:
        assert await change_role(tx, None, user, tenant, "sales") == "viewer"
    assert await fetch_role(db, user, tenant) == "sales"
    async with db.transaction() as tx:
        assert await revoke(tx, None, user, tenant) == "sales"
    assert await fetch_role(db, user, tenant) is None
    for write in (
        lambda tx: revoke(tx, None, user, tenant),
        lambda tx: change_role(tx, None, user, tenant, "admin"),
    ):
        with pytest.raises(NotMember):
            async with db.transaction() as tx:
                await write(tx)


async def test_sync_policies_is_idempotent_and_removes_stale_rows(db: Database, policies: list[Rule]) -> None:
    await sync_policies(db)
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.casbin_rule (ptype, v0, v1, v2) VALUES ('p', 'ghost', 'tenant:*', 'x.y')"
        )
    result = await sync_policies(db)
    assert (result.added, result.removed) == (0, 1)
    assert not (await sync_policies(db)).changed
    async with db.transaction() as tx:
        rows = await tx.fetch("SELECT v0, v1, v2, v3 FROM public.casbin_rule WHERE ptype = 'p'")
    assert {(r["v0"], r["v1"], r["v2"]) for r in rows} == set(policies)
    assert all(r["v3"] == "" for r in rows)


# --------------------------------------------------------------------------- pub/sub


async def test_a_change_committed_in_one_process_reaches_another_within_a_second(
    synced: Database, other_db: Database, redis: Redis, redis_url: str
) -> None:
    here, there = await Authorizer.load(synced), await Authorizer.load(other_db)
    await here.listen(redis_url)
    await there.listen(redis_url)
    try:
        user, buyer = new_user(), new_domain("buyer")
        async with synced.transaction() as tx:
            await grant(tx, redis, user, "purchaser", buyer)
        assert here.role_of(user, buyer) == "purchaser"  # read-your-writes, no round trip
        assert await eventually(lambda: there.allowed(user, buyer, "orders.create"), SEEN_WITHIN)

        async with synced.transaction() as tx:
            await change_role(tx, redis, user, buyer, "approver")
        assert await eventually(lambda: there.role_of(user, buyer) == "approver", SEEN_WITHIN)
        assert not there.allowed(user, buyer, "orders.create")

        async with other_db.transaction() as tx:  # and the other way round
            await revoke(tx, redis, user, buyer)
        assert await eventually(lambda: here.role_of(user, buyer) is None, SEEN_WITHIN)
    finally:
        await here.stop()
        await there.stop()


async def test_a_rolled_back_grant_is_neither_applied_nor_announced(
    synced: Database, redis: Redis, redis_url: str
) -> None:
    authz = await Authorizer.load(synced)
    await authz.listen(redis_url)
    try:
        user, tenant = new_user(), new_domain("supplier")
        with pytest.raises(RuntimeError):
            async with synced.transaction() as tx:
                await grant(tx, redis, user, "admin", tenant)
                raise RuntimeError("roll back")
        assert authz.role_of(user, tenant) is None
        assert await fetch_role(synced, user, tenant) is None
    finally:
        await authz.stop()


async def _insert_silently(db: Database, subject: str, role: str, domain: str) -> None:
    """A membership written without any announcement (as if its message were lost)."""
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.casbin_rule (ptype, v0, v1, v2) VALUES ('g', $1, $2, $3)",
            subject,
            role,
            domain,
        )


async def test_the_listener_reloads_everything_when_it_starts(synced: Database, redis_url: str) -> None:
    authz = await Authorizer.load(synced)
    user, tenant = new_user(), new_domain("supplier")
    await _insert_silently(synced, user, "catalog_manager", tenant)
    assert authz.role_of(user, tenant) is None
    await authz.listen(redis_url)
    try:
        assert authz.listening
        assert authz.allowed(user, tenant, "catalog.write")
    finally:
        await authz.stop()


async def test_the_listener_reloads_everything_after_a_reconnect(
    synced: Database, redis: Redis, redis_url: str
) -> None:
    authz = await Authorizer.load(synced)
    await authz.listen(redis_url)
    try:
        user, tenant = new_user(), new_domain("supplier")
        await _insert_silently(synced, user, "sales", tenant)
        await asyncio.sleep(0.05)
        assert authz.role_of(user, tenant) is None
        await redis.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
        assert await eventually(lambda: authz.role_of(user, tenant) == "sales", 15.0)
    finally:
        await authz.stop()


# --------------------------------------------------------------------------- docs/permissions.md


def doc_tables(text: str) -> dict[str, tuple[list[str], dict[str, list[bool]]]]:
    """Per domain pattern: the role columns and, per action, its ✓ marks."""
    tables: dict[str, tuple[list[str], dict[str, list[bool]]]] = {}
    pattern: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^#{2,4} .*`(tenant:\*|buyer:\*|platform)`", line)
        if heading:
            pattern = heading.group(1)
            continue
        if pattern is None or not line.startswith("|"):
            if pattern is not None and pattern in tables and not line.startswith("|"):
                pattern = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if pattern not in tables:
            tables[pattern] = (cells[1:], {})
        elif not set(cells[0]) <= set("-: "):
            tables[pattern][1][cells[0].strip("`")] = [cell == "✓" for cell in cells[1:]]
    return tables


def expected_table(authz: Authorizer, kind: OrgKind) -> str:
    roles = ROLES[kind]
    actions = sorted(set().union(*(authz.actions_of(role, kind) for role in roles)))
    lines = [f"| action | {' | '.join(roles)} |", f"|---|{'|'.join(':-:' for _ in roles)}|"]
    for action in actions:
        marks = " | ".join("✓" if action in authz.actions_of(role, kind) else " " for role in roles)
        lines.append(f"| `{action}` | {marks} |")
    return "\n".join(lines)


def test_docs_permissions_table_matches_the_policy(compiled: Authorizer) -> None:
    tables = doc_tables(DOCS.read_text(encoding="utf-8"))
    for kind in KINDS:
        hint = f"docs/permissions.md, `{KIND_PATTERN[kind]}` should read:\n{expected_table(compiled, kind)}"
        assert KIND_PATTERN[kind] in tables, hint
        roles, rows = tables[KIND_PATTERN[kind]]
        assert roles == list(ROLES[kind]), hint
        documented = {
            action: {r for r, mark in zip(roles, marks, strict=True) if mark}
            for action, marks in rows.items()
        }
        actual = {
            action: {role for role in roles if action in compiled.actions_of(role, kind)}
            for role in roles
            for action in compiled.actions_of(role, kind)
        }
        assert documented == actual, hint
