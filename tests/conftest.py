"""Real PostgreSQL and Redis for every test: one embedded server pair per xdist
worker, started once, with the public migrations applied once."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.embedded import EmbeddedPostgres, EmbeddedRedis
from hansa.core.jobs import build_broker, discover_jobs
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.identity.permissions.service import sync_policies
from tests.fixtures.jobs import Harness


def pytest_configure(config: pytest.Config) -> None:
    # every process of ours (app, worker, CLI) imports the domains' tasks modules at start-up,
    # which registers the hooks lower domains call (notifications' People, catalog's media
    # extensions); a test calling a service directly must find them whatever ran before it
    discover_jobs()


@pytest.fixture(scope="session")
def services_dir() -> Iterator[Path]:
    # Not under pytest's basetemp: pytest resets /tmp/pytest-of-<user> to 0700 when a
    # session starts, and PostgreSQL runs as another user when we are root.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    path = Path(tempfile.mkdtemp(prefix=f"hansa-tests-{worker}-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server(services_dir: Path) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(services_dir / "pg", durable=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(services_dir: Path) -> Iterator[EmbeddedRedis]:
    server = EmbeddedRedis(services_dir / "redis", durable=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def migrations() -> MigrationSet:
    return MigrationSet.load()


@pytest.fixture(scope="session")
def database_url(pg_server: EmbeddedPostgres, migrations: MigrationSet) -> str:
    import asyncio

    url = pg_server.url()

    async def prepare() -> None:
        db = Database(url)
        await db.connect()
        try:
            await migrate_public(db, migrations)
            await sync_policies(db)
        finally:
            await db.close()

    asyncio.run(prepare())
    return url


@pytest.fixture(scope="session")
def redis_url(redis_server: EmbeddedRedis) -> str:
    return redis_server.url()


@pytest.fixture
def settings(database_url: str, redis_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        redis_url=redis_url,
        data_dir=tmp_path / "hansa",
        log_json=False,
        queue_prefix=f"t{uuid.uuid4().hex[:8]}",
    )


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, min_size=1, max_size=10)
    await database.connect()
    yield database
    await database.close()


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def unique_slug(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def worker(settings: Settings) -> AsyncIterator[Harness]:
    """A real Dramatiq worker (two threads) on the test's Redis, running every job."""
    harness = Harness(build_broker(settings), settings)
    harness.start()
    try:
        yield harness
    finally:
        await asyncio.to_thread(harness.stop)
