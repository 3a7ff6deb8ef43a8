"""The one interface every search backend implements (PostgreSQL, Meilisearch).

The backend is a store of ``SearchDocument``s with a query engine; it knows nothing of
tenants' schemas, buyers or prices. Indexing (``search.tasks``) builds documents from
the owners' services and hands them here; the search service checks the query, asks
the backend and adds the buyer's prices. Every backend passes ``search.conformance``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, Callable, Sequence
from typing import Protocol

from hansa.search.schemas import DocumentVersion, SearchDocument, SearchQuery, SearchResult, Suggestions

# called after each batch of a rebuild with the number of documents written so far
Progress = Callable[[int], None]


class BadCursor(ValueError):
    """The cursor was not made by this backend for this query (the API answers 400)."""


class SearchBackend(Protocol):
    name: str

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        """Add or replace documents by id; searchable when this returns."""

    async def delete(self, ids: Sequence[str]) -> None:
        """Remove documents by id (a missing id is not an error)."""

    async def delete_tenant(self, tenant_id: uuid.UUID) -> None:
        """Remove every document of a supplier (suspended, archived, removed)."""

    async def search(self, query: SearchQuery) -> SearchResult:
        """Raises ``BadCursor`` for a cursor it cannot read."""

    async def suggest(
        self,
        marketplace_id: uuid.UUID,
        q: str,
        *,
        tenant_ids: Sequence[uuid.UUID] | None = None,
        limit: int = 5,
    ) -> Suggestions:
        """Type-ahead: products (prefix of name/SKU), categories and suppliers."""

    async def set_synonyms(self, marketplace_id: uuid.UUID, groups: Sequence[Sequence[str]]) -> None:
        """Replace a marketplace's synonyms: each group's terms mean the same."""

    async def synonyms(self, marketplace_id: uuid.UUID) -> list[list[str]]: ...

    async def rebuild(
        self,
        batches: AsyncIterable[Sequence[SearchDocument]],
        *,
        tenant_id: uuid.UUID | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Build the index (or one supplier's part) aside, then swap it in at once:
        searches keep the old documents until the swap. Returns the documents written."""

    async def count(self, *, tenant_id: uuid.UUID | None = None) -> int: ...

    async def versions(self, tenant_id: uuid.UUID) -> dict[str, DocumentVersion]:
        """Document id → what the drift check compares, for a supplier's documents."""
