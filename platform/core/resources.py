"""What a process holds open: the database pool, Redis, the migration files and
the permission rules.

Built from ``Settings`` once per process (app lifespan, worker, CLI) and passed
explicitly; nothing here connects at import time. Core knows the permission rules
only by the small ``Authorization`` protocol: identity builds them, and the
composition roots (``hansa.compose.open_resources``) hand its loader to ``open``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import dramatiq
from redis.asyncio import Redis

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import attach_broker, build_broker, close_broker, detach_broker
from hansa.core.migrations import MigrationSet


class Authorization(Protocol):
    """Every membership and role policy, checked in memory (identity's ``Authorizer``)."""

    def role_of(self, subject: str, domain: str) -> str | None: ...

    def allowed(self, subject: str, domain: str, action: str) -> bool: ...

    def actions_of(self, role: str, kind: Any) -> frozenset[str]: ...

    def is_action(self, action: str) -> bool: ...

    async def stop(self) -> None: ...


# loads the rules and keeps them current (identity's ``open_authorizer``)
OpenAuthorization = Callable[[Database, Settings], Awaitable[Authorization]]


@dataclass
class Resources:
    settings: Settings
    db: Database
    redis: Redis
    migrations: MigrationSet
    broker: dramatiq.Broker
    authorizer: Authorization

    @classmethod
    async def open(cls, settings: Settings, *, authorization: OpenAuthorization) -> Resources:
        if not settings.database_url or not settings.redis_url:
            raise RuntimeError("database_url and redis_url must be resolved before opening resources")
        db = Database(settings.database_url, min_size=settings.db_pool_min, max_size=settings.db_pool_max)
        await db.connect()
        redis = Redis.from_url(settings.redis_url)
        broker = build_broker(settings)
        attach_broker(db, broker)  # outbox events leave right after their commit
        authorizer = await authorization(db, settings)
        return cls(
            settings=settings,
            db=db,
            redis=redis,
            migrations=MigrationSet.load(),
            broker=broker,
            authorizer=authorizer,
        )

    async def close(self) -> None:
        await self.authorizer.stop()
        detach_broker(self.db)
        close_broker(self.broker)
        await self.redis.aclose()
        await self.db.close()

    async def readiness(self) -> dict[str, bool]:
        checks: dict[str, bool] = {}
        try:
            checks["database"] = await self.db.ping()
        except Exception:
            checks["database"] = False
        try:
            checks["redis"] = bool(await self.redis.ping())
        except Exception:
            checks["redis"] = False
        return checks
