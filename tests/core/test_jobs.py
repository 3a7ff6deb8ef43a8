"""Jobs against the real thing: embedded Redis as the Dramatiq broker, a real
in-process Worker, embedded PostgreSQL for the effects and processed events.

Waiting is done with ``broker.join(queue)`` + ``worker.join()`` (never sleeps)."""

from __future__ import annotations

import os
import signal
import threading
import uuid

import pytest

from hansa.config import Settings
from hansa.core import outbox
from hansa.core.db import Database
from hansa.core.jobs import (
    Event,
    InvalidJob,
    JobContext,
    UnknownJob,
    build_broker,
    close_broker,
    discover_jobs,
    get_job,
    job,
    message_for,
)
from hansa.core.migrations import MigrationSet
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.core.worker import Scheduler, run_worker
from hansa.tenants import service
from hansa.tenants.schemas import NewTenant
from tests.conftest import unique_slug
from tests.fixtures.jobs import JOIN_TIMEOUT_MS, PINGED, Harness, effect_count, effects, jobs, processed

__all__ = ["effects", "jobs"]  # fixtures from tests/fixtures/jobs.py


async def test_same_message_delivered_twice_runs_its_effect_once(jobs: Harness, db: Database) -> None:
    event = Event(id=uuid.uuid4(), actor="testjobs.record", payload={"note": "twice"})
    message = message_for(jobs.broker, event)
    assert message.message_id == str(event.id)
    jobs.broker.enqueue(message)
    jobs.broker.enqueue(message)
    assert jobs.queued() == 2

    jobs.start(threads=2)
    await jobs.drain()

    assert jobs.deliveries.count[str(event.id)] == 2
    assert await effect_count(db, event.id) == 1
    assert await processed(db, event.id, "testjobs.record")


async def test_a_failed_handler_rolls_back_its_effect_and_the_retry_applies_it_once(
    jobs: Harness, db: Database
) -> None:
    event = Event(id=uuid.uuid4(), actor="testjobs.fail_once")
    jobs.broker.enqueue(message_for(jobs.broker, event))

    jobs.start()
    await jobs.drain()

    assert jobs.deliveries.count[str(event.id)] == 2
    assert await effect_count(db, event.id) == 1  # the first attempt's write was rolled back
    assert await processed(db, event.id, "testjobs.fail_once")


async def test_tenant_job_reenters_the_tenant_schema(
    jobs: Harness, db: Database, migrations: MigrationSet
) -> None:
    tenant = await service.provision_tenant(db, migrations, NewTenant(slug=unique_slug(), name="Before"))
    async with db.transaction() as tx:
        event_id = await outbox.emit(
            tx, "testjobs.touch_profile", tenant_id=tenant.id, payload={"display_name": "After"}
        )

    jobs.start()
    await jobs.drain()

    async with tenant_transaction(db, TenantContext.for_tenant(tenant.id)) as tx:
        profile = await service.get_profile(tx)
    assert profile.display_name == "After"
    assert await effect_count(db, event_id, "touched") == 1
    assert await processed(db, event_id, "testjobs.touch_profile")


async def test_emit_refuses_unknown_and_malformed_events(db: Database) -> None:
    async with db.transaction() as tx:
        with pytest.raises(UnknownJob, match=r"testjobs\.nobody"):
            await outbox.emit(tx, "testjobs.nobody")
        with pytest.raises(InvalidJob, match=r"domain\.event"):
            await outbox.emit(tx, "Not-An-Actor")
        with pytest.raises(InvalidJob, match="float"):
            await outbox.emit(tx, "testjobs.record", payload={"price": 1.5})
        with pytest.raises(InvalidJob, match="dict"):
            await outbox.emit(tx, "testjobs.record", payload={"doc": {"nested": True}})


def test_registry_refuses_duplicates_and_sync_handlers() -> None:
    async def other(ctx: JobContext, event: Event) -> None:
        return None

    with pytest.raises(InvalidJob, match="already registered"):
        job("testjobs.record")(other)
    with pytest.raises(InvalidJob, match="async"):
        job("testjobs.sync_handler")(lambda ctx, event: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(InvalidJob, match=r"domain\.event"):
        job("testjobs")
    assert get_job("core.sweep_outbox").every is not None


async def test_build_broker_declares_every_job_and_connects_to_nothing(settings: Settings) -> None:
    assert "hansa.core.outbox" in discover_jobs()
    broker = build_broker(settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"}))
    try:
        assert {
            "core.sweep_outbox",
            "testjobs.record",
            "testjobs.touch_profile",
        } <= broker.get_declared_actors()
        assert broker.namespace == settings.queue_prefix
    finally:
        close_broker(broker)


async def test_scheduler_enqueues_a_periodic_job_once_per_period(jobs: Harness) -> None:
    sweep = [get_job("core.sweep_outbox")]
    first = Scheduler(jobs.broker, jobs.settings, jobs=sweep)
    second = Scheduler(jobs.broker, jobs.settings, jobs=sweep)
    try:
        assert first.run_once() == ["core.sweep_outbox"]
        assert second.run_once() == []
        assert first.run_once() == []
    finally:
        first.close()
        second.close()
    assert jobs.queued() == 1
    jobs.start()
    await jobs.drain()
    # the sweep itself ran once (it may re-send stale events other tests left: search consumes them)
    assert jobs.deliveries.actors["core.sweep_outbox"] == 1


def test_run_worker_runs_jobs_and_stops_on_sigterm(settings: Settings) -> None:
    PINGED.clear()
    sender = build_broker(settings)
    previous = signal.getsignal(signal.SIGTERM)
    finished = threading.Event()

    def ping_then_stop() -> None:
        sender.enqueue(message_for(sender, Event(id=uuid.uuid4(), actor="testjobs.ping")))
        deadline = threading.Event()
        timer = threading.Timer(JOIN_TIMEOUT_MS / 1000, deadline.set)
        timer.start()
        try:
            # the ping is handled only once run_worker is up (its signal handlers installed)
            while not PINGED.wait(0.05):
                if finished.is_set() or deadline.is_set():
                    break
        finally:
            timer.cancel()
        if not finished.is_set():
            os.kill(os.getpid(), signal.SIGTERM)

    helper = threading.Thread(target=ping_then_stop)
    helper.start()
    try:
        assert run_worker(settings.model_copy(update={"worker_threads": 2})) == 0
    finally:
        finished.set()
        helper.join()
        sender.flush_all()
        close_broker(sender)
    assert PINGED.is_set()
    assert signal.getsignal(signal.SIGTERM) == previous
