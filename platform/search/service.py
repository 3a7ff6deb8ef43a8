"""Search: the backend of the settings, the queries buyers and visitors run (docs/search.md)."""

from __future__ import annotations

from collections.abc import Callable

from hansa.config import Settings
from hansa.core.db import Database
from hansa.search import meili
from hansa.search.backend import SearchBackend
from hansa.search.postgres import PostgresBackend

# backend name → its factory
BACKENDS: dict[str, Callable[[Database, Settings], SearchBackend]] = {
    "postgres": lambda db, _settings: PostgresBackend(db),
    "meilisearch": lambda _db, settings: meili.from_settings(settings),
}


def backend_of(db: Database, settings: Settings) -> SearchBackend:
    return BACKENDS[settings.search_backend](db, settings)
