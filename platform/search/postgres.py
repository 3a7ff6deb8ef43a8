"""The PostgreSQL search backend (the default): the shared ``search`` schema.

Terms are made in Python (``search.text``, the same rules as every backend) and stored
as a weighted ``tsvector``; a query is a ``tsquery`` of the folded words, each OR its
synonyms, the last one a prefix. A word no document has is replaced by the nearest
indexed term (trigram distance, then edit distance ≤ 1, ≤ 2 from 8 letters on) and the
answer says so (``corrected_query``). Filters, sorts and facet counts are one statement
over the marketplace's matching documents.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from collections.abc import AsyncIterable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec

from hansa.core.db import Database, Tx
from hansa.search.backend import BadCursor, Progress
from hansa.search.schemas import (
    DocumentVersion,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    Suggestion,
    Suggestions,
)
from hansa.search.text import damerau, fold, highlights, query_terms, vocabulary, weighted_terms

_ENCODER = msgspec.json.Encoder(decimal_format="string")
_DECODER = msgspec.json.Decoder(SearchDocument)
_VERSION_DECODER = msgspec.json.Decoder(DocumentVersion)
_BODILESS = DocumentVersion(updated_at=datetime.min.replace(tzinfo=UTC))
# the narrow matching row; the body is in search.document_body, read for a page's hits only
_COLUMNS = (
    "id, tenant_id, marketplace_ids, category_ids, offer_key, name_key, terms, facets, attr_number, "
    "in_stock, lead_time_days, base_price, created_at, updated_at"
)
_ORDER = {
    "relevance": 'score DESC, name_key COLLATE "C", id',
    "name": 'name_key COLLATE "C", id',
    "-name": 'name_key COLLATE "C" DESC, id',
    "newest": "created_at DESC, id",
    "price": 'base_price NULLS LAST, name_key COLLATE "C", id',
    "-price": 'base_price DESC NULLS LAST, name_key COLLATE "C", id',
    "lead_time": 'lead_time_days, name_key COLLATE "C", id',
}
# what each order reads besides id and score (the matches kept in memory stay narrow)
_SORT_COLUMNS = {
    "relevance": "name_key",
    "name": "name_key",
    "-name": "name_key",
    "newest": "created_at",
    "price": "base_price, name_key",
    "-price": "base_price, name_key",
    "lead_time": "lead_time_days, name_key",
}
_RANGE_COLUMNS = {"base_price": "base_price", "lead_time_days": "lead_time_days"}
# Broad queries (docs/search.md, "Broad queries"): up to EXACT_LIMIT matches are counted
# exactly; above, the total and the facet counts are estimated from a sample of the matches
# of SAMPLE_MIN to 4 x SAMPLE_MIN rows, which also ranks a relevance page. A document's
# sample bucket (0..255, from its id) is indexed as one lexeme per level, so a sample is a
# single extra GIN entry of the query and costs what it holds, not what the query matches.
EXACT_LIMIT = 5_000
SAMPLE_MIN = 500
SAMPLE_LEVELS = 4  # level L holds 4**L of the 256 buckets: 1/256, 1/64, 1/16, 1/4
PREFIX_TERMS = 32  # a query's last word stands for the indexed terms it starts, up to this many
SUGGEST_CANDIDATES = 50  # type-ahead: products matching a word anywhere, ordered among this many
NEAREST_CANDIDATES = 20
# per search transaction: no JIT (compiling costs more than these short statements run);
# room for the matches kept in memory (MATERIALIZED) without spilling to disk; and a plan
# for each query's own values: after five runs of a prepared statement PostgreSQL may keep a
# generic plan, blind to how many documents the words match (a SKU prefix: 1 ms became 40)
_SEARCH_SETTINGS = (
    "SET LOCAL jit = off; SET LOCAL work_mem = '16MB'; SET LOCAL plan_cache_mode = force_custom_plan"
)


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def facet_id(facet: str, value: str) -> int:
    """A facet value's compact id: the first 8 bytes of md5('<facet>:<value>'), signed (the
    migration 0016_search_speed.sql computes the same in SQL)."""
    digest = hashlib.md5(f"{facet}:{value}".encode(), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def facet_values(doc: SearchDocument) -> list[tuple[str, str]]:
    """The (facet, value) pairs a document is counted under and filtered by."""
    found = [("category", str(c)) for c in doc.category_ids]
    found.append(("supplier", doc.supplier_slug))
    if doc.manufacturer is not None:
        found.append(("manufacturer", doc.manufacturer))
    found.append(("in_stock", "true" if doc.in_stock else "false"))
    found += [(f"attr.{a.code}", a.text) for a in doc.attributes if a.kind != "number" and a.text is not None]
    return found


def sample_bucket(key: str) -> int:
    """0..255 from a document id (or a query's words): the first byte of its md5, as the
    migration 0018_search_sample.sql computes in SQL."""
    return hashlib.md5(key.encode(), usedforsecurity=False).digest()[0]


def sample_lexeme(bucket: int, level: int) -> str:
    """The lexeme shared by the buckets of one level-``level`` window. It starts with "_",
    which no query word can (``text`` strips it), so only a sample condition matches it."""
    return f"_s{level}_{bucket >> (2 * level)}"


def _sample_lexemes(doc_id: str) -> list[str]:
    bucket = sample_bucket(doc_id)
    return [sample_lexeme(bucket, level) for level in range(SAMPLE_LEVELS)]


def _vector(weighted: dict[str, list[str]]) -> str:
    """The document's tsvector literal: each term once, at its highest weight."""
    best: dict[str, str] = {}
    for weight, found in weighted.items():
        for term in found:
            if term not in best or weight < best[term]:
                best[term] = weight
    return " ".join(f"{_quote(term)}:1{weight}" for term, weight in best.items())


def _array(values: Sequence[Any]) -> str:
    # arrays travel as text: unnest cannot take an array of arrays of uneven length
    return "{" + ",".join(str(v) for v in values) + "}"


def _row(doc: SearchDocument, weighted: dict[str, list[str]]) -> tuple[Any, ...]:
    samples = _sample_lexemes(doc.id)
    number = {a.code: str(a.number) for a in doc.attributes if a.kind == "number" and a.number is not None}
    return (
        doc.id,
        doc.tenant_id,
        _array(doc.marketplace_ids),
        _array(doc.category_ids),
        doc.offer_key(),
        fold(doc.name),
        f"{_vector(weighted)} {' '.join(_quote(lexeme) for lexeme in samples)}",
        _array(
            sorted({facet_id(f, v) for f, v in facet_values(doc)} | {facet_id("sample", x) for x in samples})
        ),
        json.dumps(number),
        doc.in_stock,
        doc.lead_time_days,
        doc.base_price,
        doc.created_at,
        doc.updated_at,
        _ENCODER.encode(doc),
    )


def _named(documents: Sequence[SearchDocument]) -> set[str]:
    """The names type-ahead offers: products', their categories', their suppliers'."""
    return {n for doc in documents for n in (doc.name, doc.supplier_name, *doc.category_names)}


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("not a cursor of this search") from exc
    if not text.startswith("o") or not text[1:].isdigit() or len(text) > 12:
        raise BadCursor("not a cursor of this search")
    return int(text[1:])


@dataclass(frozen=True, slots=True)
class _Sample:
    lexeme: str  # the window's lexeme in ``terms`` (sample_lexeme)
    facet: int  # the same window's id in ``facets`` (facet_id("sample", lexeme))
    scale: int  # documents per sampled one: 256 / 4**level

    @classmethod
    def of(cls, bucket: int, level: int) -> _Sample:
        lexeme = sample_lexeme(bucket, level)
        return cls(lexeme, facet_id("sample", lexeme), 256 // 4**level)


class _Bound:
    """Filter conditions by key, each value bound as a parameter on the condition's first
    use (a parameter bound and never used is an error to asyncpg)."""

    def __init__(self, p: _Params, found: dict[str, tuple[str, Any]]) -> None:
        self._p = p
        self._found = found
        self._bound: dict[str, str] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __contains__(self, key: object) -> bool:
        return key in self._found

    def __getitem__(self, key: str) -> str:
        if key not in self._bound:
            template, value = self._found[key]
            self._bound[key] = template.format(self._p.add(value))
        return self._bound[key]


def _about(estimate: float) -> int:
    """An estimate rounded to two significant digits (about 33,000, not 33,408)."""
    return int(float(f"{estimate:.2g}")) if estimate > 0 else 0


class _Params:
    def __init__(self) -> None:
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


# a batch of documents as rows (one array per column)
_ROWS = """
    SELECT r.id, r.tenant_id, r.marketplace_ids::uuid[] AS marketplace_ids,
           r.category_ids::uuid[] AS category_ids, r.offer_key, r.name_key, r.terms::tsvector AS terms,
           r.facets::bigint[] AS facets, r.attr_number::jsonb AS attr_number, r.in_stock,
           r.lead_time_days, r.base_price, r.created_at, r.updated_at, r.body
    FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::bool[], $11::int[], $12::numeric[], $13::timestamptz[],
                $14::timestamptz[], $15::bytea[])
         AS r(id, tenant_id, marketplace_ids, category_ids, offer_key, name_key, terms, facets,
              attr_number, in_stock, lead_time_days, base_price, created_at, updated_at, body)
"""
_PUT_BODIES = (
    "INSERT INTO search.document_body (id, body) SELECT id, body FROM {rows} "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body"
)
# SQL: a batch in one statement: the matching rows, their bodies beside
_INSERT = f"""
    WITH rows AS MATERIALIZED ({_ROWS}),
    documents AS (INSERT INTO search.document ({_COLUMNS}) SELECT {_COLUMNS} FROM rows)
    {_PUT_BODIES.format(rows="rows")}
"""
_STAGE = (
    f"INSERT INTO search.staging (build_id, {_COLUMNS}, body) "
    f"SELECT $16::uuid, {_COLUMNS}, body FROM ({_ROWS}) r"
)


def _prepare(documents: Sequence[SearchDocument]) -> tuple[list[list[Any]], list[str]]:
    """A batch as its rows' columns and the terms it indexes; each document's terms are made
    once (they are most of the write path's time)."""
    rows: list[tuple[Any, ...]] = []
    terms: set[str] = set()
    for doc in documents:
        weighted = weighted_terms(doc)
        terms.update(t for found in weighted.values() for t in found)
        rows.append(_row(doc, weighted))
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(15)]
    return columns, sorted(terms)


def _correctable(word: str) -> bool:
    # sizes and codes are not typos of each other (M8 is not M6)
    return len(word) >= 3 and not any(c.isdigit() for c in word)


class PostgresBackend:
    name = "postgres"

    def __init__(self, db: Database, *, exact_limit: int = EXACT_LIMIT, sample_min: int = SAMPLE_MIN) -> None:
        self.db = db
        self.exact_limit = exact_limit  # tests lower both to sample a small index
        self.sample_min = sample_min

    # --- writing -----------------------------------------------------------------

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        async with self.db.transaction() as tx:
            await self.upsert_in(tx, documents)

    async def upsert_in(self, tx: Tx, documents: Sequence[SearchDocument]) -> None:
        """``upsert`` inside a caller's transaction (an indexing job's)."""
        if not documents:
            return
        ids = [doc.id for doc in documents]
        # SQL: replace by id in two set-based statements (delete, then insert the batch)
        await tx.execute("DELETE FROM search.document WHERE id = ANY($1::text[])", ids)
        columns, terms = _prepare(documents)
        await tx.execute(_INSERT, *columns)
        await self._names(tx, documents, terms)

    async def _names(self, tx: Tx, documents: Sequence[SearchDocument], terms: list[str]) -> None:
        # SQL: the vocabulary, the facet values and the names type-ahead offers, one
        # statement each per batch (in key order: concurrent batches lock alike)
        await tx.execute(
            "INSERT INTO search.term (term) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
            terms,
        )
        values = sorted({(facet_id(f, v), f, v) for doc in documents for f, v in facet_values(doc)})
        await tx.execute(
            "INSERT INTO search.facet_value (id, facet, value) "
            "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING",
            [i for i, _, _ in values],
            [f for _, f, _ in values],
            [v for _, _, v in values],
        )
        await tx.execute(
            "INSERT INTO search.suggest_word (word) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
            sorted(vocabulary(_named(documents))),
        )
        categories = {
            c: n for doc in documents for c, n in zip(doc.category_ids, doc.category_names, strict=False)
        }
        await tx.execute(
            "INSERT INTO search.category_name (category_id, name) "
            "SELECT * FROM unnest($1::uuid[], $2::text[]) "
            "ON CONFLICT (category_id) DO UPDATE SET name = excluded.name",
            list(categories),
            list(categories.values()),
        )
        suppliers = {doc.tenant_id: (doc.supplier_slug, doc.supplier_name) for doc in documents}
        await tx.execute(
            "INSERT INTO search.supplier_name (tenant_id, slug, name) "
            "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) "
            "ON CONFLICT (tenant_id) DO UPDATE SET slug = excluded.slug, name = excluded.name",
            list(suppliers),
            [s for s, _ in suppliers.values()],
            [n for _, n in suppliers.values()],
        )

    async def delete(self, ids: Sequence[str]) -> None:
        async with self.db.transaction() as tx:
            await self.delete_in(tx, ids)

    async def delete_in(self, tx: Tx, ids: Sequence[str]) -> None:
        await tx.execute("DELETE FROM search.document WHERE id = ANY($1::text[])", list(ids))
        await tx.execute("DELETE FROM search.document_body WHERE id = ANY($1::text[])", list(ids))

    async def delete_tenant(self, tenant_id: uuid.UUID) -> None:
        async with self.db.transaction() as tx:
            await self.delete_tenant_in(tx, tenant_id)

    async def delete_tenant_in(self, tx: Tx, tenant_id: uuid.UUID) -> None:
        await tx.execute(
            "WITH gone AS (DELETE FROM search.document WHERE tenant_id = $1 RETURNING id) "
            "DELETE FROM search.document_body WHERE id IN (SELECT id FROM gone)",
            tenant_id,
        )

    async def rebuild(
        self,
        batches: AsyncIterable[Sequence[SearchDocument]],
        *,
        tenant_id: uuid.UUID | None = None,
        progress: Progress | None = None,
    ) -> int:
        build_id = uuid.uuid4()
        written = 0
        async with self.db.transaction() as tx:
            started = await tx.fetchval("SELECT clock_timestamp()")
        try:
            async for batch in batches:
                if not batch:
                    continue
                columns, terms = _prepare(batch)
                async with self.db.transaction() as tx:
                    await tx.execute(_STAGE, *columns, build_id)
                    await self._names(tx, batch, terms)
                written += len(batch)
                if progress is not None:
                    progress(written)
            async with self.db.transaction() as tx:
                await self._swap(tx, build_id, tenant_id, started)
        finally:
            async with self.db.transaction() as tx:
                await tx.execute("DELETE FROM search.staging WHERE build_id = $1", build_id)
        if tenant_id is None:
            await self._prune_facet_values()
        return written

    async def _prune_facet_values(self) -> None:
        """After a whole rebuild: forget the facet values no document has any more (an
        upsert adds the values it brings; nothing else removes them). Writers of new values
        wait for the lock, so none is pruned between the scan and the delete."""
        async with self.db.transaction() as tx:
            await tx.execute("LOCK TABLE search.facet_value IN SHARE ROW EXCLUSIVE MODE")
            # SQL: the values in use, from one pass over the documents' facet ids
            await tx.execute(
                "DELETE FROM search.facet_value WHERE id NOT IN "
                "(SELECT DISTINCT f FROM search.document, unnest(facets) AS f)"
            )

    async def _swap(
        self, tx: Tx, build_id: uuid.UUID, tenant_id: uuid.UUID | None, started: datetime
    ) -> None:
        """The built documents replace the old ones in one transaction: searches see the
        old set or the new one, never an empty index. A document an indexing job wrote
        while the build ran (``indexed_at`` after its start) is newer and stays."""
        scope = "TRUE" if tenant_id is None else "tenant_id = $2"
        # SQL: set-based swap: drop the old scope but the rows written during the build
        # (and their bodies), then copy the staged rows those rows do not shadow
        await tx.execute(
            "WITH gone AS (DELETE FROM search.document "
            f"  WHERE indexed_at < $1 AND {scope} RETURNING id) "
            "DELETE FROM search.document_body WHERE id IN (SELECT id FROM gone)",
            started,
            *([tenant_id] if tenant_id is not None else []),
        )
        await tx.execute(
            f"WITH added AS (INSERT INTO search.document ({_COLUMNS}) SELECT {_COLUMNS} FROM search.staging "
            f"  WHERE build_id = $1 AND {scope} ON CONFLICT (id) DO NOTHING RETURNING id), "
            "rows AS (SELECT s.id, s.body FROM search.staging s JOIN added USING (id) WHERE s.build_id = $1) "
            + _PUT_BODIES.format(rows="rows"),
            build_id,
            *([tenant_id] if tenant_id is not None else []),
        )

    async def set_synonyms(self, marketplace_id: uuid.UUID, groups: Sequence[Sequence[str]]) -> None:
        rows = {
            term: number
            for number, group in enumerate(groups)
            for word in group
            for term in query_terms(word)[:1]
        }
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM search.synonym WHERE marketplace_id = $1", marketplace_id)
            # SQL: a synonym no document has yet is still a word "did you mean" may offer
            await tx.execute(
                "INSERT INTO search.term (term) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", list(rows)
            )
            # and a word type-ahead may correct a typo to ("inxo": "inox", the demo's names say "stainless")
            await tx.execute(
                "INSERT INTO search.suggest_word (word) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
                sorted(vocabulary(rows)),
            )
            await tx.execute(
                "INSERT INTO search.synonym (marketplace_id, group_no, term) "
                "SELECT $1::uuid, * FROM unnest($2::int[], $3::text[])",
                marketplace_id,
                list(rows.values()),
                list(rows),
            )

    async def synonyms(self, marketplace_id: uuid.UUID) -> list[list[str]]:
        async with self.db.transaction() as tx:
            rows = await tx.fetch(
                "SELECT array_agg(term ORDER BY term) AS terms FROM search.synonym "
                "WHERE marketplace_id = $1 GROUP BY group_no ORDER BY group_no",
                marketplace_id,
            )
        return [list(r["terms"]) for r in rows]

    # --- reading -----------------------------------------------------------------

    async def count(self, *, tenant_id: uuid.UUID | None = None) -> int:
        async with self.db.transaction() as tx:
            if tenant_id is None:
                return int(await tx.fetchval("SELECT count(*) FROM search.document"))
            return int(
                await tx.fetchval("SELECT count(*) FROM search.document WHERE tenant_id = $1", tenant_id)
            )

    async def versions(self, tenant_id: uuid.UUID) -> dict[str, DocumentVersion]:
        async with self.db.transaction() as tx:
            rows = await tx.fetch(
                "SELECT d.id, b.body FROM search.document d LEFT JOIN search.document_body b USING (id)"
                " WHERE d.tenant_id = $1",
                tenant_id,
            )
        # the body decoded into the few fields compared (msgspec skips the rest); a document
        # without its body is as old as can be: the drift check rewrites it
        return {r["id"]: _VERSION_DECODER.decode(r["body"]) if r["body"] else _BODILESS for r in rows}

    async def _expand(
        self, tx: Tx, marketplace_id: uuid.UUID, words: list[str]
    ) -> tuple[list[list[str]], str | None]:
        """Each word with its synonyms, unknown words replaced by the nearest indexed term.
        Returns the groups and, when a word was corrected, the corrected query."""
        if not words:
            return [], None
        # SQL: one round trip for every word: its synonyms and whether any term has it
        # (the last word as a prefix: type-ahead)
        rows = await tx.fetch(
            """
            SELECT w.word, w.n,
                   ARRAY(SELECT s2.term FROM search.synonym s1
                         JOIN search.synonym s2 ON s2.marketplace_id = s1.marketplace_id
                              AND s2.group_no = s1.group_no
                         WHERE s1.marketplace_id = $1 AND s1.term = w.word) AS synonyms,
                   EXISTS (SELECT 1 FROM search.term t
                           WHERE t.term >= w.word AND t.term < w.word || chr(1114111)
                             AND (w.n = $3 OR t.term = w.word)) AS known
            FROM unnest($2::text[]) WITH ORDINALITY AS w(word, n)
            ORDER BY w.n
            """,
            marketplace_id,
            words,
            len(words),
        )
        unknown = [r for r in rows if not r["known"] and not r["synonyms"] and _correctable(r["word"])]
        nearest = await self._nearest(tx, marketplace_id, sorted({r["word"] for r in unknown}))
        groups: list[list[str]] = []
        shown: list[str] = []
        corrected = False
        for row in rows:
            word, synonyms = row["word"], row["synonyms"]
            if row in unknown and word in nearest:
                word, synonyms = nearest[word]
                corrected = True
            shown.append(word)
            groups.append(sorted({word, *synonyms}))
        return groups, " ".join(shown) if corrected else None

    async def _nearest(
        self, tx: Tx, marketplace_id: uuid.UUID, words: list[str]
    ) -> dict[str, tuple[str, list[str]]]:
        """Each word's nearest indexed term (with its synonyms), for the words that have one."""
        if not words:
            return {}
        # SQL: one round trip for every unknown word: the nearest terms without a digit by
        # trigram distance (the partial GiST index), each with its synonyms; edit distance here
        rows = await tx.fetch(
            """
            SELECT w.word, c.term, c.n,
                   ARRAY(SELECT s2.term FROM search.synonym s1
                         JOIN search.synonym s2 ON s2.marketplace_id = s1.marketplace_id
                              AND s2.group_no = s1.group_no
                         WHERE s1.marketplace_id = $1 AND s1.term = c.term) AS synonyms
            FROM unnest($2::text[]) AS w(word)
            CROSS JOIN LATERAL unnest(ARRAY(
                SELECT t.term FROM search.term t WHERE t.term !~ '[0-9]'
                ORDER BY t.term OPERATOR(public.<->) w.word LIMIT $3)) WITH ORDINALITY AS c(term, n)
            """,
            marketplace_id,
            words,
            NEAREST_CANDIDATES,
        )
        best: dict[str, tuple[int, int, str, list[str]]] = {}
        for r in rows:
            word = r["word"]
            distance = damerau(word, r["term"])
            if distance > (1 if len(word) < 8 else 2):
                continue
            found = (distance, r["n"], r["term"], list(r["synonyms"]))
            if word not in best or found[:2] < best[word][:2]:
                best[word] = found
        return {word: (term, synonyms) for word, (_, _, term, synonyms) in best.items()}

    def _tsquery(
        self,
        groups: list[list[str]],
        *,
        open_terms: Collection[str] | None = None,
        weights: str = "",
    ) -> str:
        """The words' tsquery: each group an OR, the groups AND-ed. The last group's terms
        are prefixes (type-ahead): all of them, or only ``open_terms`` when the others were
        completed into indexed terms (``_complete``)."""
        parts = []
        for i, group in enumerate(groups):
            last = i == len(groups) - 1
            alternatives = []
            for term in group:
                suffix = (":*" if last and (open_terms is None or term in open_terms) else "") + weights
                alternatives.append(f"{_quote(term)}:{suffix.lstrip(':')}" if suffix else _quote(term))
            parts.append("(" + " | ".join(alternatives) + ")")
        return " & ".join(parts)

    async def _complete(self, tx: Tx, groups: list[list[str]]) -> tuple[list[list[str]], frozenset[str]]:
        """The last group's prefixes completed into the indexed terms they start, when few
        do (at most PREFIX_TERMS each): GIN reads a prefix by gathering every match of every
        term it starts before anything else narrows them ("surub" at 1M variants: 125,000),
        whereas whole terms let the sample's entry skip to its own matches. Returns the
        groups and the terms left open (prefixes)."""
        if not groups:
            return groups, frozenset()
        # SQL: each prefix's first PREFIX_TERMS + 1 terms, in one round trip
        rows = await tx.fetch(
            "SELECT g.term, ARRAY(SELECT t.term FROM search.term t "
            "  WHERE t.term >= g.term AND t.term < g.term || chr(1114111) ORDER BY t.term LIMIT $2) AS terms "
            "FROM unnest($1::text[]) AS g(term)",
            groups[-1],
            PREFIX_TERMS + 1,
        )
        completed: set[str] = set()
        still_open: set[str] = set()
        for row in rows:
            if not row["terms"] or len(row["terms"]) > PREFIX_TERMS:  # none: it matches nothing as it is
                still_open.add(row["term"])
            else:
                completed.update(row["terms"])
        return [*groups[:-1], sorted(completed | still_open)], frozenset(still_open)

    async def search(self, query: SearchQuery) -> SearchResult:
        offset = decode_cursor(query.cursor) if query.cursor else 0
        words = query_terms(query.q)
        async with self.db.transaction() as tx:
            await tx.execute(_SEARCH_SETTINGS)
            groups, corrected = await self._expand(tx, query.marketplace_id, words)
            groups, open_terms = await self._complete(tx, groups)
            text = self._tsquery(groups, open_terms=open_terms) if groups else ""
            sample = await self._sample(tx, query, text)
            sql, params = self._search_sql(query, text, offset, sample)
            row = await tx.fetchrow(sql, *params.values)
            assert row is not None
            bodies, scores = row["bodies"], row["scores"]
            counted = int(row["total"])
            scale = sample.scale if sample else 1
            ranked_in_sample = sample is None or (bool(text) and query.sort == "relevance")
            # few strict matches beside many loose ones (facets): counted exactly, so a narrow
            # choice of filters never shows "about 0" above its hits
            exact_total = counted if sample is None else None
            few = counted * scale <= self.exact_limit
            if sample is not None and (not ranked_in_sample or few):
                sql, params = self._page_sql(query, text, offset, rows=not ranked_in_sample, count=few)
                page = await tx.fetchrow(sql, *params.values)
                assert page is not None
                if not ranked_in_sample:
                    bodies, scores = page["bodies"], page["scores"]
                exact_total = page["total"]
        total = exact_total if exact_total is not None else _about(counted * scale)
        hits = [
            SearchHit(
                document=(doc := _DECODER.decode(body)),
                score=float(score),
                name_highlights=highlights(doc.name, [t for g in groups for t in g]),
            )
            for body, score in zip(bodies, scores, strict=True)
            if body is not None  # a row without its body (only hand-made: every write puts both)
        ]
        facets = {
            k: {
                str(v): int(n) if sample is None else _about(int(n) * scale)
                for v, n in (counts or {}).items()
            }
            for k, counts in (row["facets"] or {}).items()
        }
        # an estimate pages through the sample's ranking, or as deep as EXACT_LIMIT rows
        reachable = (
            total
            if sample is None
            else min(total, counted)
            if ranked_in_sample
            else min(total, self.exact_limit)
        )
        return SearchResult(
            hits=hits,
            total=total,
            facets={k: facets.get(k, {}) for k in query.facets},
            corrected_query=corrected,
            next_cursor=encode_cursor(offset + query.limit) if offset + query.limit < reachable else None,
            total_exact=exact_total is not None,
            counts_exact=sample is None,
        )

    async def _sample(self, tx: Tx, query: SearchQuery, text: str) -> _Sample | None:
        """None when the query matches at most EXACT_LIMIT documents: they are counted
        exactly. Else the sample to estimate from: the smallest window of buckets holding
        SAMPLE_MIN of the matches. A query's window is the same every time (its bucket comes
        from its words), so its pages are stable, and another query samples other buckets."""
        bucket = sample_bucket(text)
        probe = _Sample.of(bucket, 0)
        p = _Params()
        where, _, _ = self._where(query, text, p, probe)
        # SQL: the matches of one bucket in 256 (one GIN entry more: it reads what it counts)
        found = int(
            await tx.fetchval(f"SELECT count(*) FROM search.document WHERE {' AND '.join(where)}", *p.values)
        )
        if found * probe.scale <= self.exact_limit:
            return None
        level = next(
            (lv for lv in range(SAMPLE_LEVELS) if found * 4**lv >= self.sample_min), SAMPLE_LEVELS - 1
        )
        return _Sample.of(bucket, level)

    def _filters(self, query: SearchQuery, p: _Params) -> _Bound:
        """Each facet filter as a condition: a GIN-indexed overlap of facet value ids (OR
        within one key); an offer is a column. A value is bound only when its condition is
        first used (a lone loose facet's is not, outside its counts)."""
        found: dict[str, tuple[str, Any]] = {}
        for key, values in query.filters.items():
            if not values:
                continue
            if key == "offer":
                found[key] = ("offer_key = ANY({}::text[])", values)
                continue
            if key == "category":
                values = [str(uuid.UUID(v)) for v in values]
            found[key] = ("facets && {}::bigint[]", [facet_id(key, v) for v in values])
        if query.in_stock:
            found["in_stock"] = ("facets && {}::bigint[]", [facet_id("in_stock", "true")])
        return _Bound(p, found)

    def _where(
        self,
        query: SearchQuery,
        text: str,
        p: _Params,
        sample: _Sample | None,
        *,
        strict: bool = False,
    ) -> tuple[list[str], _Bound, list[str]]:
        """The conditions of the documents a search reads: the matches and, unless
        ``strict``, those failing only one filter of a facet asked for (their facet's counts
        leave its own filter out); with the filter conditions and the facets kept loose.
        A sample's key joins every GIN-indexed condition: the words' tsquery, and each group
        of facet filters, so each index scan reads only the sample's entries."""
        where = [f"marketplace_ids @> ARRAY[{p.add(query.marketplace_id)}::uuid]"]
        if sample is not None and text:
            text = f"({text}) & {_quote(sample.lexeme)}"
        if text:
            where.append(f"terms @@ {p.add(text)}::tsquery")
        if query.tenant_ids is not None:
            where.append(f"tenant_id = ANY({p.add(list(query.tenant_ids))}::uuid[])")
        for key, bounds in query.ranges.items():
            column = _RANGE_COLUMNS.get(key) or f"(attr_number->>{p.add(key.removeprefix('attr.'))})::numeric"
            if bounds.min is not None:
                where.append(f"{column} >= {p.add(bounds.min)}::numeric")
            if bounds.max is not None:
                where.append(f"{column} <= {p.add(bounds.max)}::numeric")
        conditions = self._filters(query, p)
        loose = [] if strict else [k for k in conditions if k in query.facets]
        where += [conditions[k] for k in conditions if k not in loose]
        # with words and no loose facets, the tsquery's sample entry alone narrows the scan
        in_sample = (
            f"facets @> ARRAY[{p.add(sample.facet)}::bigint]"
            if sample is not None and (len(loose) > 1 or not text)
            else None
        )
        if len(loose) > 1:  # every "all but one" as a GIN bitmap, OR-ed
            where.append(
                "("
                + " OR ".join(
                    "("
                    + " AND ".join(
                        [conditions[k] for k in loose if k != left_out] + ([in_sample] if in_sample else [])
                    )
                    + ")"
                    for left_out in loose
                )
                + ")"
            )
        elif in_sample:
            where.append(in_sample)
        return where, conditions, loose

    def _search_sql(
        self, query: SearchQuery, text: str, offset: int, sample: _Sample | None
    ) -> tuple[str, _Params]:
        p = _Params()
        score = "0::real"
        if text and query.sort == "relevance":  # ranking every match is costly: only when it orders
            score = f"ts_rank(terms, {p.add(text)}::tsquery)"
        where, conditions, loose = self._where(query, text, p, sample)
        # A facet's counts leave out its own filter: the rows kept are those failing at most
        # one filter of a facet asked for ("miss": which one, 0 none)
        miss = (
            "CASE "
            + " ".join(f"WHEN ({conditions[k]}) IS NOT TRUE THEN {i}" for i, k in enumerate(loose, 1))
            + " ELSE 0 END"
            if loose
            else "0"
        )
        facets = "NULL::jsonb"
        if query.facets:
            # SQL: every facet's counts in one pass over the kept matches' value ids, named
            # through facet_value; a value counts for its facet when the row misses no
            # filter or only that facet's own
            facets = f"""(
                SELECT jsonb_object_agg(facet, counts) FROM (
                    SELECT facet, jsonb_object_agg(value, n) AS counts FROM (
                        SELECT v.facet, v.value, sum(c.n) AS n
                        FROM (SELECT f, {"miss" if loose else "0 AS miss"}, count(*) AS n
                              FROM (SELECT unnest(facets) AS f{", miss" if loose else ""} FROM base) u
                              GROUP BY 1, 2) c
                        JOIN search.facet_value v ON v.id = c.f
                        WHERE v.facet = ANY({p.add(list(query.facets))}::text[])
                          AND (c.miss = 0 OR ({p.add(loose)}::text[])[c.miss] = v.facet)
                        GROUP BY v.facet, v.value) fv
                    GROUP BY facet) ff)"""
        order = _ORDER[query.sort]
        limit, skip = p.add(query.limit), p.add(offset)
        # SQL: one statement: the marketplace's matches once (MATERIALIZED, narrow rows), or
        # the sample's, the page (bodies read for its hits only), the total and every facet's
        # counts from them
        sql = f"""
            WITH base AS MATERIALIZED (
                SELECT id, {_SORT_COLUMNS[query.sort]}, {score} AS score,
                       {"facets" if query.facets else "NULL::bigint[] AS facets"}, {miss} AS miss
                FROM search.document WHERE {" AND ".join(where)}
            ),
            page AS (
                SELECT array_agg(id ORDER BY {order}) AS ids, array_agg(score ORDER BY {order}) AS scores
                FROM (SELECT * FROM base WHERE miss = 0 ORDER BY {order} LIMIT {limit} OFFSET {skip}) top
            )
            SELECT (SELECT count(*) FROM base WHERE miss = 0) AS total,
                   ARRAY(SELECT b.body FROM page, unnest(page.ids) WITH ORDINALITY AS u(id, n)
                         LEFT JOIN search.document_body b USING (id) ORDER BY u.n) AS bodies,
                   (SELECT coalesce(scores, '{{}}') FROM page) AS scores,
                   {facets} AS facets
        """
        return sql, p

    def _page_sql(
        self, query: SearchQuery, text: str, offset: int, *, rows: bool, count: bool
    ) -> tuple[str, _Params]:
        """A broad query's strict matches, without ranking: the page in its exact order
        (``rows``: the first rows of a sort index that match; many do, so the walk is
        short) and their exact number (``count``: only when the sample says they are few)."""
        p = _Params()
        where, _, _ = self._where(query, text, p, None, strict=True)
        matching = f"search.document WHERE {' AND '.join(where)}"
        if not rows:
            return f"SELECT count(*) AS total FROM {matching}", p
        order = _ORDER["name" if query.sort == "relevance" else query.sort]
        # the count beside the page needs every match (a few, or it is not asked): no index walk
        total = "count(*) OVER ()" if count else "NULL::bigint"
        # SQL: the page's ids by the order's index (and the count), then their bodies in order
        sql = f"""
            WITH top AS MATERIALIZED (
                SELECT id, {_SORT_COLUMNS[query.sort]}, total, row_number() OVER (ORDER BY {order}) AS n
                FROM (SELECT id, {_SORT_COLUMNS[query.sort]}, {total} AS total FROM {matching}
                      ORDER BY {order} LIMIT {p.add(query.limit)} OFFSET {p.add(offset)}) d
            )
            SELECT ARRAY(SELECT b.body FROM top LEFT JOIN search.document_body b USING (id) ORDER BY top.n)
                       AS bodies,
                   ARRAY(SELECT 0::real FROM top) AS scores,
                   (SELECT max(total) FROM top) AS total
        """
        return sql, p

    async def suggest(
        self,
        marketplace_id: uuid.UUID,
        q: str,
        *,
        tenant_ids: Sequence[uuid.UUID] | None = None,
        limit: int = 5,
    ) -> Suggestions:
        words = query_terms(q)
        if not words:
            return Suggestions()
        tenants = list(tenant_ids) if tenant_ids is not None else None
        async with self.db.transaction() as tx:
            shown, groups = await self._suggest_words(tx, marketplace_id, words)
            prefix = " ".join(shown)
            row = await tx.fetchrow(
                _SUGGEST,
                marketplace_id,
                prefix,
                self._tsquery(groups, weights="A"),
                tenants,
                limit,
                SUGGEST_CANDIDATES,
                prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),
            )
        assert row is not None
        alternatives = [t for g in groups for t in g]
        return Suggestions(
            products=[
                Suggestion(value=doc.id, label=doc.name, highlights=highlights(doc.name, alternatives))
                for doc in (_DECODER.decode(body) for body in row["products"])
            ],
            categories=[
                Suggestion(value=str(c), label=name, highlights=highlights(name, [prefix]))
                for c, name in row["categories"]
            ],
            suppliers=[
                Suggestion(value=slug, label=name, highlights=highlights(name, [prefix]))
                for slug, name in row["suppliers"]
            ],
        )

    async def _suggest_words(
        self, tx: Tx, marketplace_id: uuid.UUID, words: list[str]
    ) -> tuple[list[str], list[list[str]]]:
        """The words as type-ahead reads them (a word no term starts with: the closest word
        of the names' vocabulary, ``search.suggest_word``) and each one's synonyms."""
        # SQL: one round trip: each word's synonyms, whether a term has it (the last as a
        # prefix), and for an unknown word of letters the 20 nearest vocabulary words, each
        # with its synonyms
        rows = await tx.fetch(_SUGGEST_WORDS, marketplace_id, words, len(words))
        shown: list[str] = []
        groups: list[list[str]] = []
        for row in rows:
            word, synonyms = row["word"], list(row["synonyms"])
            if not (row["known"] or synonyms):
                near = {candidate: list(alike) for candidate, alike in row["near"]}
                better = _closest(word, list(near), prefix=row["last"])
                if better is not None:
                    word, synonyms = better, near[better]
            shown.append(word)
            groups.append(sorted({word, *synonyms}))
        return shown, groups


def _closest(word: str, candidates: Sequence[str], *, prefix: bool) -> str | None:
    """The candidate within 1 edit (2 from 8 letters; a swap is one), the nearest first;
    the last word is compared with the candidates' beginnings too ("hexga" → "hexagonal")."""
    allowed = 1 if len(word) < 8 else 2
    scored = []
    for i, candidate in enumerate(candidates):
        whole = distance = damerau(word, candidate)
        if prefix:
            ends = range(max(len(word) - 1, 1), len(word) + 2)
            distance = min(distance, *(damerau(word, candidate[:end]) for end in ends))
        if distance <= allowed:
            # equally near as a beginning: the nearer whole word ("surbu": "surub", not "suruburi")
            scored.append((distance, whole, i, candidate))
    return min(scored)[3] if scored else None


_SYNONYMS_OF = """ARRAY(SELECT s2.term FROM search.synonym s1
                 JOIN search.synonym s2 ON s2.marketplace_id = s1.marketplace_id AND s2.group_no = s1.group_no
                 WHERE s1.marketplace_id = $1 AND s1.term = {word})"""
_SUGGEST_WORDS = f"""
    SELECT w.word, w.n = $3 AS last, k.known, {_SYNONYMS_OF.format(word="w.word")} AS synonyms,
           CASE WHEN k.known OR length(w.word) < 3 OR w.word ~ '[0-9]' THEN '{{}}'::record[]
                ELSE ARRAY(SELECT ROW(v.word, {_SYNONYMS_OF.format(word="v.word")}) FROM (
                         SELECT word, word OPERATOR(public.<->>) w.word AS distance
                         FROM search.suggest_word ORDER BY 2 LIMIT 20) v
                     ORDER BY v.distance) END AS near
    FROM unnest($2::text[]) WITH ORDINALITY AS w(word, n)
    CROSS JOIN LATERAL (
        SELECT EXISTS (SELECT 1 FROM search.term t
                       WHERE t.term >= w.word AND t.term < w.word || chr(1114111)
                         AND (w.n = $3 OR t.term = w.word)) AS known
    ) k
    ORDER BY w.n
"""

# SQL: type-ahead in one statement. Products (one per name: the same article from several
# suppliers is one suggestion): first the names that start with the query (a range of the
# name index, in name order: stops at the limit), then, only when those are fewer, names
# or SKUs with a word starting so (the first SUGGEST_CANDIDATES found, in name order:
# never a ranking of every match). Categories and suppliers: names with a
# word starting with the query, still named by a document of this marketplace (and of a
# supplier the caller may see).
_SCOPE = "marketplace_ids @> ARRAY[$1::uuid] AND ($4::uuid[] IS NULL OR tenant_id = ANY($4::uuid[]))"
_NAME_STARTS = """name_key COLLATE "C" >= $2 AND name_key COLLATE "C" < $2 || chr(1114111)"""
_SUGGEST = f"""
    SELECT
      ARRAY(SELECT d.body FROM (
              (SELECT DISTINCT ON (name_key COLLATE "C") id, 0 AS tier, name_key FROM search.document
               WHERE {_NAME_STARTS} AND {_SCOPE}
               ORDER BY name_key COLLATE "C", id LIMIT $5)
              UNION ALL
              (SELECT DISTINCT ON (name_key COLLATE "C") id, 1, name_key FROM (
                   SELECT id, name_key FROM search.document
                   WHERE terms @@ $3::tsquery AND {_SCOPE} AND NOT ({_NAME_STARTS}) LIMIT $6) c
               ORDER BY name_key COLLATE "C", id LIMIT $5)
              LIMIT $5) p
            JOIN search.document_body d USING (id)
            ORDER BY p.tier, p.name_key COLLATE "C", p.id) AS products,
      ARRAY(SELECT ROW(c.category_id, c.name) FROM search.category_name c
            WHERE (lower(public.unaccent(c.name)) LIKE $7 || '%'
                   OR lower(public.unaccent(c.name)) LIKE '% ' || $7 || '%')
              AND EXISTS (SELECT 1 FROM search.document d
                          WHERE d.category_ids @> ARRAY[c.category_id] AND {_SCOPE})
            ORDER BY c.name LIMIT $5) AS categories,
      ARRAY(SELECT ROW(s.slug, s.name) FROM search.supplier_name s
            WHERE (lower(public.unaccent(s.name)) LIKE $7 || '%'
                   OR lower(public.unaccent(s.name)) LIKE '% ' || $7 || '%')
              AND ($4::uuid[] IS NULL OR s.tenant_id = ANY($4::uuid[]))
              AND EXISTS (SELECT 1 FROM search.document d
                          WHERE d.tenant_id = s.tenant_id AND d.marketplace_ids @> ARRAY[$1::uuid])
            ORDER BY s.name LIMIT $5) AS suppliers
"""
