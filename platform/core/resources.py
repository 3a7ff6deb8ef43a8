"""What a process holds open: the database pool, Redis, the migration files.

Built from ``Settings`` once per process (app lifespan, worker, CLI) and passed
explicitly; nothing here connects at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

import dramatiq
from redis.asyncio import Redis

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import attach_broker, build_broker, close_broker, detach_broker
from hansa.core.migrations import MigrationSet
from hansa.identity.permissions.authorizer import Authorizer


@dataclass
class Resources:
    settings: Settings
    db: Database
    redis: Redis
    migrations: MigrationSet
    broker: dramatiq.Broker
    authorizer: Authorizer

    @classmethod
    async def open(cls, settings: Settings) -> Resources:
        if not settings.database_url or not settings.redis_url:
            raise RuntimeError("database_url and redis_url must be resolved before opening resources")
        db = Database(settings.database_url, min_size=settings.db_pool_min, max_size=settings.db_pool_max)
        await db.connect()
        redis = Redis.from_url(settings.redis_url)
        broker = build_broker(settings)
        attach_broker(db, broker)  # outbox events leave right after their commit
        authorizer = await Authorizer.load(db)
        await authorizer.listen(settings.redis_url)  # other processes' membership changes
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
