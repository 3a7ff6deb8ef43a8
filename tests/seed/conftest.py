"""Fresh databases for the demo seed: its fixed slugs and e-mails never meet other tests' rows."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from hansa.core.db import Database
from hansa.core.embedded import EmbeddedPostgres
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.identity.permissions.service import sync_policies

FreshDb = Callable[[], Awaitable[Database]]


@pytest.fixture
async def fresh_db(pg_server: EmbeddedPostgres, migrations: MigrationSet) -> AsyncIterator[FreshDb]:
    """Empty migrated databases, dropped afterwards."""
    opened: list[tuple[str, Database]] = []

    async def make() -> Database:
        name = f"seed_{uuid.uuid4().hex[:12]}"
        db = Database(pg_server.create_database(name), min_size=1, max_size=4)
        await db.connect()
        await migrate_public(db, migrations)
        await sync_policies(db)
        opened.append((name, db))
        return db

    yield make
    for _, db in opened:
        await db.close()
    if opened:
        admin = Database(pg_server.url("postgres"), min_size=1, max_size=1)
        await admin.connect()
        try:
            for name, _ in opened:
                await admin.pool.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
