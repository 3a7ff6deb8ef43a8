"""The worker process: a Dramatiq worker in-process plus the periodic scheduler.

``run_worker(settings)`` builds the broker from every registered job, runs a
Dramatiq ``Worker`` with ``settings.worker_threads`` threads, and a scheduler
thread that enqueues periodic jobs (``@job(..., every=...)``). Each period's
enqueue is guarded by a Redis ``SET NX EX`` lock, so any number of workers
running the scheduler enqueue a periodic job once per period. SIGINT or SIGTERM
stops everything cleanly (in-flight jobs finish, prefetched messages go back to
the queue) and ``run_worker`` returns 0.
"""

from __future__ import annotations

import asyncio
import logging
import math
import signal
import threading
import uuid
from collections.abc import Callable, Iterable
from types import FrameType

import dramatiq
import redis

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobSpec, build_broker, close_broker, registered_jobs, send

log = logging.getLogger(__name__)

SCHEDULER_TICK_SECONDS = 1.0
SHUTDOWN_TIMEOUT_MS = 60_000


def lock_seconds(period: float) -> int:
    """A Redis ``EX`` for a period: whole seconds, at least one."""
    return max(1, math.ceil(period))


class Scheduler:
    """Enqueues each periodic job once per period, across every scheduler sharing the Redis.

    ``run_once`` is one tick; ``start`` runs ticks in a daemon thread until ``stop``.
    """

    def __init__(
        self,
        broker: dramatiq.Broker,
        settings: Settings,
        *,
        jobs: Iterable[JobSpec] | None = None,
        tick_seconds: float = SCHEDULER_TICK_SECONDS,
    ) -> None:
        if not settings.redis_url:
            raise RuntimeError("settings.redis_url must be set to run the scheduler")
        self.broker = broker
        self.settings = settings
        self.tick_seconds = tick_seconds
        self.periodic = [spec for spec in (registered_jobs() if jobs is None else jobs) if spec.every]
        self.instance = uuid.uuid4().hex
        self._redis: redis.Redis = redis.Redis.from_url(settings.redis_url)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def lock_key(self, spec: JobSpec) -> str:
        return f"{self.settings.queue_prefix}:periodic:{spec.name}"

    def run_once(self) -> list[str]:
        """Enqueue every periodic job whose period lock is free; return their names."""
        enqueued = []
        for spec in self.periodic:
            period = spec.period(self.settings)
            assert period is not None
            if self._redis.set(self.lock_key(spec), self.instance, nx=True, ex=lock_seconds(period)):
                send(self.broker, Event(id=uuid.uuid4(), actor=spec.name))
                enqueued.append(spec.name)
        return enqueued

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the scheduler is already running")
        self._thread = threading.Thread(target=self._loop, name="hansa-scheduler", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        log.info(
            "scheduler started: %s", ", ".join(spec.name for spec in self.periodic) or "no periodic jobs"
        )
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:  # Redis blips must not kill the scheduler; the next tick retries
                log.exception("scheduler tick failed")
            self._stopping.wait(self.tick_seconds)

    def stop(self) -> None:
        """Stop ticking, wait for the thread, release the Redis connection."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.close()

    def close(self) -> None:
        self._redis.close()


def check_services(settings: Settings) -> None:
    """Fail fast, with a clear error, when PostgreSQL or Redis cannot be reached."""
    if not settings.database_url or not settings.redis_url:
        raise RuntimeError(
            "settings.database_url and settings.redis_url must be set before the worker starts"
        )
    dsn = settings.database_url

    async def ping_db() -> None:
        db = Database(dsn, min_size=1, max_size=1)
        await db.connect()
        try:
            await db.ping()
        finally:
            await db.close()

    asyncio.run(ping_db())
    client = redis.Redis.from_url(settings.redis_url)
    try:
        client.ping()
    finally:
        client.close()


def run_worker(settings: Settings, *, stop: threading.Event | None = None) -> int:
    """Run jobs until SIGINT/SIGTERM (or ``stop`` is set); return 0 after a clean stop.

    The broker declares the core jobs, every ``hansa.<domain>.tasks`` module's
    jobs, and any other job registered before the call.
    """
    check_services(settings)
    stop_event = stop or threading.Event()
    broker = build_broker(settings)
    worker = dramatiq.Worker(broker, worker_threads=settings.worker_threads)
    scheduler = Scheduler(broker, settings)
    restore = _on_signals(stop_event)
    try:
        worker.start()
        scheduler.start()
        log.info(
            "worker started: %d thread(s), jobs: %s",
            settings.worker_threads,
            ", ".join(sorted(broker.get_declared_actors())),
        )
        while not stop_event.wait(1.0):
            pass
        log.info("worker stopping")
    finally:
        try:
            scheduler.stop()
        finally:
            try:
                worker.stop(timeout=SHUTDOWN_TIMEOUT_MS)
            finally:
                close_broker(broker)
                restore()
    log.info("worker stopped")
    return 0


def _on_signals(stop_event: threading.Event) -> Callable[[], None]:
    """Set ``stop_event`` on SIGINT/SIGTERM; return a function restoring the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # signals reach the main thread only; the caller stops us with ``stop``

    def handle(signum: int, frame: FrameType | None) -> None:
        log.info("received %s", signal.Signals(signum).name)
        stop_event.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore
