"""The PostgreSQL backend's query path beyond the conformance suite (docs/search.md, "The
PostgreSQL backend"): facet value ids, several facet filters at once, several typos at once,
the bodies kept apart."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import msgspec
import pytest

from hansa.core.db import Database
from hansa.search import conformance
from hansa.search.conformance import ACME, KEYS, MARKET, SCREWS
from hansa.search.postgres import PostgresBackend, facet_id
from hansa.search.schemas import SearchDocument, SearchQuery, SearchResult


async def _clear(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM search.document")
        await tx.execute("DELETE FROM search.document_body")
        await tx.execute("DELETE FROM search.synonym")


@pytest.fixture
async def backend(db: Database) -> AsyncIterator[PostgresBackend]:
    await _clear(db)
    found = PostgresBackend(db)
    await conformance.load(found)
    yield found
    await _clear(db)


def _keys(result: SearchResult) -> list[str]:
    by_id = {v: k for k, v in KEYS.items()}
    return sorted(by_id[hit.document.id] for hit in result.hits)


async def test_facet_ids_are_the_sql_ones(db: Database) -> None:
    """The migration filled existing rows in SQL: the same ids as Python's."""
    pairs = [("attr.material", "inox A2"), ("category", str(SCREWS)), ("supplier", "șurub-ă")]
    async with db.transaction() as tx:
        found = await tx.fetch(
            "SELECT ('x' || left(md5(f || ':' || v), 16))::bit(64)::bigint AS id "
            "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(f, v, n) ORDER BY n",
            [f for f, _ in pairs],
            [v for _, v in pairs],
        )
    assert [r["id"] for r in found] == [facet_id(f, v) for f, v in pairs]


async def test_each_facet_leaves_out_only_its_own_filter(backend: PostgresBackend) -> None:
    result = await backend.search(
        SearchQuery(
            marketplace_id=MARKET,
            filters={"supplier": ["acme"], "attr.material": ["A2"]},
            facets=["supplier", "attr.material", "category"],
        )
    )
    assert _keys(result) == ["n1", "s1"] and result.total == 2
    # suppliers among the A2 documents; materials among acme's; categories of both filters
    assert result.facets["supplier"] == {"acme": 2, "bolt": 2}
    assert result.facets["attr.material"] == {"A2": 2, "A4": 1}
    assert result.facets["category"] == {
        str(conformance.FASTENERS): 2,
        str(conformance.SCREWS): 1,
        str(conformance.NUTS): 1,
    }


async def test_a_filter_not_asked_as_facet_narrows_every_count(backend: PostgresBackend) -> None:
    result = await backend.search(
        SearchQuery(
            marketplace_id=MARKET,
            filters={"supplier": ["bolt"], "attr.material": ["A2"]},
            in_stock=True,
            facets=["attr.material"],
        )
    )
    assert _keys(result) == ["s4", "s5"]
    assert result.facets["attr.material"] == {"A2": 2, "steel": 2}


async def test_several_typos_are_corrected_together(backend: PostgresBackend) -> None:
    result = await backend.search(SearchQuery(marketplace_id=MARKET, q="hexagnal M8 inxo"))
    assert result.corrected_query == "hexagonal m8 inox"
    assert _keys(result) == ["s1", "s2"]


async def test_a_document_is_found_with_its_body(backend: PostgresBackend, db: Database) -> None:
    async with db.transaction() as tx:
        bodies = await tx.fetchval("SELECT count(*) FROM search.document_body")
    assert bodies == len(conformance.DOCUMENTS)
    await backend.delete([KEYS["s1"]])
    async with db.transaction() as tx:
        assert await tx.fetchval("SELECT count(*) FROM search.document_body WHERE id = $1", KEYS["s1"]) == 0


async def test_gin_indexes_keep_a_small_pending_list(db: Database) -> None:
    """Every search scans a GIN index's unmerged entries: after a rebuild's swap the default
    4 MB of them made queries several times slower (docs/search.md, "Numbers")."""
    async with db.transaction() as tx:
        rows = await tx.fetch(
            "SELECT c.relname, c.reloptions FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam "
            "WHERE i.indrelid = 'search.document'::regclass AND a.amname = 'gin'"
        )
    assert len(rows) == 4
    assert all("gin_pending_list_limit=256" in (r["reloptions"] or []) for r in rows), rows


async def test_a_whole_rebuild_forgets_facet_values_no_document_has(
    backend: PostgresBackend, db: Database
) -> None:
    """search.facet_value only grew; a whole rebuild now prunes it (one supplier's does not)."""
    renamed = [
        msgspec.structs.replace(d, manufacturer="Gone GmbH") if d.id == KEYS["s1"] else d
        for d in conformance.DOCUMENTS
    ]
    await backend.upsert([d for d in renamed if d.id == KEYS["s1"]])
    gone = facet_id("manufacturer", "Gone GmbH")

    async def known() -> bool:
        async with db.transaction() as tx:
            return bool(await tx.fetchval("SELECT count(*) FROM search.facet_value WHERE id = $1", gone))

    assert await known()

    async def batches(documents: list[SearchDocument]) -> AsyncIterator[Sequence[SearchDocument]]:
        yield documents

    await backend.rebuild(batches([d for d in conformance.DOCUMENTS if d.tenant_id == ACME]), tenant_id=ACME)
    assert await known()  # another supplier's documents may still have it
    await backend.rebuild(batches(list(conformance.DOCUMENTS)))
    assert not await known()
    kept = await backend.search(SearchQuery(marketplace_id=MARKET, facets=["supplier", "manufacturer"]))
    assert kept.facets["supplier"] and kept.total == len(
        [d for d in conformance.DOCUMENTS if MARKET in d.marketplace_ids]
    )
