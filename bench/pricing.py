"""Price resolution benchmark: 1,000 lines for one buyer against a large supplier.

    python -m bench.pricing            # 100,000 SKUs, 1,000 price lists, 1,000 lines, 50 runs
    python -m bench.pricing --quick    # smoke run: 5,000 SKUs, 100 lists, 200 lines, 10 runs

One supplier tenant is provisioned, then its catalog and prices are bulk-loaded
with COPY into its schema (not timed): ``--skus`` variants (4 per product, all
published), ``--lists`` price lists (2 base lists over every SKU, 10% segment
lists over 1,000 SKUs each, the rest customer lists over 300 SKUs each, spread over
300 buyers; 1 list in 10 in USD and 1 in 10 with a validity window that excludes
today), each item with 3 quantity tiers. The buyer measured is in 3 segments and
has 3 customer lists of its own. Then ``--runs`` resolutions of ``--lines`` random
lines (after 5 warm-up runs) are timed around a whole ``tenant_transaction`` +
``resolve_prices`` call, as a request would make it. Every line of the last run is
checked against an independent computation in Python from the generated data.

The floor, measured in the same run on the same lines (each run times both, one
after the other): one bare query fetching the price rows the resolution reads
(every tier of the lines' variants in the lists that may apply to the buyer, in
the currency), without validity, ranking or tier choice, in its own
``tenant_transaction``. The resolution is reported as a multiple of it: absolute
times differ between machines by 2x and more, the ratio much less.

The database is a fresh embedded PostgreSQL (not durable: this is a read
benchmark), or the one of ``HANSA_DATABASE_URL`` when set.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

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
from hansa.core.db import Database
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.pricing.resolution import ResolvedLine, resolve_prices
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import provision_tenant

TARGET_SKUS = 100_000
TARGET_LISTS = 1_000
TARGET_LINES = 1_000
TARGET_P95_MS = 50.0
WARMUP = 5
BUYERS = 300
SEGMENTS = 30
TIER_MINIMA = (Decimal(1), Decimal(10), Decimal(100))
QUANTITIES = (1, 2, 5, 10, 25, 50, 100, 250, 1000)
SEED = 20260315


@dataclass(frozen=True)
class Options:
    out: Path
    skus: int
    lists: int
    lines: int
    runs: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.pricing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument("--skus", type=int, default=None, help="variants in the catalog (default 100000)")
    parser.add_argument("--lists", type=int, default=None, help="price lists (default 1000)")
    parser.add_argument("--lines", type=int, default=None, help="lines per resolution (default 1000)")
    parser.add_argument("--runs", type=int, default=None, help="timed resolutions (default 50)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 5000 SKUs, 100 lists, 200 lines")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    opts = Options(
        out=args.out or RESULTS_DIR / ("pricing-quick.json" if quick else "pricing.json"),
        skus=args.skus if args.skus is not None else (5_000 if quick else TARGET_SKUS),
        lists=args.lists if args.lists is not None else (100 if quick else TARGET_LISTS),
        lines=args.lines if args.lines is not None else (200 if quick else TARGET_LINES),
        runs=args.runs if args.runs is not None else (10 if quick else 50),
        strict=bool(args.strict),
        quick=quick,
    )
    if opts.skus < 1_000 or opts.lists < 10 or opts.lines < 1 or opts.runs < 1:
        parser.error("--skus >= 1000, --lists >= 10, --lines and --runs >= 1")
    return opts


@dataclass
class PriceList:
    id: uuid.UUID
    kind: str
    currency: str
    priority: int
    segment: uuid.UUID | None
    buyer: uuid.UUID | None
    valid_from: date | None
    valid_to: date | None
    tiers: dict[int, list[tuple[Decimal, Decimal]]]  # sku index -> tiers


@dataclass
class Catalog:
    skus: list[str]
    variant_ids: list[uuid.UUID]
    buyer: uuid.UUID
    lists: list[PriceList]
    memberships: list[tuple[uuid.UUID, uuid.UUID]]  # (segment, buyer)


def generate(opts: Options, today: date) -> Catalog:
    rng = random.Random(SEED)
    skus = [f"SKU-{n:07d}" for n in range(opts.skus)]
    variant_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in skus]
    buyers = [uuid.uuid4() for _ in range(BUYERS)]
    buyer = buyers[0]
    segments = [uuid.uuid4() for _ in range(SEGMENTS)]
    memberships = [(segments[i], buyer) for i in range(3)]
    memberships += [(rng.choice(segments), b) for b in buyers[1:] for _ in range(2)]
    memberships = sorted(set(memberships))
    n_segment = max(1, opts.lists // 10)
    kinds = ["base"] * 2 + ["segment"] * n_segment + ["customer"] * (opts.lists - 2 - n_segment)
    lists = []
    customer_seen = 0
    for index, kind in enumerate(kinds):
        segment = buyer_id = None
        if kind == "base":
            covered: Sequence[int] = range(opts.skus)
        elif kind == "segment":
            segment = segments[index % SEGMENTS]
            covered = rng.sample(range(opts.skus), min(1_000, opts.skus))
        else:
            buyer_id = buyer if customer_seen < 3 else buyers[1 + customer_seen % (BUYERS - 1)]
            customer_seen += 1
            covered = rng.sample(range(opts.skus), min(300, opts.skus))
        currency = "USD" if kind != "base" and rng.random() < 0.1 else "EUR"
        valid_from = valid_to = None
        if kind != "base" and rng.random() < 0.1:
            valid_from, valid_to = today + timedelta(days=30), today + timedelta(days=90)
        tiers = {}
        for sku in covered:
            price = Decimal(rng.randint(1_000, 10_000_000)) / Decimal(10_000)
            tiers[sku] = [
                (TIER_MINIMA[0], price),
                (TIER_MINIMA[1], (price * Decimal("0.95")).quantize(Decimal("0.000001"))),
                (TIER_MINIMA[2], (price * Decimal("0.9")).quantize(Decimal("0.000001"))),
            ]
        lists.append(
            PriceList(
                id=uuid.uuid4(),
                kind=kind,
                currency=currency,
                priority=rng.randint(0, 5) if kind != "base" else index,
                segment=segment,
                buyer=buyer_id,
                valid_from=valid_from,
                valid_to=valid_to,
                tiers=tiers,
            )
        )
    return Catalog(skus, variant_ids, buyer, lists, memberships)


async def load(db: Database, schema: str, catalog: Catalog) -> dict[str, Any]:
    """COPY the generated catalog into the tenant's schema; return row counts and seconds."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    products = [uuid.uuid4() for _ in range(0, len(catalog.skus), 4)]
    item_rows: list[tuple[Any, ...]] = []
    tier_rows: list[tuple[Any, ...]] = []
    for price_list in catalog.lists:
        for sku, tiers in price_list.tiers.items():
            item_id = uuid.uuid4()
            item_rows.append((item_id, price_list.id, catalog.variant_ids[sku]))
            tier_rows.extend((item_id, min_qty, price) for min_qty, price in tiers)
    tables: list[tuple[str, list[str], list[tuple[Any, ...]]]] = [
        (
            "product",
            ["id", "name", "status", "created_at", "updated_at"],
            [(pid, f"Product {n}", "published", now, now) for n, pid in enumerate(products)],
        ),
        (
            "variant",
            ["id", "product_id", "sku", "created_at", "updated_at"],
            [(vid, products[n // 4], catalog.skus[n], now, now) for n, vid in enumerate(catalog.variant_ids)],
        ),
        (
            "buyer_segment",
            ["id", "name"],
            [(seg, f"Segment {n}") for n, seg in enumerate(sorted({s for s, _ in catalog.memberships}))],
        ),
        ("buyer_segment_member", ["segment_id", "buyer_org_id"], catalog.memberships),
        (
            "price_list",
            [
                "id",
                "name",
                "kind",
                "currency",
                "valid_from",
                "valid_to",
                "priority",
                "segment_id",
                "buyer_org_id",
            ],
            [
                (
                    pl.id,
                    f"{pl.kind} {n}",
                    pl.kind,
                    pl.currency,
                    pl.valid_from,
                    pl.valid_to,
                    pl.priority,
                    pl.segment,
                    pl.buyer,
                )
                for n, pl in enumerate(catalog.lists)
            ],
        ),
        ("price_list_item", ["id", "price_list_id", "variant_id"], item_rows),
        ("price_tier", ["price_list_item_id", "min_qty", "unit_price"], tier_rows),
    ]
    counts = {}
    segments_used = {pl.segment for pl in catalog.lists if pl.segment is not None}
    missing = segments_used - {s for s, _ in catalog.memberships}
    tables[2][2].extend((seg, f"Segment x{n}") for n, seg in enumerate(sorted(missing)))
    with progress() as bar:
        task = bar.add_task("COPY into the tenant schema", total=sum(len(rows) for _, _, rows in tables))
        async with db.pool.acquire() as connection:
            async with connection.transaction():
                for table, columns, rows in tables:
                    for start in range(0, len(rows), 50_000):
                        chunk = rows[start : start + 50_000]
                        await connection.copy_records_to_table(
                            table, records=chunk, columns=columns, schema_name=schema
                        )
                        bar.advance(task, len(chunk))
                    counts[table] = len(rows)
            for table, _, _ in tables:  # as autovacuum would: statistics and the visibility map
                await connection.execute(f'VACUUM ANALYZE "{schema}".{table}')
    return {"rows": counts, "seconds": round(time.perf_counter() - started, 2)}


FLOOR_SQL = """
SELECT l.ord, v.id AS variant_id, pli.price_list_id, pt.min_qty, pt.unit_price
FROM unnest($1::text[]) WITH ORDINALITY AS l (sku, ord)
JOIN variant v ON v.sku = l.sku
JOIN price_list_item pli ON pli.variant_id = v.id
JOIN price_list pl ON pl.id = pli.price_list_id
JOIN price_tier pt ON pt.price_list_item_id = pli.id
WHERE pl.currency = $3
  AND (
      pl.kind = 'base'
      OR pl.buyer_org_id = $2::uuid
      OR pl.segment_id IN (SELECT m.segment_id FROM buyer_segment_member m WHERE m.buyer_org_id = $2::uuid)
  )
"""


async def fetch_floor(
    db: Database, ctx: TenantContext, buyer: uuid.UUID, lines: list[tuple[str, Decimal]]
) -> int:
    """The floor: the candidate price rows of ``lines`` by one bare query; the number of rows."""
    async with tenant_transaction(db, ctx) as tx:
        rows = await tx.fetch(FLOOR_SQL, [sku for sku, _ in lines], buyer, "EUR")
    return len(rows)


def ratio(value: float, floor: float) -> float | None:
    return round(value / floor, 2) if floor > 0 else None


def expected_line(
    catalog: Catalog, by_sku: dict[int, list[PriceList]], sku: int, qty: Decimal, today: date
) -> tuple[uuid.UUID, Decimal] | None:
    """The (list, unit price) the rules give, computed without SQL."""
    segments = {s for s, b in catalog.memberships if b == catalog.buyer}
    best: tuple[tuple[int, int, str], uuid.UUID, Decimal] | None = None
    for pl in by_sku.get(sku, []):
        if pl.currency != "EUR":
            continue
        if (pl.valid_from and pl.valid_from > today) or (pl.valid_to and pl.valid_to < today):
            continue
        if pl.kind == "segment" and pl.segment not in segments:
            continue
        if pl.kind == "customer" and pl.buyer != catalog.buyer:
            continue
        usable = [t for t in pl.tiers[sku] if t[0] <= qty]
        if not usable:
            continue
        rank = {"customer": 0, "contract": 0, "segment": 1, "base": 2}[pl.kind]
        key = (rank, -pl.priority, str(pl.id))
        if best is None or key < best[0]:
            best = (key, pl.id, max(usable)[1])
    return (best[1], best[2]) if best else None


def verify(
    catalog: Catalog, lines: list[tuple[str, Decimal]], got: list[ResolvedLine], today: date
) -> dict[str, int]:
    index = {sku: n for n, sku in enumerate(catalog.skus)}
    by_sku: dict[int, list[PriceList]] = defaultdict(list)
    wanted = {index[sku] for sku, _ in lines}
    for pl in catalog.lists:
        for n in wanted & pl.tiers.keys():
            by_sku[n].append(pl)
    kinds: dict[str, int] = defaultdict(int)
    for (sku, qty), line in zip(lines, got, strict=True):
        expected = expected_line(catalog, by_sku, index[sku], qty, today)
        if expected is None:
            raise BenchError(f"{sku} x {qty}: no price expected (base lists cover everything)")
        total = (qty * expected[1]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if (line.price_list_id, line.unit_price, line.line_total) != (*expected, total):
            raise BenchError(f"{sku} x {qty}: got {line}, expected list/price {expected}, total {total}")
        kinds[str(line.price_list_kind)] += 1
    return dict(kinds)


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    migrations = MigrationSet.load()
    db = Database(pg.url, min_size=1, max_size=4)
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, migrations)
        key = uuid.uuid4().hex[:12]
        tenant = await provision_tenant(db, migrations, NewTenant(slug=f"bench-{key}", name="Bench pricing"))
        ctx = TenantContext.for_tenant(tenant.id)
        today = datetime.now(UTC).date()
        err.print(f"generating {opts.skus:,} SKUs and {opts.lists:,} price lists ...")
        catalog = generate(opts, today)
        results["load"] = await load(db, ctx.schema, catalog)
        err.print(f"  loaded in {results['load']['seconds']} s: {results['load']['rows']}")
        rng = random.Random(SEED + 1)
        timings = []
        floor_timings = []
        floor_rows = 0
        got: list[ResolvedLine] = []
        lines: list[tuple[str, Decimal]] = []
        with progress() as bar:
            task = bar.add_task(f"resolve {opts.lines:,} lines x {opts.runs}", total=WARMUP + opts.runs)
            for n in range(WARMUP + opts.runs):
                lines = [
                    (rng.choice(catalog.skus), Decimal(rng.choice(QUANTITIES))) for _ in range(opts.lines)
                ]
                started = time.perf_counter()
                async with tenant_transaction(db, ctx) as tx:
                    got = await resolve_prices(
                        tx, buyer_org_id=catalog.buyer, lines=lines, currency="EUR", at=today
                    )
                resolved = time.perf_counter()
                floor_rows = await fetch_floor(db, ctx, catalog.buyer, lines)
                if n >= WARMUP:
                    timings.append(resolved - started)
                    floor_timings.append(time.perf_counter() - resolved)
                bar.advance(task)
        results["resolution"] = {
            "skus": opts.skus,
            "price_lists": opts.lists,
            "lines": opts.lines,
            "runs": opts.runs,
            "latency_ms": latency_summary_ms(timings),
            "samples_ms": [round(t * 1000, 2) for t in timings],
        }
        lat = results["resolution"]["latency_ms"]
        floor = latency_summary_ms(floor_timings)
        results["floor"] = {
            "query": "the lines' candidate price rows, one bare SELECT (no validity, ranking or tier choice)",
            "rows_last_run": floor_rows,
            "latency_ms": floor,
            "samples_ms": [round(t * 1000, 2) for t in floor_timings],
        }
        results["ratio_to_floor"] = {
            "p50": ratio(lat["p50"], floor["p50"]),
            "p95": ratio(lat["p95"], floor["p95"]),
        }
        err.print(f"  p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms")
        err.print(
            f"  floor p50 {floor['p50']} ms, p95 {floor['p95']} ms ({floor_rows:,} rows): "
            f"resolution x{results['ratio_to_floor']['p50']} / x{results['ratio_to_floor']['p95']}"
        )
        results["resolution"]["verified_last_run_by_kind"] = verify(catalog, lines, got, today)
    finally:
        await db.close()


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    resolution = results.get("resolution") or {}
    at_scale = opts.skus >= TARGET_SKUS and opts.lists >= TARGET_LISTS and opts.lines >= TARGET_LINES
    note = "" if at_scale else f"{opts.skus:,} SKUs, {opts.lists:,} lists, {opts.lines:,} lines only"
    target = Target.below(
        f"resolve {TARGET_LINES:,} lines p95 ({TARGET_SKUS:,} SKUs, {TARGET_LISTS:,} lists)",
        resolution.get("latency_ms", {}).get("p95"),
        TARGET_P95_MS,
        "ms",
        measured=at_scale,
        note=note,
    )
    if resolution and "verified_last_run_by_kind" not in resolution:
        target.passed = False
        target.note = "the answers were not verified"
    return [target]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    load = results.get("load")
    if load:
        rows.append(
            (
                "bulk load (COPY + VACUUM ANALYZE)",
                f"{load['seconds']:.1f} s, {load['rows'].get('price_tier', 0):,} tiers",
                "",
                None,
            )
        )
    resolution = results.get("resolution")
    target = targets[0]
    if resolution:
        lat = resolution["latency_ms"]
        rows.append(
            (
                f"resolve {resolution['lines']:,} lines ({resolution['skus']:,} SKUs, "
                f"{resolution['price_lists']:,} lists) p50/p95/max",
                f"{lat['p50']:.1f} / {lat['p95']:.1f} / {lat['max']:.1f} ms",
                f"p95 {target.target}",
                target.passed,
            )
        )
        floor = results.get("floor")
        if floor:
            times = results["ratio_to_floor"]
            rows.append(
                (
                    f"floor: the same lines' price rows, one bare query ({floor['rows_last_run']:,} rows)"
                    " p50/p95",
                    f"{floor['latency_ms']['p50']:.1f} / {floor['latency_ms']['p95']:.1f} ms",
                    "",
                    None,
                )
            )
            rows.append(("resolution / floor, p50 / p95", f"{times['p50']}x / {times['p95']}x", "", None))
        verified = resolution.get("verified_last_run_by_kind")
        rows.append(("last run verified, lines by list kind", str(verified or "NOT VERIFIED"), "", None))
    else:
        rows.append((target.metric, "not run", f"p95 {target.target}", None))
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "skus": opts.skus,
        "lists": opts.lists,
        "lines": opts.lines,
        "runs": opts.runs,
        "warmup": WARMUP,
        "seed": SEED,
        "quick": opts.quick,
    }
    return drive(
        "pricing",
        opts,
        parameters,
        durable=False,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
