"""Jobs against the real thing: embedded Redis as the Dramatiq broker, a real
in-process Worker, embedded PostgreSQL for the effects and processed events.

Waiting is done with ``broker.join(queue)`` + ``worker.join()`` (never sleeps)."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import dramatiq
import pytest
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware

from hansa.config import Settings
from hansa.core import outbox
from hansa.core.db import Database
from hansa.core.jobs import (
    DEFAULT_QUEUE,
    Event,
    InvalidJob,
    JobContext,
    UnknownJob,
    attach_broker,
    build_broker,
    close_broker,
    detach_broker,
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

JOIN_TIMEOUT_MS = 60_000  # a hang guard, not a timing assertion

# -- test-only jobs ------------------------------------------------------------------------------

_FAILED_ONCE: set[uuid.UUID] = set()
_PINGED = threading.Event()


async def record_effect(ctx: JobContext, event: Event, note: str) -> None:
    await ctx.tx.execute(
        "INSERT INTO public.testjobs_effect (event_id, actor, tenant_id, note) VALUES ($1, $2, $3, $4)",
        event.id,
        event.actor,
        event.tenant_id,
        note,
    )


@job("testjobs.record", max_retries=0)
async def record(ctx: JobContext, event: Event) -> None:
    await record_effect(ctx, event, str(event.payload.get("note", "")))


@job("testjobs.touch_profile", max_retries=0)
async def touch_profile(ctx: JobContext, event: Event) -> None:
    tenant = ctx.require_tenant()
    assert tenant.tenant_id == event.tenant_id
    assert ctx.tx.tenant_schema == tenant.schema
    # unqualified: resolves only through the tenant's search_path
    await ctx.tx.execute(
        "UPDATE supplier_profile SET display_name = $1, updated_at = now() WHERE id = 1",
        event.payload["display_name"],
    )
    await record_effect(ctx, event, "touched")


@job("testjobs.fail_once", max_retries=3, options={"min_backoff": 10, "max_backoff": 50})
async def fail_once(ctx: JobContext, event: Event) -> None:
    await record_effect(ctx, event, "attempt")
    if event.id not in _FAILED_ONCE:
        _FAILED_ONCE.add(event.id)
        raise RuntimeError("first delivery fails after writing")


@job("testjobs.ping", transaction=False, max_retries=0)
async def ping(ctx: JobContext, event: Event) -> None:
    assert await ctx.db.ping()
    _PINGED.set()


# -- harness -------------------------------------------------------------------------------------


class Deliveries(Middleware):
    """Counts raw deliveries per message id (before the idempotency check)."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self._lock = threading.Lock()

    def before_process_message(self, broker: dramatiq.Broker, message: Any) -> None:
        with self._lock:
            self.count[message.message_id] += 1


@dataclass
class Harness:
    broker: RedisBroker
    settings: Settings
    deliveries: Deliveries = field(default_factory=Deliveries)
    worker: dramatiq.Worker | None = None

    def __post_init__(self) -> None:
        self.broker.add_middleware(self.deliveries)

    def start(self, threads: int = 2) -> None:
        self.worker = dramatiq.Worker(self.broker, worker_threads=threads, worker_timeout=100)
        self.worker.start()

    def queued(self, queue: str = DEFAULT_QUEUE) -> int:
        return int(self.broker.do_qsize(queue))

    def queued_ids(self, queue: str = DEFAULT_QUEUE) -> list[str]:
        raw = self.broker.client.hvals(f"{self.broker.namespace}:{queue}.msgs")
        return [dramatiq.Message.decode(data).message_id for data in raw]

    async def drain(self, queue: str = DEFAULT_QUEUE) -> None:
        """Wait until every message on ``queue`` is processed and acknowledged."""
        assert self.worker is not None, "start() the worker first"
        worker = self.worker

        def wait() -> None:
            self.broker.join(queue, timeout=JOIN_TIMEOUT_MS)
            worker.join()

        await asyncio.to_thread(wait)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.broker.flush_all()
        close_broker(self.broker)


@pytest.fixture
async def effects(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            """
            CREATE TABLE IF NOT EXISTS public.testjobs_effect (
                event_id uuid NOT NULL,
                actor text NOT NULL,
                tenant_id uuid,
                note text NOT NULL,
                at timestamptz NOT NULL DEFAULT clock_timestamp()
            )
            """
        )


@pytest.fixture
async def jobs(settings: Settings, db: Database, effects: None) -> AsyncIterator[Harness]:
    harness = Harness(build_broker(settings), settings)
    attach_broker(db, harness.broker)
    try:
        yield harness
    finally:
        detach_broker(db)
        await asyncio.to_thread(harness.stop)


async def effect_count(db: Database, event_id: uuid.UUID, note: str | None = None) -> int:
    sql = "SELECT count(*) FROM public.testjobs_effect WHERE event_id = $1"
    if note is None:
        return int(await db.fetchval(sql, event_id))
    return int(await db.fetchval(sql + " AND note = $2", event_id, note))


async def processed(db: Database, event_id: uuid.UUID, actor: str) -> bool:
    return bool(
        await db.fetchval(
            "SELECT count(*) FROM public.processed_event WHERE event_id = $1 AND actor = $2", event_id, actor
        )
    )


# -- tests ---------------------------------------------------------------------------------------


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
    assert jobs.deliveries.count.total() == 1


def test_run_worker_runs_jobs_and_stops_on_sigterm(settings: Settings) -> None:
    _PINGED.clear()
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
            while not _PINGED.wait(0.05):
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
    assert _PINGED.is_set()
    assert signal.getsignal(signal.SIGTERM) == previous
