"""Background jobs: a registry of handlers, and the Dramatiq broker built from it.

Nothing here touches a broker at import time. A module declares its handlers
with ``@job("domain.event")``; ``build_broker(settings)`` later creates a
``RedisBroker`` and declares one Dramatiq actor per registered handler. So every
module holding ``@job`` handlers must be imported before ``build_broker`` runs.

A message carries ids only: the event id (which is also the Dramatiq message id
and the outbox row id), the actor name, the tenant id and a small payload of
ids. The wrapper around each transactional handler opens one transaction (inside
the tenant's schema when the event names a tenant), records ``(event id, actor)``
in ``public.processed_event`` and runs the handler in that same transaction. A
second delivery of the same event finds the row and skips the handler: delivery
is at least once, the effect happens once.

Handler contract (``transaction=True``, the default):

* do all database work on ``ctx.tx``, passing it to the services that compose
  (they take a ``Tx``); opening another transaction in the handler is refused
  (``Database.transaction()`` never joins one), and no other task or connection;
* run queries one after another (no ``asyncio.gather`` on the one connection);
* raising rolls the whole transaction back, the processed-event row included,
  and Dramatiq retries the message later;
* side effects outside the database (e-mail, HTTP) are not covered by the
  transaction: emit an outbox event for them, or make them idempotent by event id.

Handlers declared with ``transaction=False`` (periodic maintenance such as the
outbox sweeper) get no transaction and no processed-event record; they must be
safe to run twice or concurrently on their own.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import logging
import pkgutil
import re
import threading
import uuid
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AsyncIO, Middleware, default_middleware

from hansa.config import Settings
from hansa.core.db import Database, Tx
from hansa.core.tenancy import Actor, TenantContext, tenant_transaction

log = logging.getLogger(__name__)

ACTOR_NAME_RE = re.compile(r"^[a-z_]+\.[a-z_]+$")  # the same rule as public.outbox's CHECK
_QUEUE_NAME_RE = re.compile(r"^[a-zA-Z_][a-zA-Z0-9._-]*$")
DEFAULT_QUEUE = "default"

PayloadScalar = str | int | bool | None
PayloadValue = PayloadScalar | list[PayloadScalar]
Payload = Mapping[str, PayloadValue]


class UnknownJob(LookupError):
    """An actor name that no ``@job`` handler is registered under."""


class InvalidJob(ValueError):
    """A malformed actor name, queue name, payload or duplicate registration."""


@dataclass(frozen=True, slots=True)
class Event:
    """One delivery's subject: what happened (``actor``), to whom, keyed by ``id``."""

    id: uuid.UUID
    actor: str
    tenant_id: uuid.UUID | None = None
    payload: Payload = field(default_factory=dict)

    def uuid(self, key: str) -> uuid.UUID:
        """``payload[key]`` as a UUID (ids travel as strings)."""
        value = self.payload.get(key)
        if not isinstance(value, str):
            raise InvalidJob(f"event {self.actor} {self.id}: payload[{key!r}] is not an id")
        return uuid.UUID(value)


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a handler gets besides the event: the database, settings, and its transaction."""

    db: Database
    settings: Settings
    broker: dramatiq.Broker
    tenant: TenantContext | None = None
    transaction: Tx | None = None

    @property
    def tx(self) -> Tx:
        """The transaction the handler's database work belongs to."""
        if self.transaction is None:
            raise RuntimeError("this job was registered with transaction=False: it has no ctx.tx")
        return self.transaction

    def require_tenant(self) -> TenantContext:
        if self.tenant is None:
            raise RuntimeError("this event names no tenant")
        return self.tenant


Handler = Callable[[JobContext, Event], Awaitable[None]]
Period = float | Callable[[Settings], float]


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A registered handler and how to run it."""

    name: str
    handler: Handler
    queue: str = DEFAULT_QUEUE
    transaction: bool = True
    every: Period | None = None
    max_retries: int | None = None
    time_limit_ms: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def dramatiq_options(self) -> dict[str, Any]:
        options = dict(self.options)
        if self.max_retries is not None:
            options["max_retries"] = self.max_retries
        if self.time_limit_ms is not None:
            options["time_limit"] = self.time_limit_ms
        return options

    def period(self, settings: Settings) -> float | None:
        """Seconds between runs of a periodic job; ``None`` for an event job."""
        if self.every is None:
            return None
        return float(self.every(settings) if callable(self.every) else self.every)


_REGISTRY: dict[str, JobSpec] = {}
_REGISTRY_LOCK = threading.Lock()


def validate_actor_name(name: str) -> str:
    if not ACTOR_NAME_RE.fullmatch(name):
        raise InvalidJob(f"actor names are 'domain.event' in lower case and underscores, not {name!r}")
    return name


def job(
    name: str,
    *,
    queue: str = DEFAULT_QUEUE,
    transaction: bool = True,
    every: Period | None = None,
    max_retries: int | None = None,
    time_limit_ms: int | None = None,
    options: Mapping[str, Any] | None = None,
) -> Callable[[Handler], Handler]:
    """Register ``async def handler(ctx: JobContext, event: Event) -> None`` under ``name``.

    ``every`` (seconds, or a function of the settings) makes it a periodic job,
    enqueued by the worker's scheduler once per period across all workers.
    ``max_retries`` and ``time_limit_ms`` override Dramatiq's defaults;
    ``options`` passes other Dramatiq actor options (``min_backoff``, ...).
    """
    validate_actor_name(name)
    if not _QUEUE_NAME_RE.fullmatch(queue):
        raise InvalidJob(f"bad queue name {queue!r}")

    def register(handler: Handler) -> Handler:
        if not inspect.iscoroutinefunction(handler):
            raise InvalidJob(f"job {name}: the handler must be an async function")
        spec = JobSpec(
            name, handler, queue, transaction, every, max_retries, time_limit_ms, dict(options or {})
        )
        with _REGISTRY_LOCK:
            existing = _REGISTRY.get(name)
            if existing is not None and _origin(existing.handler) != _origin(handler):
                raise InvalidJob(f"job {name} is already registered by {_origin(existing.handler)}")
            _REGISTRY[name] = spec
        return handler

    return register


def _origin(handler: Handler) -> str:
    return f"{handler.__module__}.{getattr(handler, '__qualname__', repr(handler))}"


def get_job(name: str) -> JobSpec:
    """The registered job ``name``; ``UnknownJob`` if there is none."""
    spec = _REGISTRY.get(name)
    if spec is None:
        validate_actor_name(name)
        raise UnknownJob(
            f"no job is registered as {name!r}: declare it with @job({name!r}) "
            "in a module that is imported before events are emitted"
        )
    return spec


# Events a domain emits that no job consumes yet (declared in the domain's events.py):
# ``emit`` records them in the outbox, but nothing is sent to the broker (no message a
# no-op actor would swallow). Once a ``@job`` of the same name exists, they are sent.
_EVENTS: set[str] = set()


def declare_event(name: str) -> str:
    """Declare the outbox event ``name`` (``domain.event``); returns the name, for a constant."""
    validate_actor_name(name)
    with _REGISTRY_LOCK:
        _EVENTS.add(name)
    return name


def is_consumed(name: str) -> bool:
    """True when a job handles ``name``; False for a declared event nothing consumes yet;
    ``UnknownJob`` when it is neither."""
    if name in _REGISTRY:
        return True
    if name in _EVENTS:
        return False
    get_job(name)  # raises UnknownJob with the usual message
    return True


def unconsumed_events() -> list[str]:
    """Declared events no job consumes: kept in the outbox, never sent."""
    with _REGISTRY_LOCK:
        return sorted(_EVENTS - _REGISTRY.keys())


CORE_JOB_MODULES = ("hansa.core.outbox", "hansa.core.mail", "hansa.core.retention")


def discover_jobs(package: str = "hansa") -> list[str]:
    """Import the modules that declare jobs: the core ones and every ``tasks`` module below ``package``.

    Returns the modules imported. ``build_broker`` calls it, so the web app and
    the worker declare the same actors, and ``emit`` knows every actor name.
    """
    root = importlib.import_module(package)
    names = list(CORE_JOB_MODULES)
    # every tasks module at any depth: hansa.identity.auth.tasks, hansa.marketplace.media.tasks, ...
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if not info.ispkg and info.name.rsplit(".", 1)[-1] == "tasks":
            names.append(info.name)
    for name in names:
        importlib.import_module(name)
    return names


def registered_jobs() -> list[JobSpec]:
    with _REGISTRY_LOCK:
        return sorted(_REGISTRY.values(), key=lambda spec: spec.name)


def check_payload(payload: Mapping[str, Any] | None) -> dict[str, PayloadValue]:
    """A JSON-safe copy of ``payload``: ids (UUIDs become strings), ints, bools, short strings.

    Events carry ids, never documents: a handler reads current state from the
    database. Floats are refused (money is never a float).
    """
    if payload is None:
        return {}
    clean: dict[str, PayloadValue] = {}
    for key, value in payload.items():
        if not isinstance(key, str):
            raise InvalidJob(f"payload keys are strings, not {key!r}")
        if isinstance(value, list | tuple):
            clean[key] = [_scalar(key, item) for item in value]
        else:
            clean[key] = _scalar(key, value)
    return clean


def _scalar(key: str, value: Any) -> PayloadScalar:
    if isinstance(value, uuid.UUID):
        return str(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    raise InvalidJob(f"payload[{key!r}]: events carry ids, not {type(value).__name__}")


# -- sending --------------------------------------------------------------------------------

_ATTACHED: weakref.WeakKeyDictionary[Database, dramatiq.Broker] = weakref.WeakKeyDictionary()


def attach_broker(db: Database, broker: dramatiq.Broker) -> None:
    """Send events emitted in ``db``'s transactions to ``broker`` after commit.

    A process that emits events (the app, the worker, a CLI command) attaches its
    broker once. Without one, outbox rows stay unsent until the sweeper sends them.
    """
    _ATTACHED[db] = broker


def detach_broker(db: Database) -> None:
    _ATTACHED.pop(db, None)


def attached_broker(db: Database) -> dramatiq.Broker | None:
    return _ATTACHED.get(db)


def message_for(broker: dramatiq.Broker, event: Event) -> dramatiq.Message[None]:
    """The Dramatiq message for ``event``; its message id is the event id."""
    try:
        actor = broker.get_actor(event.actor)
    except dramatiq.ActorNotFound:
        raise UnknownJob(f"the broker declares no actor {event.actor!r}") from None
    return dramatiq.Message(
        queue_name=actor.queue_name,
        actor_name=event.actor,
        args=(),
        kwargs={
            "event_id": str(event.id),
            "tenant_id": None if event.tenant_id is None else str(event.tenant_id),
            "payload": dict(event.payload),
        },
        options={},
        message_id=str(event.id),
    )


def send(broker: dramatiq.Broker, event: Event) -> None:
    """Enqueue ``event`` now (blocking I/O: from async code, run it in a thread)."""
    broker.enqueue(message_for(broker, event))


async def send_all(broker: dramatiq.Broker, events: Sequence[Event]) -> None:
    """Enqueue ``events`` from async code without blocking the event loop."""

    def send_each() -> None:
        for event in events:
            send(broker, event)

    if events:
        await asyncio.to_thread(send_each)


# -- the broker and the worker-side runtime -----------------------------------------------------


class JobRuntime(Middleware):
    """Holds what handlers share in a worker: settings and a lazily opened database pool.

    The pool is created on first use inside the worker's event loop (the AsyncIO
    middleware's loop thread) and closed when the worker shuts down, before that
    loop stops.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.broker: dramatiq.Broker | None = None
        self._db: Database | None = None
        self._db_lock: asyncio.Lock | None = None

    async def database(self) -> Database:
        if self._db is not None:
            return self._db
        if self._db_lock is None:
            self._db_lock = asyncio.Lock()
        async with self._db_lock:
            if self._db is None:
                if not self.settings.database_url:
                    raise RuntimeError("settings.database_url must be set to run jobs")
                db = Database(
                    self.settings.database_url,
                    min_size=self.settings.db_pool_min,
                    max_size=max(self.settings.db_pool_max, self.settings.worker_threads),
                )
                await db.connect()
                if self.broker is not None:
                    attach_broker(db, self.broker)
                self._db = db
        return self._db

    async def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            detach_broker(db)
            await db.close()

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        # emit_after runs middleware in reverse order: this runs before AsyncIO stops the loop
        loop_thread = get_event_loop_thread()
        if loop_thread is not None and self._db is not None:
            loop_thread.run_coroutine(self.close())
        self._db_lock = None

    async def run(self, spec: JobSpec, event: Event) -> None:
        """Run one delivery of ``event`` through ``spec``'s handler, at most once in effect."""
        assert self.broker is not None
        db = await self.database()
        tenant = (
            None
            if event.tenant_id is None
            else TenantContext.for_tenant(
                event.tenant_id, actor=Actor(kind="system", id=f"job:{spec.name}"), request_id=str(event.id)
            )
        )
        if not spec.transaction:
            await spec.handler(JobContext(db, self.settings, self.broker, tenant), event)
            return
        opened = db.transaction() if tenant is None else tenant_transaction(db, tenant)
        async with opened as tx:
            first = await tx.fetchval(
                "INSERT INTO public.processed_event (event_id, actor) VALUES ($1, $2) "
                "ON CONFLICT DO NOTHING RETURNING true",
                event.id,
                event.actor,
            )
            if not first:
                log.info("event already processed", extra={"event_id": str(event.id), "actor": spec.name})
                return
            await spec.handler(JobContext(db, self.settings, self.broker, tenant, tx), event)


def _actor_fn(runtime: JobRuntime, spec: JobSpec) -> Callable[..., Awaitable[None]]:
    async def run_job(*, event_id: str, tenant_id: str | None = None, payload: Payload | None = None) -> None:
        event = Event(
            id=uuid.UUID(event_id),
            actor=spec.name,
            tenant_id=None if tenant_id is None else uuid.UUID(tenant_id),
            payload=dict(payload or {}),
        )
        await runtime.run(spec, event)

    run_job.__name__ = run_job.__qualname__ = spec.name.replace(".", "__")
    run_job.__module__ = spec.handler.__module__
    return run_job


def build_broker(settings: Settings) -> RedisBroker:
    """A RedisBroker on ``settings.redis_url`` with one actor per registered job.

    It first imports the job modules (``discover_jobs``), so every domain's
    ``tasks.py`` handlers are declared, plus any registered before the call.

    Keys live under the ``settings.queue_prefix`` namespace, so deployments (and
    parallel test runs) sharing a Redis do not see each other's queues. Building
    the broker does not connect; the first send or consume does.
    """
    if not settings.redis_url:
        raise RuntimeError("settings.redis_url must be set to build the job broker")
    discover_jobs()
    runtime = JobRuntime(settings)
    middleware = [m() for m in default_middleware]
    middleware += [AsyncIO(), runtime]
    broker = RedisBroker(  # type: ignore[no-untyped-call]
        url=settings.redis_url, namespace=settings.queue_prefix, middleware=middleware
    )
    runtime.broker = broker
    for spec in registered_jobs():
        options = spec.dramatiq_options()
        unknown = set(options) - broker.actor_options
        if unknown:
            raise InvalidJob(f"job {spec.name}: unknown Dramatiq options {sorted(unknown)}")
        dramatiq.Actor[..., None](
            _actor_fn(runtime, spec),
            broker=broker,
            actor_name=spec.name,
            queue_name=spec.queue,
            priority=0,
            options=options,
        )
    return broker


def close_broker(broker: dramatiq.Broker) -> None:
    """Release the broker's Redis connections."""
    broker.close()
    if isinstance(broker, RedisBroker):
        broker.client.connection_pool.disconnect()
