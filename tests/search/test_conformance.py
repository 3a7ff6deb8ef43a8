"""The conformance suite (hansa.search.conformance) on every reachable backend:
PostgreSQL always, Meilisearch when HANSA_MEILISEARCH_URL is set (docs/search.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from hansa.core.db import Database
from hansa.search import conformance
from hansa.search.backend import SearchBackend
from hansa.search.postgres import PostgresBackend

BACKENDS = ["postgres"]


async def _clear(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM search.document")
        await tx.execute("DELETE FROM search.synonym")
        await tx.execute("DELETE FROM search.suggest_word")


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, db: Database) -> AsyncIterator[SearchBackend]:
    await _clear(db)
    found = PostgresBackend(db)
    await conformance.load(found)
    yield found
    await _clear(db)


async def test_cases(backend: SearchBackend) -> None:
    failed = []
    for case in conformance.CASES:
        try:
            await conformance.check(backend, case)
        except AssertionError as exc:
            failed.append(str(exc))
    assert failed == []


async def test_mutations(backend: SearchBackend) -> None:
    for _name, run in conformance.MUTATIONS:
        await run(backend)
