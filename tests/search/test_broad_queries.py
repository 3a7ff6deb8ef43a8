"""Broad queries on the PostgreSQL backend (docs/search.md, "Broad queries"): above the
exact limit the total and the facet counts are estimated from a sample of the matches,
a relevance page is ranked within that sample, and every other order's page is exact.

The index holds 3,000 generated documents; a backend with a low exact limit samples
them, the default one counts them exactly, and the two are compared."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from hansa.core.db import Database
from hansa.search.postgres import PostgresBackend, facet_id, sample_bucket, sample_lexeme
from hansa.search.schemas import DocumentAttribute, SearchDocument, SearchQuery, SearchSort, stock_band

MARKET = uuid.UUID("00000000-0000-0000-0000-00000000b0ad")
SUPPLIERS = [uuid.UUID(int=7000 + i) for i in range(5)]
ROOT = uuid.UUID(int=7100)
LEAVES = [uuid.UUID(int=7200 + i) for i in range(4)]
ITEMS = ["surub", "piulita", "saiba"]  # one word in three matches each
MATERIALS = ["inox A2", "inox A4", "zincat", "alama"]
COUNT = 3_000
FACETS = ["category", "supplier", "in_stock", "attr.material"]


def _documents() -> list[SearchDocument]:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    found = []
    for n in range(COUNT):
        tenant = SUPPLIERS[n % len(SUPPLIERS)]
        item, material, leaf = ITEMS[n % 3], MATERIALS[(n // 3) % 4], LEAVES[(n // 7) % 4]
        found.append(
            SearchDocument(
                id=f"{tenant}:{uuid.UUID(int=10**6 + n)}",
                tenant_id=tenant,
                supplier_slug=f"s{n % len(SUPPLIERS)}",
                supplier_name=f"Supplier {n % len(SUPPLIERS)}",
                marketplace_ids=[MARKET],
                product_id=uuid.UUID(int=2 * 10**6 + n),
                variant_id=uuid.UUID(int=10**6 + n),
                sku=f"S{n % 5}-{item[:3].upper()}-{n:05d}",
                name=f"{item.capitalize()} {material} nr {n % 97}",
                unit="pcs",
                updated_at=t0 + timedelta(minutes=n),
                created_at=t0 + timedelta(minutes=(n * 37) % COUNT),
                category_ids=[ROOT, leaf],
                category_names=["Fasteners", f"Leaf {leaf.int - 7200}"],
                attributes=[DocumentAttribute(code="material", name="Material", kind="enum", text=material)],
                in_stock=n % 4 != 0,
                stock_band=stock_band(Decimal(50 if n % 4 else 0)),
                lead_time_days=n % 6,
                base_price=Decimal(n % 500) / 10 + 1,
                currency="EUR",
            )
        )
    return found


async def _clear(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM search.document")
        await tx.execute("DELETE FROM search.document_body")


@pytest.fixture
async def backends(db: Database) -> AsyncIterator[tuple[PostgresBackend, PostgresBackend]]:
    await _clear(db)
    exact = PostgresBackend(db)
    docs = _documents()

    async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
        for start in range(0, len(docs), 1000):
            yield docs[start : start + 1000]

    await exact.rebuild(batches())
    yield exact, PostgresBackend(db, exact_limit=300, sample_min=60)
    await _clear(db)


def _query(q: str = "", **kw: object) -> SearchQuery:
    return SearchQuery(marketplace_id=MARKET, q=q, facets=FACETS, **kw)  # type: ignore[arg-type]


def _near(estimate: int, exact: int, within: float) -> bool:
    return abs(estimate - exact) <= within * exact


async def test_a_broad_query_is_estimated_from_its_sample(
    backends: tuple[PostgresBackend, PostgresBackend],
) -> None:
    exact, sampled = backends
    truth = await exact.search(_query("surub"))
    found = await sampled.search(_query("surub"))
    assert truth.counts_exact and truth.total == COUNT // 3
    assert not found.counts_exact and not found.total_exact
    assert _near(found.total, truth.total, 0.3), (found.total, truth.total)
    assert found.total == int(float(f"{found.total:.2g}"))  # shown as "about": two digits
    for key in ("supplier", "attr.material", "in_stock"):
        for value, count in truth.facets[key].items():
            assert _near(found.facets[key].get(value, 0), count, 0.5), (key, value, found.facets[key], count)
    assert found.hits and all(h.document.name.startswith("Surub") for h in found.hits)


async def test_a_narrow_query_is_counted_exactly(backends: tuple[PostgresBackend, PostgresBackend]) -> None:
    exact, sampled = backends
    query = SearchQuery(
        marketplace_id=MARKET,
        q="surub",
        filters={"supplier": ["s1"], "attr.material": ["zincat"]},
        facets=["in_stock"],
    )
    truth = await exact.search(query)
    found = await sampled.search(query)
    assert found.counts_exact and 0 < found.total <= 300
    assert (found.total, found.facets) == (truth.total, truth.facets)
    assert [h.document.id for h in found.hits] == [h.document.id for h in truth.hits]


async def test_few_matches_beside_many_loose_ones_are_counted_exactly(
    backends: tuple[PostgresBackend, PostgresBackend],
) -> None:
    """Two facet filters each broad, together narrow: the facet counts (which read the rows
    failing one filter) are estimated, the total is exact, never "about 0" above hits."""
    exact, sampled = backends
    for q in ("", "surub"):
        query = _query(q, filters={"supplier": ["s1"], "attr.material": ["zincat"]})
        truth = await exact.search(query)
        found = await sampled.search(query)
        assert not found.counts_exact and found.total_exact, q
        assert found.total == truth.total > 0, q
        assert {h.document.id for h in found.hits} <= {d.id for d in _documents()}
        assert all(h.document.supplier_slug == "s1" for h in found.hits)


@pytest.mark.parametrize("sort", ["name", "-name", "newest", "lead_time", "relevance"])
async def test_an_estimated_query_pages_in_its_exact_order(
    backends: tuple[PostgresBackend, PostgresBackend], sort: SearchSort
) -> None:
    """Every order but relevance with words reads its page from an index: the same pages
    as the exact count gives (no words: relevance is name order)."""
    exact, sampled = backends
    q = "" if sort == "relevance" else "surub"
    first = await sampled.search(_query(q, sort=sort, limit=10))
    assert not first.counts_exact and first.next_cursor
    second = await sampled.search(_query(q, sort=sort, limit=10, cursor=first.next_cursor))
    truth = await exact.search(_query(q, sort=sort, limit=20))
    assert [h.document.id for h in first.hits + second.hits] == [h.document.id for h in truth.hits]


async def test_a_relevance_page_is_ranked_within_a_stable_sample(
    backends: tuple[PostgresBackend, PostgresBackend],
) -> None:
    _, sampled = backends
    first = await sampled.search(_query("inox", limit=15))
    again = await sampled.search(_query("inox", limit=15))
    assert [h.document.id for h in first.hits] == [h.document.id for h in again.hits]
    shown = [h.document.id for h in first.hits]
    cursor = first.next_cursor
    while cursor:  # the pages run through the sample's ranking, each document once
        page = await sampled.search(_query("inox", limit=15, cursor=cursor))
        shown += [h.document.id for h in page.hits]
        cursor = page.next_cursor
    assert len(shown) == len(set(shown)) and 15 < len(shown) < first.total
    assert all("inox" in h.document.name.casefold() for h in first.hits)


async def test_a_sample_keeps_the_callers_suppliers_and_filters(
    backends: tuple[PostgresBackend, PostgresBackend],
) -> None:
    _, sampled = backends
    found = await sampled.search(_query("", tenant_ids=[SUPPLIERS[2]], in_stock=True))
    assert not found.counts_exact
    assert {h.document.tenant_id for h in found.hits} == {SUPPLIERS[2]}
    assert all(h.document.in_stock for h in found.hits)
    assert set(found.facets["supplier"]) == {"s2"}


async def test_no_query_word_reaches_a_sample_lexeme(
    backends: tuple[PostgresBackend, PostgresBackend],
) -> None:
    exact, _ = backends
    bucket = sample_bucket(_documents()[0].id)
    for q in (sample_lexeme(bucket, 0), sample_lexeme(bucket, 3), sample_lexeme(bucket, 0).lstrip("_")):
        assert (await exact.search(_query(q))).total == 0, q


async def test_the_sample_keys_are_the_migrations(db: Database) -> None:
    """Migration 0018 filled existing rows in SQL: the same bucket and ids as Python's."""
    ids = [doc.id for doc in _documents()[:50]]
    async with db.transaction() as tx:
        buckets = await tx.fetch(
            "SELECT b, ('x' || left(md5('sample:_s1_' || (b >> 2)), 16))::bit(64)::bigint AS f "
            "FROM unnest($1::text[]) WITH ORDINALITY AS u(i, n), get_byte(decode(md5(i), 'hex'), 0) AS b "
            "ORDER BY n",
            ids,
        )
    assert [r["b"] for r in buckets] == [sample_bucket(i) for i in ids]
    assert [r["f"] for r in buckets] == [facet_id("sample", sample_lexeme(sample_bucket(i), 1)) for i in ids]
