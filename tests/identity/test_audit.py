from __future__ import annotations

import uuid

import asyncpg
import pytest

from hansa.audit import service as audit
from hansa.core.db import Database
from hansa.core.tenancy import Actor


async def test_records_are_written_with_the_change_and_listed_newest_first(db: Database) -> None:
    org = f"buyer:{uuid.uuid4()}"
    actor = Actor(kind="user", id=str(uuid.uuid4()))
    async with db.transaction() as tx:
        for n in range(5):
            await audit.record(
                tx,
                actor=actor,
                org=org,
                action="members.role_changed" if n % 2 else "members.invited",
                target_type="user",
                target_id=str(n),
                before={"role": "viewer"},
                after={"role": "admin"},
                request_id=f"req-{n}",
            )
    async with db.transaction() as tx:
        first = await audit.list_entries(tx, org=org, limit=2)
        second = await audit.list_entries(tx, org=org, limit=2, cursor=first.next_cursor)
        third = await audit.list_entries(tx, org=org, limit=2, cursor=second.next_cursor)
        invited = await audit.list_entries(tx, org=org, action="members.invited")
    assert [e.target_id for e in first.items + second.items + third.items] == ["4", "3", "2", "1", "0"]
    assert third.next_cursor is None
    assert {e.target_id for e in invited.items} == {"0", "2", "4"}
    assert first.items[0].before == {"role": "viewer"}
    assert first.items[0].request_id == "req-4"


async def test_a_rolled_back_change_leaves_no_record(db: Database) -> None:
    org = f"buyer:{uuid.uuid4()}"
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await audit.record(
                tx, actor=Actor("system", "system"), org=org, action="x.y", target_type="t", target_id="1"
            )
            raise RuntimeError("the change failed")
    async with db.transaction() as tx:
        assert (await audit.list_entries(tx, org=org)).items == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE public.audit_log SET action = 'forged'",
        "DELETE FROM public.audit_log",
        "TRUNCATE public.audit_log",
    ],
)
async def test_the_log_is_append_only(db: Database, statement: str) -> None:
    async with db.transaction() as tx:
        await audit.record(
            tx, actor=Actor("system", "system"), org=None, action="x.y", target_type="t", target_id="1"
        )
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        async with db.transaction() as tx:
            await tx.execute(statement)


async def test_names_are_kept_at_write_time_so_deleted_actors_stay_readable(db: Database) -> None:
    user_id = uuid.uuid4()
    org = f"buyer:{uuid.uuid4()}"
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.app_user (id, email, name, password_hash) VALUES ($1, $2, 'Gone Gabi', 'x')",
            user_id,
            f"gone-{user_id.hex[:8]}@example.com",
        )
        await audit.record(
            tx,
            actor=Actor(kind="user", id=str(user_id)),
            org=org,
            action="members.removed",
            target_type="user",
            target_id=str(user_id),
        )
        await audit.record(
            tx,
            actor=Actor("system", "system"),
            org=org,
            action="x.deleted",
            target_type="thing",
            target_id="1",
            before={"name": "Old thing"},
        )
        await tx.execute("DELETE FROM public.app_user WHERE id = $1", user_id)
    async with db.transaction() as tx:
        deleted, removed = (await audit.list_entries(tx, org=org)).items
    assert (removed.actor_name, removed.actor_email) == ("Gone Gabi", f"gone-{user_id.hex[:8]}@example.com")
    assert removed.target_label == f"Gone Gabi <gone-{user_id.hex[:8]}@example.com>"
    assert (deleted.actor_name, deleted.target_label) == ("system", "Old thing")


async def test_each_owner_names_its_targets_and_an_api_key_actor(db: Database) -> None:
    """The labels come from the owning domains (``hansa.audit.labels``), as they read at write time."""
    ids = {kind: uuid.uuid4() for kind in ("tenant", "org", "invitation", "key", "mp", "category", "listing")}
    tag = ids["tenant"].hex[:8]
    org = f"buyer:{ids['org']}"
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.tenant (id, slug, name, schema_name) VALUES ($1, $2, 'Bolt Works', $3)",
            ids["tenant"],
            f"bolts-{tag}",
            f"t_{ids['tenant'].hex}",
        )
        await tx.execute(
            "INSERT INTO public.organisation (id, kind, name) VALUES ($1, 'buyer', 'Acme Buying')", ids["org"]
        )
        await tx.execute(
            "INSERT INTO public.invitation (id, org_id, email, role, token_hash, expires_at) "
            "VALUES ($1, $2, $3, 'viewer', $4, now() + interval '1 day')",
            ids["invitation"],
            ids["org"],
            f"new-{tag}@example.com",
            ids["invitation"].bytes,
        )
        await tx.execute(
            "INSERT INTO public.api_key (id, org_id, name, prefix, secret_hash, role) "
            "VALUES ($1, $2, 'ERP sync', $3, '\\x00', 'viewer')",
            ids["key"],
            ids["org"],
            f"hk_{tag}",
        )
        await tx.execute(
            "INSERT INTO public.marketplace (id, slug, name, kind) VALUES ($1, $2, 'Tools Hub', 'vertical')",
            ids["mp"],
            f"tools-{tag}",
        )
        await tx.execute(
            "INSERT INTO public.category (id, marketplace_id, slug, name, path, depth) "
            "VALUES ($1, $2, 'drills', 'Drills', 'drills', 0)",
            ids["category"],
            ids["mp"],
        )
        await tx.execute(
            "INSERT INTO public.marketplace_listing (id, marketplace_id, tenant_id) VALUES ($1, $2, $3)",
            ids["listing"],
            ids["mp"],
            ids["tenant"],
        )
        key = Actor(kind="api_key", id=str(ids["key"]))
        targets = [
            ("tenant", "tenant"),
            ("organisation", "org"),
            ("invitation", "invitation"),
            ("api_key", "key"),
            ("marketplace", "mp"),
            ("category", "category"),
            ("marketplace_listing", "listing"),
        ]
        for target_type, kind in targets:
            await audit.record(
                tx, actor=key, org=org, action="x.labelled", target_type=target_type, target_id=str(ids[kind])
            )
        await audit.record(
            tx, actor=key, org=org, action="x.labelled", target_type="tenant", target_id=str(uuid.uuid4())
        )
    async with db.transaction() as tx:
        entries = (await audit.list_entries(tx, org=org)).items
    assert {(e.actor_name, e.actor_email) for e in entries} == {(f"ERP sync (hk_{tag})", None)}
    assert [e.target_label for e in reversed(entries)] == [
        "Bolt Works",
        "Acme Buying",
        f"new-{tag}@example.com",
        f"ERP sync (hk_{tag})",
        "Tools Hub",
        "Drills",
        "Bolt Works @ Tools Hub",
        None,  # a target that is gone already, and no name in its states
    ]
