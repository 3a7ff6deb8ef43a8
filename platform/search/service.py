"""Search: the backend of the settings, the queries buyers and visitors run (docs/search.md)."""

from __future__ import annotations

from collections.abc import Callable

from hansa.config import Settings
from hansa.core.db import Database
from hansa.search.backend import SearchBackend
from hansa.search.postgres import PostgresBackend

# backend name → its factory; Meilisearch registers itself in its module
BACKENDS: dict[str, Callable[[Database, Settings], SearchBackend]] = {
    "postgres": lambda db, _settings: PostgresBackend(db),
}


def backend_of(db: Database, settings: Settings) -> SearchBackend:
    return BACKENDS[settings.search_backend](db, settings)
