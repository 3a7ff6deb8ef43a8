"""Search benchmark (issue 13): the PostgreSQL backend on a generated catalog.

    python -m bench.search            # 100,000 variants across 20 suppliers
    python -m bench.search --quick    # smoke run: 10,000 variants
    python -m bench.search --variants 1000000

Generated ``SearchDocument``s (fastener-like names, SKUs, 3 typed attributes, 40 leaf
categories under 5 roots, stock, base prices, GTINs shared by 1 in 20) are written with
``backend.rebuild`` (timed: documents/s of the index's write path; building documents from
the suppliers' schemas is not in this number) and vacuumed, as autovacuum does soon after.
Then, after 5 warm-up runs each, ``--runs`` of each query of the mix (one word, two words
with a typo, a SKU prefix, facet-heavy: three filters, a range and every facet) through
``backend.search`` with facet counts, ``suggest`` on prefixes, and the same queries as bare
SQL on the same tables without Hansa's code (the floor: the page with its bodies and the
exact total only, no facets, no correction; Hansa estimates broad totals from a sample, so
it may run below this floor: the table shows the estimate, the JSON the exact total).
Freshness: an upsert of one changed document until a search finds it (the backend's part;
the outbox and worker hop add their own latency, measured by ``tests`` timing only loosely).
The buyer's prices are added after the search by one check per supplier on the page:
bench.search_service measures search as a request makes it, with real supplier schemas and
the buyer's prices. Suggest is also timed on prefixes with a typo ("inxo"), which it corrects while
typing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from bench.common import (
    RESULTS_DIR,
    BenchDatabase,
    Target,
    drive,
    err,
    latency_summary_ms,
    server_info,
)
from hansa.core.db import Database
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.search.postgres import PostgresBackend
from hansa.search.schemas import DocumentAttribute, NumericRange, SearchDocument, SearchQuery, stock_band

TARGET_VARIANTS = 100_000
SUPPLIERS = 20
WARMUP = 5
SEED = 13
QUERY_P95_MS = 30.0  # at 100,000 variants
QUERY_P95_MS_1M = 50.0  # at 1,000,000 (issue 13)
SUGGEST_P95_MS = 15.0
FRESHNESS_P95_MS = 2000.0
MARKET = uuid.UUID("00000000-0000-0000-0000-0000000000aa")
ITEMS = ["șurub", "piuliță", "șaibă", "bolț", "diblu", "ancoră", "tijă", "nit"]
KINDS = ["hexagonal", "cap cilindric", "autoforant", "înecat", "cu guler"]
MATERIALS = ["inox A2", "inox A4", "oțel 8.8", "oțel 10.9", "alamă", "zincat"]
THREADS = ["M3", "M4", "M5", "M6", "M8", "M10", "M12", "M16", "M20"]
STANDARDS = ["DIN 933", "DIN 931", "DIN 934", "ISO 4762", "DIN 125"]


@dataclass(frozen=True)
class Options:
    out: Path
    variants: int
    runs: int
    quick: bool
    strict: bool
    shared_buffers: str


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument("--variants", type=int, default=None, help="documents (default 100000)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per query (default 40)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10000 variants")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    parser.add_argument(
        "--shared-buffers",
        default="128MB",
        help="the embedded server's shared_buffers (default the embedded 128MB; 2GB: a server sized for 1M)",
    )
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    variants = args.variants or (10_000 if quick else TARGET_VARIANTS)
    name = (
        "search-quick.json"
        if quick
        else ("search.json" if variants == TARGET_VARIANTS else f"search-{variants}.json")
    )
    return Options(
        out=args.out or RESULTS_DIR / name,
        variants=variants,
        runs=args.runs or (10 if quick else 40),
        quick=quick,
        strict=bool(args.strict),
        shared_buffers=str(args.shared_buffers),
    )


def generate(count: int) -> list[SearchDocument]:
    rng = random.Random(SEED)
    suppliers = [
        (uuid.UUID(int=1000 + i), f"supplier-{i:02d}", f"Supplier {i:02d} SRL") for i in range(SUPPLIERS)
    ]
    roots = [uuid.UUID(int=2000 + r) for r in range(5)]
    leaves = [(roots[i % 5], uuid.UUID(int=3000 + i)) for i in range(40)]
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    docs = []
    for n in range(count):
        tenant, slug, supplier = suppliers[n % SUPPLIERS]
        root, leaf = leaves[rng.randrange(40)]
        item, kind, material = rng.choice(ITEMS), rng.choice(KINDS), rng.choice(MATERIALS)
        thread, standard, length = (
            rng.choice(THREADS),
            rng.choice(STANDARDS),
            rng.choice([10, 16, 20, 25, 30, 40]),
        )
        available = Decimal(rng.choice([0, 0, 5, 50, 500]))
        price = Decimal(rng.randrange(5, 5000)) / 100
        gtin = f"59400{rng.randrange(10**7):08d}" if n % 20 == 0 else None
        docs.append(
            SearchDocument(
                id=f"{tenant}:{uuid.UUID(int=10**9 + n)}",
                tenant_id=tenant,
                supplier_slug=slug,
                supplier_name=supplier,
                marketplace_ids=[MARKET],
                product_id=uuid.UUID(int=10**10 + n // 2),
                variant_id=uuid.UUID(int=10**9 + n),
                sku=f"{slug[-2:]}-{item[:3].upper()}-{thread}-{length}-{n}",
                name=f"{item.capitalize()} {kind} {thread}x{length} {material} {standard}",
                unit="pcs",
                updated_at=t0 + timedelta(minutes=n),
                created_at=t0 + timedelta(minutes=n),
                category_ids=[root, leaf],
                category_names=[f"Root {root.int - 2000}", f"Leaf {leaf.int - 3000}"],
                description=f"{item} {kind} din {material}, filet {thread}, lungime {length} mm.",
                attributes=[
                    DocumentAttribute(code="material", name="Material", kind="enum", text=material),
                    DocumentAttribute(code="thread", name="Thread", kind="enum", text=thread),
                    DocumentAttribute(
                        code="length", name="Length", kind="number", number=Decimal(length), unit="mm"
                    ),
                ],
                in_stock=available > 0,
                stock_band=stock_band(available),
                lead_time_days=rng.choice([0, 1, 2, 5, 10]),
                base_price=price,
                currency="EUR",
                gtin=gtin,
            )
        )
    return docs


FACETS = ["category", "supplier", "manufacturer", "in_stock", "attr.material", "attr.thread"]


def query_mix(docs: Sequence[SearchDocument]) -> dict[str, list[SearchQuery]]:
    rng = random.Random(SEED + 1)
    sample = [docs[rng.randrange(len(docs))] for _ in range(50)]
    q = lambda text, **kw: SearchQuery(marketplace_id=MARKET, q=text, facets=FACETS, **kw)  # noqa: E731
    return {
        "one word": [q(w) for w in ["surub", "piulita", "hexagonal", "ancora", "inox"] * 10],
        "two words, one typo": [
            q(f"{d.attributes[1].text} {t}")
            for d, t in zip(sample, ["inxo", "hexagnal", "suurb", "zincta", "alama"] * 10, strict=False)
        ],
        "SKU prefix": [q(d.sku[: len(d.sku) - 4]) for d in sample],
        "facet-heavy": [
            q(
                "",
                filters={
                    "attr.material": ["inox A2", "inox A4"],
                    "attr.thread": ["M8", "M10"],
                    "category": [str(d.category_ids[0])],
                },
                ranges={"attr.length": NumericRange(min=Decimal(16), max=Decimal(30))},
                in_stock=True,
            )
            for d in sample
        ],
    }


async def timed(runs: int, items: Sequence[Any], call: Callable[[Any], Awaitable[Any]]) -> list[float]:
    for item in items[:WARMUP]:
        await call(item)
    found = []
    for i in range(runs):
        started = time.perf_counter()
        await call(items[i % len(items)])
        found.append(time.perf_counter() - started)
    return found


_FACET_ID = "('x' || left(md5(k), 16))::bit(64)::bigint"  # search.facet_value's ids, in SQL


async def bare(db: Database, query: SearchQuery, tsquery: str | None) -> int:
    """The floor: the page (with its bodies) and the exact total by plain SQL on the same
    tables and indexes, no facet counts. Returns the total."""
    async with db.transaction() as tx:
        if tsquery is None:
            # the same filters (OR within a key, AND across keys), in stock, the length range
            keys = [[f"{key}:{value}" for value in values] for key, values in query.filters.items()]
            length = query.ranges["attr.length"]
            where = (
                "marketplace_ids @> ARRAY[$1::uuid] AND in_stock "
                f"AND facets && ARRAY(SELECT {_FACET_ID} FROM unnest($2::text[]) k) "
                f"AND facets && ARRAY(SELECT {_FACET_ID} FROM unnest($3::text[]) k) "
                f"AND facets && ARRAY(SELECT {_FACET_ID} FROM unnest($4::text[]) k) "
                "AND (attr_number->>'length')::numeric BETWEEN $5 AND $6"
            )
            args = [MARKET, *keys, length.min, length.max]
            await tx.fetch(
                f"SELECT d.id, b.body FROM (SELECT id, name_key FROM search.document WHERE {where} "
                '  ORDER BY name_key COLLATE "C" LIMIT 24) d JOIN search.document_body b USING (id) '
                'ORDER BY d.name_key COLLATE "C"',
                *args,
            )
            return int(await tx.fetchval(f"SELECT count(*) FROM search.document WHERE {where}", *args))
        await tx.fetch(
            "SELECT d.id, b.body FROM (SELECT id, ts_rank(terms, $2::tsquery) AS rank FROM search.document "
            "  WHERE marketplace_ids @> ARRAY[$1::uuid] AND terms @@ $2::tsquery "
            "  ORDER BY rank DESC LIMIT 24) d JOIN search.document_body b USING (id) ORDER BY d.rank DESC",
            MARKET,
            tsquery,
        )
        return int(
            await tx.fetchval(
                "SELECT count(*) FROM search.document "
                "WHERE marketplace_ids @> ARRAY[$1::uuid] AND terms @@ $2::tsquery",
                MARKET,
                tsquery,
            )
        )


def _tsquery(text: str) -> str:
    words = text.casefold().split()
    return " & ".join(f"'{w}'" for w in words[:-1]) + (" & " if len(words) > 1 else "") + f"'{words[-1]}':*"


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    db = Database(pg.url, min_size=1, max_size=4)
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, MigrationSet.load())
        backend = PostgresBackend(db)
        err.print(f"generating {opts.variants:,} documents ...")
        docs = generate(opts.variants)

        async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
            for start in range(0, len(docs), 2000):
                yield docs[start : start + 2000]

        started = time.perf_counter()
        written = await backend.rebuild(batches())
        seconds = time.perf_counter() - started
        # the steady state autovacuum reaches soon after a rebuild (hint bits, visibility map,
        # statistics); until then queries pay for setting the hint bits of every row they read
        async with db.pool.acquire() as connection:
            await connection.execute("VACUUM ANALYZE search.document")
        await backend.set_synonyms(MARKET, [["inox", "stainless"]])
        results["reindex"] = {
            "documents": written,
            "seconds": round(seconds, 1),
            "per_second": round(written / seconds),
        }
        err.print(f"  rebuilt in {seconds:.1f} s ({written / seconds:,.0f} documents/s)")
        results["queries"] = {}
        for name, queries in query_mix(docs).items():
            latencies = await timed(opts.runs, queries, backend.search)
            sample = await backend.search(queries[0])
            if name == "facet-heavy":
                floor = await timed(opts.runs, queries, lambda query: bare(db, query, None))
            else:  # each query's own words (as typed: a typo finds nothing here)
                floor = await timed(opts.runs, queries, lambda query: bare(db, query, _tsquery(query.q)))
            exact_total = await bare(
                db, queries[0], None if name == "facet-heavy" else _tsquery(queries[0].q)
            )
            results["queries"][name] = {
                "latency_ms": latency_summary_ms(latencies),
                "bare_sql_ms": latency_summary_ms(floor),
                "first_total": sample.total,
                "first_total_exact": sample.total_exact,
                "first_counts_exact": sample.counts_exact,
                # the first query's exact total, by the floor's count (as typed: a typo finds none)
                "first_total_by_bare_sql": exact_total,
            }
            err.print(f"  {name}: p95 {results['queries'][name]['latency_ms']['p95']} ms")
        prefixes = ["su", "piu", "hex", "M8", "inox", "an", "DIN 9", "sur"] * 10
        suggest = await timed(opts.runs, prefixes, lambda p: backend.suggest(MARKET, p))
        typos = ["inxo", "surbu", "hexgaonal", "zincta", "M8 inxo"] * 10  # corrected while typing
        suggest_typos = await timed(opts.runs, typos, lambda p: backend.suggest(MARKET, p))
        results["suggest"] = {
            "latency_ms": latency_summary_ms(suggest),
            "typo_latency_ms": latency_summary_ms(suggest_typos),
        }
        rng = random.Random(SEED + 2)
        fresh = []
        for i in range(max(10, opts.runs // 2)):
            doc = docs[rng.randrange(len(docs))]
            marker = f"fresh{i}x{rng.randrange(10**6)}"
            changed = msgspec.structs.replace(doc, description=f"{doc.description} {marker}")
            started = time.perf_counter()
            await backend.upsert([changed])
            while (await backend.search(SearchQuery(marketplace_id=MARKET, q=marker))).total == 0:
                pass
            fresh.append(time.perf_counter() - started)
        results["freshness"] = {"latency_ms": latency_summary_ms(fresh)}
    finally:
        await db.close()


def _p95(results: dict[str, Any], *path: str) -> float | None:
    node: Any = results
    for key in path:
        node = (node or {}).get(key)
    return node.get("p95") if isinstance(node, dict) else None


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    at_scale = opts.variants >= TARGET_VARIANTS
    note = "" if at_scale else f"{opts.variants:,} variants only"
    query_limit = QUERY_P95_MS_1M if opts.variants >= 1_000_000 else QUERY_P95_MS
    found = [
        Target.below(
            f"query p95: {name}",
            _p95(results, "queries", name, "latency_ms"),
            query_limit,
            "ms",
            measured=at_scale,
            note=note,
        )
        for name in (results.get("queries") or {})
    ]
    found.append(
        Target.below(
            "suggest p95",
            _p95(results, "suggest", "latency_ms"),
            SUGGEST_P95_MS,
            "ms",
            measured=at_scale,
            note=note,
        )
    )
    found.append(
        Target.below(
            "suggest with a typo p95",
            _p95(results, "suggest", "typo_latency_ms"),
            SUGGEST_P95_MS,
            "ms",
            measured=at_scale,
            note=note,
        )
    )
    found.append(
        Target.below(
            "freshness p95 (backend)",
            _p95(results, "freshness", "latency_ms"),
            FRESHNESS_P95_MS,
            "ms",
            measured=at_scale,
            note=note,
        )
    )
    return found


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    if reindex := results.get("reindex"):
        rows.append(
            (
                "rebuild (write path)",
                f"{reindex['documents']:,} in {reindex['seconds']} s, {reindex['per_second']:,}/s",
                "",
                None,
            )
        )
    by_metric = {t.metric: t for t in targets}
    for name, found in (results.get("queries") or {}).items():
        target = by_metric.get(f"query p95: {name}")
        rows.append(
            (
                f"{name} p95 (bare SQL, exact count {found['bare_sql_ms']['p95']} ms; "
                f"total {'' if found.get('first_total_exact', True) else 'about '}{found['first_total']:,})",
                f"{found['latency_ms']['p95']} ms",
                target.target if target else "",
                target.passed if target else None,
            )
        )
    for t in targets:
        if not t.metric.startswith("query p95"):
            rows.append((t.metric, f"{t.value} ms" if t.value is not None else "-", t.target, t.passed))
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "variants": opts.variants,
        "suppliers": SUPPLIERS,
        "runs": opts.runs,
        "warmup": WARMUP,
        "seed": SEED,
        "quick": opts.quick,
        "shared_buffers": opts.shared_buffers,
    }
    return drive(
        "search",
        opts,
        parameters,
        durable=False,
        shared_buffers=opts.shared_buffers,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
