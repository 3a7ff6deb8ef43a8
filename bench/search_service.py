"""Search as a request makes it (issue 13): real supplier schemas, the buyer's prices.

    python -m bench.search_service            # 100,000 variants across 20 suppliers
    python -m bench.search_service --quick    # smoke run: 2,000 variants
    python -m bench.search_service --variants 1000000

bench.search times the backend alone on documents written straight into the index. This
one times everything around it. 20 supplier tenants are provisioned by the real code and
approved on one vertical marketplace whose 5 root categories define typed attributes
(material and thread enums, length in mm; 40 leaf categories below). Each supplier's
catalog is generated in its schema by ``INSERT ... SELECT generate_series`` (not timed;
the load time is reported): published products of 2 active variants each, named like
bench.search's (so the same query mix works), attributes, stock, 1 variant in 20 with a
GTIN shared by 4 suppliers (offers group), a base EUR list, and for ONE buyer
organisation a customer list with 3 quantity tiers on 1 variant in 3 (its prices differ
from the base). Then ``search.service.reindex`` builds the index from the schemas (timed:
documents/s), and the query mix of bench.search (one word, two words with a typo, a SKU
prefix, facet-heavy) runs through ``search.service.search`` as the route calls it: (a) for
the buyer (prices shown), (b) anonymously; plus a price-sorted query for the buyer (the
``PRICE_WINDOW`` path). Each run is broken down into its steps (scope, backend, other
offers, supplier checks, log; each step's own time, so overlapping steps add up to more
than the whole). The last page of every buyer query is verified: every price shown equals
an independent computation from the generating formulas.

The database is a fresh embedded PostgreSQL (not durable: the benchmark reads), or the one
of ``HANSA_DATABASE_URL`` when set.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, cast

from bench.common import (
    RESULTS_DIR,
    BenchDatabase,
    BenchError,
    Target,
    drive,
    err,
    latency_summary_ms,
    progress,
    server_info,
)
from bench.search import ITEMS, KINDS, MATERIALS, STANDARDS, THREADS
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.context import BuyerContext
from hansa.search import service
from hansa.search.postgres import PostgresBackend
from hansa.search.schemas import SearchPage
from hansa.tenants import service as tenants
from hansa.tenants.schemas import NewTenant

TARGET_VARIANTS = 100_000
SUPPLIERS = 20
WARMUP = 5
SEED = 13
POOL = 10  # the app's default db_pool_max
PAGE = 24
QUERY_P95_MS = 30.0  # at 100,000 variants
QUERY_P95_MS_1M = 50.0  # at 1,000,000 (issue 13)
SLUG = "bench-fasteners"
STEMS = ["SUR", "PIU", "SAI", "BOL", "DIB", "ANC", "TIJ", "NIT"]  # SKUs are ASCII
LENGTHS = [10, 16, 20, 25, 30, 40]
STOCK = [0, 0, 5, 50, 500]
LEAD_TIMES = [0, 1, 2, 5, 10]
MANUFACTURERS = ["Bossard", "Würth", "Fabory", "Reyher"]
CUSTOMER_TIERS = [
    (Decimal(1), Decimal("0.85")),
    (Decimal(10), Decimal("0.80")),
    (Decimal(100), Decimal("0.70")),
]
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Options:
    out: Path
    variants: int
    runs: int
    quick: bool
    strict: bool
    shared_buffers: str


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search_service", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument("--variants", type=int, default=None, help="variants (default 100000)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per query (default 40)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2000 variants")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    parser.add_argument(
        "--shared-buffers",
        default="128MB",
        help="the embedded server's shared_buffers (default the embedded 128MB; 2GB: a server sized for 1M)",
    )
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    variants = args.variants or (2_000 if quick else TARGET_VARIANTS)
    if variants < SUPPLIERS * 40:
        parser.error(f"--variants >= {SUPPLIERS * 40}")
    name = (
        "search-service-quick.json"
        if quick
        else ("search-service.json" if variants == TARGET_VARIANTS else f"search-service-{variants}.json")
    )
    return Options(
        out=args.out or RESULTS_DIR / name,
        variants=variants,
        runs=args.runs or (10 if quick else 40),
        quick=quick,
        strict=bool(args.strict),
        shared_buffers=str(args.shared_buffers),
    )


# -- the generated catalog: one formula per field, in SQL (to load) and in Python (to verify) ----


def per_supplier(variants: int) -> int:
    return (variants // SUPPLIERS) // 2 * 2  # products of 2 variants


def base_price(g: int) -> Decimal:
    """The base price of the variant numbered ``g`` across all suppliers."""
    return Decimal(5 + (g * 7919) % 4995) / 100


def buyer_tiers(i: int, g: int) -> list[tuple[Decimal, Decimal]]:
    """The buyer's (min qty, unit price) for the supplier's variant ``i`` (global ``g``)."""
    if i % 3:
        return [(Decimal(1), base_price(g))]
    return [(q, (base_price(g) * f).quantize(CENT, ROUND_HALF_UP)) for q, f in CUSTOMER_TIERS]


def thread_of(g: int) -> str:
    return THREADS[(g * 5) % len(THREADS)]


def sku_of(s: int, i: int, g: int) -> str:
    gp = g // 2
    return f"S{s:02d}-{STEMS[(gp * 7) % 8]}-{thread_of(g)}-{LENGTHS[(g * 7) % 6]}-{i}"


PRODUCTS_SQL = """
INSERT INTO product (id, name, description, category_id, status)
SELECT md5($1 || ':p:' || p)::uuid,
       initcap(($4::text[])[1 + (gp * 7) % 8]) || ' ' || ($5::text[])[1 + (gp * 11) % 5] || ' '
           || ($6::text[])[1 + (gp * 13) % 6] || ' ' || ($7::text[])[1 + (gp / 5) % 5],
       ($4::text[])[1 + (gp * 7) % 8] || ' ' || ($5::text[])[1 + (gp * 11) % 5] || ' din '
           || ($6::text[])[1 + (gp * 13) % 6] || ', ' || ($7::text[])[1 + (gp / 5) % 5] || '.',
       ($8::uuid[])[1 + (gp * 3) % 40],
       'published'
FROM (SELECT p, $2::bigint * $3::bigint / 2 + p AS gp FROM generate_series(0::bigint, $3::bigint / 2 - 1) p) x
"""

VARIANTS_SQL = """
INSERT INTO variant (id, product_id, sku, name, attributes, lead_time_days, gtin, manufacturer)
SELECT md5($1 || ':v:' || i)::uuid,
       md5($1 || ':p:' || (i / 2))::uuid,
       'S' || lpad($2::text, 2, '0') || '-' || ($4::text[])[1 + (gp * 7) % 8] || '-' || thread || '-'
           || len || '-' || i,
       thread || 'x' || len,
       jsonb_build_object('material', ($5::text[])[1 + (gp * 13) % 6], 'thread', thread, 'length', len),
       ($8::int[])[1 + (g / 3) % 5],
       CASE WHEN i % 20 = 0 THEN '594' || ($2 % 5) || lpad((i / 20)::text, 9, '0') END,
       ($9::text[])[1 + gp % 4]
FROM (
    SELECT i, g, g / 2 AS gp, ($6::text[])[1 + (g * 5) % 9] AS thread, ($7::int[])[1 + (g * 7) % 6] AS len
    FROM (SELECT i, $2::bigint * $3::bigint + i AS g FROM generate_series(0::bigint, $3::bigint - 1) i) a
) b
"""

STOCK_SQL = """
WITH loc AS (INSERT INTO inventory_location (id, code, name) VALUES (md5($1 || ':w1')::uuid, 'W1', 'W1')
             RETURNING id)
INSERT INTO inventory_level (variant_id, location_id, on_hand)
SELECT md5($1 || ':v:' || i)::uuid, loc.id, ($4::int[])[1 + (($2::bigint * $3::bigint + i) / 7) % 5]
FROM generate_series(0::bigint, $3::bigint - 1) i, loc
"""

LISTS_SQL = """
INSERT INTO price_list (id, name, kind, currency, buyer_org_id)
VALUES (md5($1 || ':base')::uuid, 'Base', 'base', 'EUR', NULL),
       (md5($1 || ':customer')::uuid, 'Bench buyer', 'customer', 'EUR', $2::uuid)
"""

# items of list ``$4`` on every ``$3``-th variant (base: all, the buyer's: 1 in 3)
ITEMS_SQL = """
INSERT INTO price_list_item (id, price_list_id, variant_id)
SELECT md5($1 || ':' || $4 || ':' || i)::uuid, md5($1 || ':' || $4)::uuid, md5($1 || ':v:' || i)::uuid
FROM generate_series(0::bigint, $2::bigint - 1, $3::bigint) i
"""

# the base price (``base_price``) times each of the list's factors, with its minimum quantity
TIERS_SQL = """
INSERT INTO price_tier (price_list_item_id, min_qty, unit_price)
SELECT md5($1 || ':' || $5 || ':' || i)::uuid, t.q,
       CASE WHEN t.f = 1 THEN (5 + (($2::bigint * $3::bigint + i) * 7919) % 4995) / 100.0
            ELSE round((5 + (($2::bigint * $3::bigint + i) * 7919) % 4995) / 100.0 * t.f, 2) END
FROM generate_series(0::bigint, $3::bigint - 1, $4::bigint) i, unnest($6::numeric[], $7::numeric[]) t (q, f)
"""

TABLES = [
    "product",
    "variant",
    "inventory_location",
    "inventory_level",
    "price_list",
    "price_list_item",
    "price_tier",
]


@dataclass
class World:
    marketplace_id: uuid.UUID
    roots: list[uuid.UUID]
    leaves: list[uuid.UUID]
    buyer: uuid.UUID
    suppliers: dict[uuid.UUID, int] = field(default_factory=dict)  # tenant id -> number


async def marketplace(db: Database) -> World:
    """One vertical marketplace: 5 roots with typed attributes, 8 leaves under each."""
    world = World(
        uuid.uuid4(), [uuid.uuid4() for _ in range(5)], [uuid.uuid4() for _ in range(40)], uuid.uuid4()
    )
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.marketplace (id, slug, name, kind) "
            "VALUES ($1, $2, 'Bench fasteners', 'vertical')",
            world.marketplace_id,
            SLUG,
        )
        for r, root in enumerate(world.roots):
            await tx.execute(
                "INSERT INTO public.category (id, marketplace_id, slug, name, position, path, depth) "
                "VALUES ($1, $2, $3, $4, $5, $3, 0)",
                root,
                world.marketplace_id,
                f"root-{r}",
                f"Root {r}",
                r,
            )
            for position, (code, name, kind, unit, allowed) in enumerate(
                [
                    ("material", "Material", "enum", None, MATERIALS),
                    ("thread", "Thread", "enum", None, THREADS),
                    ("length", "Length", "number", "mm", None),
                ]
            ):
                await tx.execute(
                    "INSERT INTO public.category_attribute "
                    "(id, category_id, code, name, type, unit, allowed_values, position) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    uuid.uuid4(),
                    root,
                    code,
                    name,
                    kind,
                    unit,
                    allowed,
                    position,
                )
        for n, leaf in enumerate(world.leaves):
            await tx.execute(
                "INSERT INTO public.category "
                "(id, marketplace_id, parent_id, slug, name, position, path, depth) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
                leaf,
                world.marketplace_id,
                world.roots[n % 5],
                f"leaf-{n}",
                f"Leaf {n}",
                n // 5,
                f"root-{n % 5}/leaf-{n}",
            )
        await tx.execute(
            "INSERT INTO public.organisation (id, kind, name) VALUES ($1, 'buyer', 'Bench buyer')",
            world.buyer,
        )
    return world


async def supplier(db: Database, migrations: MigrationSet, world: World, s: int, per: int) -> None:
    """A supplier tenant, active and approved, with its catalog and prices generated in its schema."""
    tenant = await tenants.provision_tenant(
        db, migrations, NewTenant(slug=f"supplier-{s:02d}", name=f"Supplier {s:02d} SRL")
    )
    world.suppliers[tenant.id] = s
    await db.pool.execute("UPDATE public.tenant SET status = 'active' WHERE id = $1", tenant.id)
    await db.pool.execute(
        "INSERT INTO public.marketplace_listing (id, marketplace_id, tenant_id, status, decided_at) "
        "VALUES ($1, $2, $3, 'approved', now())",
        uuid.uuid4(),
        world.marketplace_id,
        tenant.id,
    )
    key = f"{s}"
    ctx = TenantContext.for_tenant(tenant.id)
    async with tenant_transaction(db, ctx) as tx:
        await tx.execute(PRODUCTS_SQL, key, s, per, ITEMS, KINDS, MATERIALS, STANDARDS, world.leaves)
        await tx.execute(
            VARIANTS_SQL, key, s, per, STEMS, MATERIALS, THREADS, LENGTHS, LEAD_TIMES, MANUFACTURERS
        )
        await tx.execute(STOCK_SQL, key, s, per, STOCK)
        await tx.execute(LISTS_SQL, key, world.buyer)
        for name, step, tiers in [("base", 1, [(Decimal(1), Decimal(1))]), ("customer", 3, CUSTOMER_TIERS)]:
            await tx.execute(ITEMS_SQL, key, per, step, name)
            await tx.execute(TIERS_SQL, key, s, per, step, name, [q for q, _ in tiers], [f for _, f in tiers])
    async with db.pool.acquire() as connection:
        for table in TABLES:  # as autovacuum would: statistics and the visibility map
            await connection.execute(f'VACUUM ANALYZE "{ctx.schema}".{table}')


# -- the requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    q: str | None
    filters: str | None = None
    sort: str = "relevance"


def query_mix(world: World, per: int) -> dict[str, list[Query]]:
    """bench.search's mix, on the generated catalog."""
    rng = random.Random(SEED + 1)
    sample = [
        (s, i, s * per + i) for s, i in ((rng.randrange(SUPPLIERS), rng.randrange(per)) for _ in range(50))
    ]
    typos = ["inxo", "hexagnal", "suurb", "zincta", "alama"] * 10
    heavy = [
        json.dumps(
            {
                "attr.material": ["inox A2", "inox A4"],
                "attr.thread": ["M8", "M10"],
                "category": [str(world.roots[n % 5])],
                "attr.length": {"min": 16, "max": 30},
            }
        )
        for n in range(50)
    ]
    return {
        "one word": [Query(w) for w in ["surub", "piulita", "hexagonal", "ancora", "inox"] * 10],
        "two words, one typo": [
            Query(f"{thread_of(g)} {t}") for (_, _, g), t in zip(sample, typos, strict=True)
        ],
        "SKU prefix": [Query(sku[: len(sku) - 4]) for sku in (sku_of(s, i, g) for s, i, g in sample)],
        "facet-heavy": [Query("", filters=f) for f in heavy],
    }


PRICE_SORTED = [Query(w, sort="price") for w in ["surub", "piulita", "hexagonal", "ancora", "inox"] * 10]


@dataclass
class BenchResources:
    """What ``search.service.search`` reads of the app's resources."""

    db: Database
    settings: Settings


STEPS = ("scope", "backend", "other offers", "supplier checks", "log")


class Breakdown:
    """Each step's own time in the page assembly, per request (wrapping the service's steps)."""

    def __init__(self) -> None:
        self.current: dict[str, float] = {}
        self.runs: list[dict[str, float]] = []
        self._in_others = False

    def _timed(self, step: str, call: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            if step == "backend" and self._in_others:
                return await call(*args, **kwargs)
            self._in_others = self._in_others or step == "other offers"
            started = time.perf_counter()
            try:
                return await call(*args, **kwargs)
            finally:
                self.current[step] = self.current.get(step, 0.0) + time.perf_counter() - started
                if step == "other offers":
                    self._in_others = False

        return wrapper

    @contextmanager
    def installed(self) -> Iterator[None]:
        patched: list[tuple[Any, str, Any]] = [
            (service, "_scope", "scope"),
            (PostgresBackend, "search", "backend"),
            (service, "_other_offers", "other offers"),
            (service, "_checked", "supplier checks"),
            (service, "_log", "log"),
        ]
        originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
        for owner, name, step in patched:
            setattr(owner, name, self._timed(step, getattr(owner, name)))
        try:
            yield
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)

    def close_run(self, total: float) -> None:
        self.current["total"] = total
        self.runs.append(self.current)
        self.current = {}

    def summary(self) -> dict[str, float]:
        """Mean ms per step over the timed runs (a step a run skipped counts 0)."""
        return {
            step: round(sum(r.get(step, 0.0) for r in self.runs) * 1000 / len(self.runs), 2)
            for step in (*STEPS, "total")
        }


async def timed(
    runs: int, queries: list[Query], call: Callable[[Query], Awaitable[SearchPage]]
) -> tuple[list[float], Breakdown, list[SearchPage]]:
    for query in queries[:WARMUP]:
        await call(query)
    breakdown = Breakdown()
    found = []
    pages = []
    with breakdown.installed():
        for n in range(runs):
            started = time.perf_counter()
            pages.append(await call(queries[n % len(queries)]))
            found.append(time.perf_counter() - started)
            breakdown.close_run(found[-1])
    return found, breakdown, pages


def verify(world: World, per: int, pages: list[SearchPage]) -> dict[str, int]:
    """Every price shown equals the formulas' (customer list, with its tiers, or base)."""
    numbers = world.suppliers
    seen = {"customer": 0, "base": 0}
    for page in pages:
        if not page.prices_shown:
            raise BenchError("a buyer's page says prices are not shown")
        for item in page.items:
            for offer in item.offers:
                s = numbers[offer.supplier.id]
                i = int(offer.sku.rsplit("-", 1)[1])
                wanted = buyer_tiers(i, s * per + i)
                if offer.price is None:
                    raise BenchError(f"{offer.sku}: no price shown")
                got = [(t.min_qty, t.unit_price) for t in offer.price.tiers]
                if (offer.price.currency, offer.price.unit_price, got) != ("EUR", wanted[0][1], wanted):
                    raise BenchError(f"{offer.sku}: shown {offer.price}, expected tiers {wanted}")
                seen["customer" if i % 3 == 0 else "base"] += 1
    if not seen["customer"] or not seen["base"]:
        raise BenchError(f"verification saw too few prices of each kind: {seen}")
    return seen


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    migrations = MigrationSet.load()
    db = Database(pg.url, min_size=1, max_size=POOL)
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, migrations)
        per = per_supplier(opts.variants)
        started = time.perf_counter()
        world = await marketplace(db)
        with progress() as bar:
            task = bar.add_task(
                f"provision and load {SUPPLIERS} suppliers x {per:,} variants", total=SUPPLIERS
            )
            for s in range(SUPPLIERS):
                await supplier(db, migrations, world, s, per)
                bar.advance(task)
        results["load"] = {"variants": per * SUPPLIERS, "seconds": round(time.perf_counter() - started, 1)}
        err.print(f"  loaded {per * SUPPLIERS:,} variants in {results['load']['seconds']} s")
        settings = Settings(search_backend="postgres")
        report = await service.reindex(db, settings, restart=True)
        results["reindex"] = {
            "suppliers": report.suppliers,
            "documents": report.documents,
            "seconds": round(report.seconds, 1),
            "per_second": round(report.documents / report.seconds),
        }
        if report.documents != per * SUPPLIERS:
            raise BenchError(f"reindex wrote {report.documents} documents, {per * SUPPLIERS} expected")
        err.print(
            f"  reindexed in {report.seconds:.1f} s ({report.documents / report.seconds:,.0f} documents/s)"
        )
        async with db.pool.acquire() as connection:  # the steady state autovacuum reaches (bench.search)
            await connection.execute("VACUUM ANALYZE search.document")
            await connection.execute("VACUUM ANALYZE search.document_body")
        res = cast(Resources, BenchResources(db, settings))
        viewers = {
            "buyer": BuyerContext(principal=None, buyer_org_id=world.buyer),
            "anonymous": BuyerContext(principal=None, buyer_org_id=None),
        }

        def request(viewer: BuyerContext) -> Callable[[Query], Awaitable[SearchPage]]:
            return lambda query: service.search(
                res,
                viewer,
                SLUG,
                q=query.q,
                filters=query.filters,
                sort=query.sort,
                cursor=None,
                limit=PAGE,
            )

        mixes: list[tuple[str, str, list[Query]]] = [
            (who, name, queries) for who in viewers for name, queries in query_mix(world, per).items()
        ]
        mixes.append(("buyer", "price-sorted", PRICE_SORTED))
        results["queries"] = {}
        verified: list[SearchPage] = []
        for who, name, queries in mixes:
            latencies, breakdown, pages = await timed(opts.runs, queries, request(viewers[who]))
            if who == "buyer":
                verified += pages
            elif any(p.prices_shown or any(o.price for i in p.items for o in i.offers) for p in pages):
                raise BenchError("an anonymous page shows prices")
            label = f"{who}: {name}"
            results["queries"][label] = {
                "latency_ms": latency_summary_ms(latencies),
                "breakdown_mean_ms": breakdown.summary(),
                "last_total": pages[-1].total,
                "last_items": len(pages[-1].items),
            }
            err.print(
                f"  {label}: p95 {results['queries'][label]['latency_ms']['p95']} ms, "
                f"mean by step {breakdown.summary()}"
            )
        results["verified_offers_by_list"] = verify(world, per, verified)
    finally:
        await db.close()


def _p95(results: dict[str, Any], label: str) -> float | None:
    found = ((results.get("queries") or {}).get(label) or {}).get("latency_ms") or {}
    return found.get("p95")


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    at_scale = opts.variants >= TARGET_VARIANTS
    note = "" if at_scale else f"{opts.variants:,} variants only"
    limit = QUERY_P95_MS_1M if opts.variants >= 1_000_000 else QUERY_P95_MS
    found = [
        Target.below(f"query p95: {label}", _p95(results, label), limit, "ms", measured=at_scale, note=note)
        for label in (results.get("queries") or {})
        if label.startswith("buyer") and label != "buyer: price-sorted"  # the mix's target
    ]
    if results.get("queries") and "verified_offers_by_list" not in results:
        for target in found:
            target.passed, target.note = False, "the prices were not verified"
    return found


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    if load := results.get("load"):
        rows.append(
            (
                "provision + generate catalogs (not timed)",
                f"{load['variants']:,} in {load['seconds']} s",
                "",
                None,
            )
        )
    if reindex := results.get("reindex"):
        rows.append(
            (
                "reindex from the supplier schemas",
                f"{reindex['documents']:,} in {reindex['seconds']} s, {reindex['per_second']:,}/s",
                "",
                None,
            )
        )
    by_metric = {t.metric: t for t in targets}
    for label, found in (results.get("queries") or {}).items():
        target = by_metric.get(f"query p95: {label}")
        steps = found["breakdown_mean_ms"]
        rows.append(
            (
                f"{label} p95 (mean: " + ", ".join(f"{s} {steps[s]}" for s in STEPS) + ")",
                f"{found['latency_ms']['p95']} ms",
                target.target if target else "",
                target.passed if target else None,
            )
        )
    verified = results.get("verified_offers_by_list")
    rows.append(("buyer's prices verified (offers by list)", str(verified or "NOT VERIFIED"), "", None))
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "variants": opts.variants,
        "suppliers": SUPPLIERS,
        "runs": opts.runs,
        "warmup": WARMUP,
        "seed": SEED,
        "page": PAGE,
        "pool": POOL,
        "quick": opts.quick,
        "shared_buffers": opts.shared_buffers,
    }
    return drive(
        "search_service",
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
