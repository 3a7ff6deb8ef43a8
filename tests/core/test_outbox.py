"""The transactional outbox: sent after commit, never after a rollback, and rows
left unsent (a crash between commit and send) are sent once by the sweeper."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from hansa.core import outbox
from hansa.core.db import Database
from hansa.core.jobs import (
    UnknownJob,
    declare_event,
    detach_broker,
    discover_jobs,
    get_job,
    is_consumed,
    unconsumed_events,
)
from hansa.core.worker import Scheduler
from tests.fixtures.jobs import Harness, effect_count, effects, jobs, processed

__all__ = ["effects", "jobs"]  # fixtures from tests/fixtures/jobs.py


async def outbox_row(db: Database, event_id: uuid.UUID) -> dict[str, object] | None:
    async with db.transaction() as tx:
        row = await tx.fetchrow(
            "SELECT actor, tenant_id, payload, sent_at, attempts FROM public.outbox WHERE id = $1", event_id
        )
    return None if row is None else dict(row)


async def insert_unsent(db: Database, actor: str, payload: dict[str, object], age_seconds: int) -> uuid.UUID:
    """An outbox row as a crash between commit and send leaves it: committed, never dispatched."""
    event_id = uuid.uuid4()
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.outbox (id, actor, payload, created_at) "
            "VALUES ($1, $2, $3::jsonb, now() - make_interval(secs => $4))",
            event_id,
            actor,
            payload,
            float(age_seconds),
        )
    return event_id


async def test_emitted_event_is_sent_after_commit_and_its_effect_happens(jobs: Harness, db: Database) -> None:
    async with db.transaction() as tx:
        event_id = await outbox.emit(
            tx, "testjobs.record", payload={"note": "committed", "ref": uuid.uuid4()}
        )
        assert jobs.queued() == 0  # nothing leaves before the commit
    row = await outbox_row(db, event_id)
    assert row is not None
    assert row["sent_at"] is not None
    assert row["attempts"] == 1
    assert jobs.queued_ids() == [str(event_id)]

    jobs.start()
    await jobs.drain()

    assert await effect_count(db, event_id, "committed") == 1
    assert await processed(db, event_id, "testjobs.record")


async def test_rolled_back_transaction_sends_nothing(jobs: Harness, db: Database) -> None:
    doomed: list[uuid.UUID] = []

    async def emit_then_fail() -> None:
        async with db.transaction() as tx:
            doomed.append(await outbox.emit(tx, "testjobs.record", payload={"note": "doomed"}))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await emit_then_fail()
    assert await outbox_row(db, doomed[0]) is None
    assert jobs.queued() == 0

    async with db.transaction() as tx:  # a later event proves the worker ran
        witness = await outbox.emit(tx, "testjobs.record", payload={"note": "witness"})
    jobs.start()
    await jobs.drain()

    assert await effect_count(db, witness) == 1
    assert await effect_count(db, doomed[0]) == 0
    assert not await processed(db, doomed[0], "testjobs.record")


async def test_several_events_in_one_transaction_are_sent_together(jobs: Harness, db: Database) -> None:
    async with db.transaction() as tx:
        ids = [await outbox.emit(tx, "testjobs.record", payload={"note": f"n{i}"}) for i in range(3)]
    assert sorted(jobs.queued_ids()) == sorted(str(i) for i in ids)
    jobs.start()
    await jobs.drain()
    for event_id in ids:
        assert await effect_count(db, event_id) == 1


async def test_without_an_attached_broker_the_row_waits_for_the_sweeper(jobs: Harness, db: Database) -> None:
    detach_broker(db)
    async with db.transaction() as tx:
        event_id = await outbox.emit(tx, "testjobs.record", payload={"note": "late"})
    row = await outbox_row(db, event_id)
    assert row is not None
    assert row["sent_at"] is None
    assert jobs.queued() == 0

    await outbox.sweep(db, jobs.broker, stale_seconds=0)

    row = await outbox_row(db, event_id)
    assert row is not None
    assert row["sent_at"] is not None
    assert str(event_id) in jobs.queued_ids()


async def test_an_event_nothing_consumes_is_recorded_and_never_sent(jobs: Harness, db: Database) -> None:
    name = declare_event("testjobs.nobody_listens")
    assert name in unconsumed_events()
    async with db.transaction() as tx:
        event_id = await outbox.emit(tx, name, payload={"ref": uuid.uuid4()})
    await outbox.sweep(db, jobs.broker, stale_seconds=0)

    row = await outbox_row(db, event_id)
    assert row is not None and row["sent_at"] is None  # in the outbox for a later consumer
    assert str(event_id) not in jobs.queued_ids()  # no broker message a no-op actor would swallow

    async with db.transaction() as tx:  # leave no unsent row behind for other tests' sweeps
        await tx.execute("DELETE FROM public.outbox WHERE id = $1", event_id)


def test_the_domain_events_nothing_consumes_are_not_jobs() -> None:
    discover_jobs()
    import hansa.marketplace.orders.events  # noqa: F401

    assert {"orders.placed", "orders.shipped"} <= set(unconsumed_events())
    # search consumes the catalog's and pricing's (issue 13)
    assert is_consumed("catalog.product_changed") and is_consumed("pricing.price_list_changed")
    with pytest.raises(UnknownJob):
        is_consumed("catalog.nothing_declares_this")


async def test_unsent_row_is_sent_once_by_concurrent_and_repeated_sweeps(jobs: Harness, db: Database) -> None:
    stale = jobs.settings.outbox_stale_seconds
    event_id = await insert_unsent(db, "testjobs.record", {"note": "crashed"}, age_seconds=stale + 60)
    fresh_id = await insert_unsent(db, "testjobs.record", {"note": "fresh"}, age_seconds=0)

    await asyncio.gather(*(outbox.sweep(db, jobs.broker, stale_seconds=stale) for _ in range(3)))
    await outbox.sweep(db, jobs.broker, stale_seconds=stale)

    assert jobs.queued_ids().count(str(event_id)) == 1
    assert str(fresh_id) not in jobs.queued_ids()  # younger than outbox_stale_seconds: left alone
    row = await outbox_row(db, event_id)
    assert row is not None
    assert row["sent_at"] is not None
    assert row["attempts"] == 1

    jobs.start()
    await jobs.drain()
    assert jobs.deliveries.count[str(event_id)] == 1
    assert await effect_count(db, event_id, "crashed") == 1

    async with db.transaction() as tx:  # leave no unsent row behind for other tests' sweeps
        await tx.execute("DELETE FROM public.outbox WHERE id = $1", fresh_id)


async def test_sweeper_job_scheduled_by_two_schedulers_delivers_the_row_once(
    jobs: Harness, db: Database
) -> None:
    event_id = await insert_unsent(
        db, "testjobs.record", {"note": "swept"}, age_seconds=jobs.settings.outbox_stale_seconds + 60
    )
    sweep = [get_job(outbox.SWEEP_ACTOR)]
    schedulers = [Scheduler(jobs.broker, jobs.settings, jobs=sweep) for _ in range(2)]
    try:
        enqueued = [name for scheduler in schedulers for name in scheduler.run_once()]
    finally:
        for scheduler in schedulers:
            scheduler.close()
    assert enqueued == [outbox.SWEEP_ACTOR]

    jobs.start()
    await jobs.drain()  # the sweep job enqueues the row's message before it is acknowledged

    assert jobs.deliveries.count[str(event_id)] == 1
    assert await effect_count(db, event_id, "swept") == 1
    row = await outbox_row(db, event_id)
    assert row is not None
    assert row["sent_at"] is not None


async def test_emit_inside_a_tenant_transaction_must_name_that_tenant(db: Database) -> None:
    from hansa.core.jobs import InvalidJob
    from hansa.core.tenancy import TenantContext, tenant_transaction

    ctx = TenantContext.for_tenant(uuid.uuid4())
    with pytest.raises(InvalidJob, match="another tenant"):
        async with tenant_transaction(db, ctx) as tx:
            await outbox.emit(tx, "testjobs.record", tenant_id=uuid.uuid4())
