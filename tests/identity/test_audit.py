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
