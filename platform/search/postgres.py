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
import json
import uuid
from collections.abc import AsyncIterable, Sequence
from datetime import datetime
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
_COLUMNS = (
    "id, tenant_id, marketplace_ids, category_ids, supplier_slug, manufacturer, offer_key, name_key, "
    "terms, attr_text, attr_number, in_stock, lead_time_days, base_price, created_at, updated_at, body"
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
_RANGE_COLUMNS = {"base_price": "base_price", "lead_time_days": "lead_time_days"}
SUGGEST_CANDIDATES = 50  # type-ahead: products matching a word anywhere, ordered among this many


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _vector(doc: SearchDocument) -> str:
    """The document's tsvector literal: each term once, at its highest weight."""
    best: dict[str, str] = {}
    for weight, found in weighted_terms(doc).items():
        for term in found:
            if term not in best or weight < best[term]:
                best[term] = weight
    return " ".join(f"{_quote(term)}:1{weight}" for term, weight in best.items())


def _row(doc: SearchDocument) -> tuple[Any, ...]:
    text = {a.code: a.text for a in doc.attributes if a.kind != "number" and a.text is not None}
    number = {a.code: str(a.number) for a in doc.attributes if a.kind == "number" and a.number is not None}
    return (
        doc.id,
        doc.tenant_id,
        doc.marketplace_ids,
        doc.category_ids,
        doc.supplier_slug,
        doc.manufacturer,
        doc.offer_key(),
        fold(doc.name),
        _vector(doc),
        json.dumps(text),
        json.dumps(number),
        doc.in_stock,
        doc.lead_time_days,
        doc.base_price,
        doc.created_at,
        doc.updated_at,
        _ENCODER.encode(doc),
    )


def _all_terms(documents: Sequence[SearchDocument]) -> list[str]:
    return sorted({t for doc in documents for found in weighted_terms(doc).values() for t in found})


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


class _Params:
    def __init__(self) -> None:
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


_INSERT = f"""
    INSERT INTO search.document ({_COLUMNS})
    SELECT r.id, r.tenant_id, r.marketplace_ids, r.category_ids, r.supplier_slug, r.manufacturer,
           r.offer_key, r.name_key, r.terms::tsvector, r.attr_text::jsonb, r.attr_number::jsonb,
           r.in_stock, r.lead_time_days, r.base_price, r.created_at, r.updated_at, r.body
    FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::bool[], $13::int[],
                $14::numeric[], $15::timestamptz[], $16::timestamptz[], $17::bytea[])
         AS r(id, tenant_id, marketplace_ids, category_ids, supplier_slug, manufacturer, offer_key,
              name_key, terms, attr_text, attr_number, in_stock, lead_time_days, base_price,
              created_at, updated_at, body)
"""


def _arrays(documents: Sequence[SearchDocument]) -> list[list[Any]]:
    rows = [_row(doc) for doc in documents]
    columns: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(17)]
    # uuid[] columns travel as text: unnest cannot take an array of arrays of uneven length
    columns[2] = ["{" + ",".join(str(m) for m in ids) + "}" for ids in columns[2]]
    columns[3] = ["{" + ",".join(str(c) for c in ids) + "}" for ids in columns[3]]
    return columns


def _insert_sql(table: str, build: bool) -> str:
    sql = _INSERT.replace("search.document", table)
    if build:
        # the staged rows carry their build; column lists line up with the LIKE copy
        sql = sql.replace(f"({_COLUMNS})", f"(build_id, {_COLUMNS})", 1).replace(
            "SELECT r.id,", "SELECT $18::uuid, r.id,", 1
        )
    return sql.replace("r.marketplace_ids,", "r.marketplace_ids::uuid[],", 1).replace(
        "r.category_ids,", "r.category_ids::uuid[],", 1
    )


class PostgresBackend:
    name = "postgres"

    def __init__(self, db: Database) -> None:
        self.db = db

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
        await tx.execute(_insert_sql("search.document", build=False), *_arrays(documents))
        await self._names(tx, documents)

    async def _names(self, tx: Tx, documents: Sequence[SearchDocument]) -> None:
        # SQL: the vocabulary and the names type-ahead offers, one statement each per batch
        await tx.execute(
            "INSERT INTO search.term (term) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
            _all_terms(documents),
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

    async def delete_tenant(self, tenant_id: uuid.UUID) -> None:
        async with self.db.transaction() as tx:
            await self.delete_tenant_in(tx, tenant_id)

    async def delete_tenant_in(self, tx: Tx, tenant_id: uuid.UUID) -> None:
        await tx.execute("DELETE FROM search.document WHERE tenant_id = $1", tenant_id)

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
                async with self.db.transaction() as tx:
                    await tx.execute(_insert_sql("search.staging", build=True), *_arrays(batch), build_id)
                    await self._names(tx, batch)
                written += len(batch)
                if progress is not None:
                    progress(written)
            async with self.db.transaction() as tx:
                await self._swap(tx, build_id, tenant_id, started)
        finally:
            async with self.db.transaction() as tx:
                await tx.execute("DELETE FROM search.staging WHERE build_id = $1", build_id)
        return written

    async def _swap(
        self, tx: Tx, build_id: uuid.UUID, tenant_id: uuid.UUID | None, started: datetime
    ) -> None:
        """The built documents replace the old ones in one transaction: searches see the
        old set or the new one, never an empty index. A document an indexing job wrote
        while the build ran (``indexed_at`` after its start) is newer and stays."""
        if tenant_id is None:
            scope, args = "TRUE", [build_id]
        else:
            scope, args = "tenant_id = $2", [build_id, tenant_id]
        # SQL: set-based swap: drop the old scope but the rows written during the build,
        # then copy the staged rows those rows do not shadow
        await tx.execute(
            f"DELETE FROM search.document WHERE {scope.replace('$2', '$1')} AND indexed_at < ${len(args)}",
            *args[1:],
            started,
        )
        await tx.execute(
            f"INSERT INTO search.document ({_COLUMNS}) SELECT {_COLUMNS} FROM search.staging s "
            f"WHERE s.build_id = $1 AND {scope.replace('tenant_id', 's.tenant_id')} "
            "ON CONFLICT (id) DO NOTHING",
            *args,
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
            rows = await tx.fetch("SELECT id, body FROM search.document WHERE tenant_id = $1", tenant_id)
        # the body decoded into the few fields compared (msgspec skips the rest)
        return {r["id"]: _VERSION_DECODER.decode(r["body"]) for r in rows}

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
        groups: list[list[str]] = []
        shown: list[str] = []
        corrected = False
        for row in rows:
            word = row["word"]
            if not row["known"] and not row["synonyms"]:
                better = await self._nearest(tx, word)
                if better is not None:
                    corrected = True
                    word = better
                    shown.append(better)
                    row_synonyms = await tx.fetch(
                        "SELECT s2.term FROM search.synonym s1 JOIN search.synonym s2 "
                        "ON s2.marketplace_id = s1.marketplace_id AND s2.group_no = s1.group_no "
                        "WHERE s1.marketplace_id = $1 AND s1.term = $2",
                        marketplace_id,
                        word,
                    )
                    groups.append(sorted({word, *(r["term"] for r in row_synonyms)}))
                    continue
            shown.append(word)
            groups.append(sorted({word, *row["synonyms"]}))
        return groups, " ".join(shown) if corrected else None

    async def _nearest(self, tx: Tx, word: str) -> str | None:
        if len(word) < 3 or any(c.isdigit() for c in word):
            return None  # sizes and codes are not typos of each other (M8 is not M6)
        # SQL: nearest by trigram distance through the GiST index, then edit distance here
        rows = await tx.fetch(
            "SELECT term FROM search.term ORDER BY term OPERATOR(public.<->) $1 LIMIT 20", word
        )
        allowed = 1 if len(word) < 8 else 2
        best = [(damerau(word, r["term"]), i, r["term"]) for i, r in enumerate(rows)]
        best = [b for b in best if b[0] <= allowed]
        return min(best)[2] if best else None

    def _tsquery(self, groups: list[list[str]], *, prefix_last: bool = True, weights: str = "") -> str:
        parts = []
        for i, group in enumerate(groups):
            last = prefix_last and i == len(groups) - 1
            suffix = (":*" if last else "") + weights
            if not suffix:
                alternatives = [_quote(t) for t in group]
            else:
                alternatives = [f"{_quote(t)}:{suffix.lstrip(':')}" for t in group]
            parts.append("(" + " | ".join(alternatives) + ")")
        return " & ".join(parts)

    async def search(self, query: SearchQuery) -> SearchResult:
        offset = decode_cursor(query.cursor) if query.cursor else 0
        words = query_terms(query.q)
        async with self.db.transaction() as tx:
            groups, corrected = await self._expand(tx, query.marketplace_id, words)
            sql, params = self._search_sql(query, groups, offset)
            row = await tx.fetchrow(sql, *params.values)
        assert row is not None
        total = int(row["total"])
        hits = [
            SearchHit(
                document=(doc := _DECODER.decode(body)),
                score=float(score),
                name_highlights=highlights(doc.name, [t for g in groups for t in g]),
            )
            for body, score in zip(row["bodies"], row["scores"], strict=True)
        ]
        facets = {
            k: {str(v): int(n) for v, n in (counts or {}).items()}
            for k, counts in (row["facets"] or {}).items()
        }
        return SearchResult(
            hits=hits,
            total=total,
            facets={k: facets.get(k, {}) for k in query.facets},
            corrected_query=corrected,
            next_cursor=encode_cursor(offset + query.limit) if offset + query.limit < total else None,
        )

    def _search_sql(self, query: SearchQuery, groups: list[list[str]], offset: int) -> tuple[str, _Params]:
        p = _Params()
        where = [f"marketplace_ids @> ARRAY[{p.add(query.marketplace_id)}::uuid]"]
        score = "0::real"
        if groups:
            tsq = p.add(self._tsquery(groups))
            where.append(f"terms @@ {tsq}::tsquery")
            if query.sort == "relevance":  # ranking every match is the costly part: only when it orders
                score = f"ts_rank(terms, {tsq}::tsquery)"
        if query.tenant_ids is not None:
            where.append(f"tenant_id = ANY({p.add(list(query.tenant_ids))}::uuid[])")
        for key, bounds in query.ranges.items():
            column = _RANGE_COLUMNS.get(key) or f"(attr_number->>{p.add(key.removeprefix('attr.'))})::numeric"
            if bounds.min is not None:
                where.append(f"{column} >= {p.add(bounds.min)}::numeric")
            if bounds.max is not None:
                where.append(f"{column} <= {p.add(bounds.max)}::numeric")
        # facet filters: each a condition, left out of its own facet's counts
        conditions: dict[str, str] = {}
        for key, values in query.filters.items():
            if not values:
                continue
            if key == "category":
                conditions[key] = f"category_ids && {p.add([uuid.UUID(v) for v in values])}::uuid[]"
            elif key == "supplier":
                conditions[key] = f"supplier_slug = ANY({p.add(values)}::text[])"
            elif key == "manufacturer":
                conditions[key] = f"manufacturer = ANY({p.add(values)}::text[])"
            elif key == "offer":
                conditions[key] = f"offer_key = ANY({p.add(values)}::text[])"
            else:
                conditions[key] = (
                    f"attr_text->>{p.add(key.removeprefix('attr.'))} = ANY({p.add(values)}::text[])"
                )
        if query.in_stock:
            conditions["in_stock"] = "in_stock"

        def matching(*, but: str | None = None) -> str:
            found = [c for k, c in conditions.items() if k != but]
            return " AND ".join(found) or "TRUE"

        facet_sql = []
        for key in query.facets:
            own = matching(but=key)
            if key == "category":
                value, source = "c", "base, unnest(category_ids) AS c"
            elif key == "supplier":
                value, source = "supplier_slug", "base"
            elif key == "manufacturer":
                value, source = "manufacturer", "base"
            elif key == "in_stock":
                value, source = "in_stock::text", "base"
            else:
                value, source = f"attr_text->>{p.add(key.removeprefix('attr.'))}", "base"
            facet_sql.append(
                f"{p.add(key)}::text, (SELECT coalesce(jsonb_object_agg(v, n), '{{}}') FROM "
                f"(SELECT {value} AS v, count(*) AS n FROM {source} WHERE {own} AND {value} IS NOT NULL "
                f"GROUP BY 1) f)"
            )
        facets = f"jsonb_build_object({', '.join(facet_sql)})" if facet_sql else "NULL::jsonb"
        order = _ORDER[query.sort]
        limit, skip = p.add(query.limit), p.add(offset)
        # SQL: one statement: the marketplace's matching documents once (MATERIALIZED), the
        # page, the total and each facet's counts from them
        sql = f"""
            WITH base AS MATERIALIZED (
                SELECT id, category_ids, supplier_slug, manufacturer, offer_key, attr_text, in_stock,
                       name_key, created_at, base_price, lead_time_days, {score} AS score
                FROM search.document WHERE {" AND ".join(where)}
            ),
            page AS (
                SELECT id, score, row_number() OVER (ORDER BY {order}) AS n FROM base
                WHERE {matching()} ORDER BY {order} LIMIT {limit} OFFSET {skip}
            )
            SELECT (SELECT count(*) FROM base WHERE {matching()}) AS total,
                   ARRAY(SELECT d.body FROM page JOIN search.document d USING (id) ORDER BY page.n) AS bodies,
                   ARRAY(SELECT page.score FROM page ORDER BY page.n) AS scores,
                   {facets} AS facets
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
            JOIN search.document d USING (id)
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
