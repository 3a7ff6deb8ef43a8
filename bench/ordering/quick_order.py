"""Quick-order benchmark: a paste of 10,000 lines resolved (SKU lookup + prices + rule checks).

    python -m bench.ordering.quick_order            # 5 suppliers x 20,000 SKUs, 10,000 lines, 10 runs
    python -m bench.ordering.quick_order --quick    # smoke run: 2 suppliers x 2,000 SKUs, 1,000 lines, 3 runs

``--suppliers`` tenants are provisioned, made active and listed on one marketplace;
each gets ``--skus`` published variants (minimum 10, packs of 10) with a base EUR price
list of 2 tiers, bulk-loaded with COPY (not timed). 5% of the SKUs are sold by two
suppliers (the paste's ambiguous rows). The paste is ``--lines`` lines ``SKU<tab>qty``
over all suppliers' SKUs: 90% valid, 5% quantities breaking the pack rule, 5% unknown
SKUs. Each run times what ``POST /orgs/{org}/quick-order/resolve`` does after decoding
the body: the paste parsed (off the event loop) and ``cart.quick.resolve`` (suppliers,
preferred suppliers, per supplier one variant lookup and one price resolution). The
answer of the last run is checked row by row against the generated data.

The floor, in the same run: per supplier one bare ``SELECT id, sku FROM variant WHERE
sku = ANY(...)`` of all the paste's SKUs in its own ``tenant_transaction`` (the lookup
alone, no pricing); the resolution is reported as a multiple of it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
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
from hansa.core.db import Database
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.cart import paste, quick
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import provision_tenant

TARGET_LINES = 10_000
TARGET_P95_MS = 2000.0
WARMUP = 2
SEED = 20261128


@dataclass(frozen=True)
class Options:
    out: Path
    suppliers: int
    skus: int
    lines: int
    runs: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ordering.quick_order", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument("--suppliers", type=int, default=None, help="listed suppliers (default 5)")
    parser.add_argument("--skus", type=int, default=None, help="SKUs per supplier (default 20000)")
    parser.add_argument("--lines", type=int, default=None, help="pasted lines (default 10000)")
    parser.add_argument("--runs", type=int, default=None, help="timed resolutions (default 10)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 x 2000 SKUs, 1000 lines, 3 runs")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick_run = bool(args.quick)
    opts = Options(
        out=args.out or RESULTS_DIR / ("quick_order-quick.json" if quick_run else "quick_order.json"),
        suppliers=args.suppliers or (2 if quick_run else 5),
        skus=args.skus or (2_000 if quick_run else 20_000),
        lines=args.lines or (1_000 if quick_run else TARGET_LINES),
        runs=args.runs or (3 if quick_run else 10),
        strict=bool(args.strict),
        quick=quick_run,
    )
    if opts.suppliers < 1 or opts.skus < 100 or not 1 <= opts.lines <= paste.MAX_ROWS or opts.runs < 1:
        parser.error("--suppliers >= 1, --skus >= 100, 1 <= --lines <= 10000, --runs >= 1")
    return opts


@dataclass
class Supplier:
    id: uuid.UUID
    slug: str
    schema: str
    skus: list[str]


async def load_supplier(db: Database, supplier: Supplier, shared: list[str]) -> int:
    """COPY the supplier's products, variants and base price list (its SKUs and ``shared``)."""
    now = datetime.now(UTC)
    skus = supplier.skus + shared
    products = [uuid.uuid4() for _ in skus]
    variants = [uuid.uuid4() for _ in skus]
    price_list = uuid.uuid4()
    items = [uuid.uuid4() for _ in skus]
    tables: list[tuple[str, list[str], list[tuple[Any, ...]]]] = [
        (
            "product",
            ["id", "name", "status", "created_at", "updated_at"],
            [(p, f"Product {sku}", "published", now, now) for p, sku in zip(products, skus, strict=True)],
        ),
        (
            "variant",
            ["id", "product_id", "sku", "pack_size", "min_order_qty", "order_increment"],
            [
                (v, p, sku, Decimal(10), Decimal(10), Decimal(10))
                for v, p, sku in zip(variants, products, skus, strict=True)
            ],
        ),
        ("price_list", ["id", "name", "kind", "currency"], [(price_list, "Base", "base", "EUR")]),
        (
            "price_list_item",
            ["id", "price_list_id", "variant_id"],
            [(i, price_list, v) for i, v in zip(items, variants, strict=True)],
        ),
        (
            "price_tier",
            ["price_list_item_id", "min_qty", "unit_price"],
            [(i, Decimal(q), Decimal(p)) for i in items for q, p in ((10, "1.25"), (100, "1.10"))],
        ),
    ]
    async with db.pool.acquire() as connection:
        async with connection.transaction():
            for table, columns, rows in tables:
                await connection.copy_records_to_table(
                    table, records=rows, columns=columns, schema_name=supplier.schema
                )
        for table, _, _ in tables:
            await connection.execute(f'VACUUM ANALYZE "{supplier.schema}".{table}')
    return len(skus)


async def setup(db: Database, opts: Options) -> tuple[list[Supplier], list[str]]:
    migrations = MigrationSet.load()
    await migrate_public(db, migrations)
    key = uuid.uuid4().hex[:8]
    marketplace_id = uuid.uuid4()
    await db.pool.execute(
        "INSERT INTO public.marketplace (id, slug, name, kind) VALUES ($1, $2, 'Bench market', 'horizontal')",
        marketplace_id,
        f"bench-{key}",
    )
    suppliers = []
    for n in range(opts.suppliers):
        tenant = await provision_tenant(
            db, migrations, NewTenant(slug=f"bench-{key}-{n}", name=f"Bench supplier {n}"), status="active"
        )
        await db.pool.execute(
            "INSERT INTO public.marketplace_listing (id, marketplace_id, tenant_id, status) "
            "VALUES ($1, $2, $3, 'approved')",
            uuid.uuid4(),
            marketplace_id,
            tenant.id,
        )
        skus = [f"S{n}-{i:06d}" for i in range(opts.skus)]
        suppliers.append(Supplier(tenant.id, tenant.slug, TenantContext.for_tenant(tenant.id).schema, skus))
    shared = [f"SHARED-{i:06d}" for i in range(max(1, opts.skus // 20))]
    with progress() as bar:
        task = bar.add_task("COPY the suppliers' catalogs", total=len(suppliers))
        for n, supplier in enumerate(suppliers):
            # shared SKU i is sold by suppliers i and i + 1 (modulo their number)
            count = len(suppliers)
            mine = [s for i, s in enumerate(shared) if n in (i % count, (i + 1) % count)]
            await load_supplier(db, supplier, mine)
            bar.advance(task)
    return suppliers, shared


@dataclass(frozen=True)
class PastedLine:
    sku: str
    quantity: int
    expected: str  # accepted, rejected, ambiguous


def make_paste(
    rng: random.Random, suppliers: list[Supplier], shared: list[str], lines: int
) -> list[PastedLine]:
    made = []
    for _ in range(lines):
        roll = rng.random()
        if roll < 0.05:
            made.append(PastedLine(f"NOPE-{rng.randrange(10**6)}", 10, "rejected"))
        elif roll < 0.10:
            made.append(PastedLine(rng.choice(rng.choice(suppliers).skus), 15, "rejected"))
        elif roll < 0.15 and len(suppliers) > 1:
            made.append(PastedLine(rng.choice(shared), 20, "ambiguous"))
        else:
            made.append(
                PastedLine(rng.choice(rng.choice(suppliers).skus), 10 * rng.randint(1, 30), "accepted")
            )
    return made


async def resolve_paste(res: Resources, org_id: uuid.UUID, text: str) -> Any:
    """What the resolve route does with a pasted body."""
    rows = await asyncio.to_thread(paste.parse_text, text)
    return await quick.resolve(res, org_id, [quick.QuickRow(row) for row in rows])


async def floor(db: Database, suppliers: list[Supplier], skus: list[str]) -> None:
    for supplier in suppliers:
        async with tenant_transaction(db, TenantContext.for_tenant(supplier.id)) as tx:
            await tx.fetch("SELECT id, sku FROM variant WHERE sku = ANY($1::text[])", skus)


def verify(lines: list[PastedLine], report: Any) -> dict[str, int]:
    if len(report.rows) != len(lines):
        raise BenchError(f"{len(report.rows)} rows answered for {len(lines)} lines")
    for line, row in zip(lines, report.rows, strict=True):
        if row.status != line.expected:
            raise BenchError(
                f"row {row.row} ({line.sku} {line.quantity}): {row.status}, expected {line.expected}"
            )
    return {"accepted": report.accepted, "rejected": report.rejected, "ambiguous": report.ambiguous}


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    db = Database(pg.url, min_size=1, max_size=4)
    await db.connect()
    try:
        database.update(await server_info(db))
        started = time.perf_counter()
        suppliers, shared = await setup(db, opts)
        results["load"] = {
            "suppliers": len(suppliers),
            "skus_per_supplier": opts.skus,
            "shared_skus": len(shared),
            "seconds": round(time.perf_counter() - started, 2),
        }
        res = cast(Resources, type("BenchResources", (), {"db": db})())
        org_id = uuid.uuid4()
        rng = random.Random(SEED)
        timings: list[float] = []
        floor_timings: list[float] = []
        report: Any = None
        lines: list[PastedLine] = []
        with progress() as bar:
            task = bar.add_task(
                f"resolve {opts.lines:,} pasted lines x {opts.runs}", total=WARMUP + opts.runs
            )
            for n in range(WARMUP + opts.runs):
                lines = make_paste(rng, suppliers, shared, opts.lines)
                text = "\n".join(f"{line.sku}\t{line.quantity}" for line in lines)
                began = time.perf_counter()
                report = await resolve_paste(res, org_id, text)
                resolved = time.perf_counter()
                await floor(db, suppliers, sorted({line.sku for line in lines}))
                if n >= WARMUP:
                    timings.append(resolved - began)
                    floor_timings.append(time.perf_counter() - resolved)
                bar.advance(task)
        lat = latency_summary_ms(timings)
        floor_lat = latency_summary_ms(floor_timings)
        results["resolution"] = {
            "lines": opts.lines,
            "runs": opts.runs,
            "latency_ms": lat,
            "samples_ms": [round(t * 1000, 2) for t in timings],
            "verified_last_run": verify(lines, report),
        }
        results["floor"] = {
            "query": "per supplier, the paste's SKUs looked up by one bare SELECT (no pricing, no rules)",
            "latency_ms": floor_lat,
        }
        results["ratio_to_floor"] = {
            "p50": round(lat["p50"] / floor_lat["p50"], 1) if floor_lat["p50"] else None,
            "p95": round(lat["p95"] / floor_lat["p95"], 1) if floor_lat["p95"] else None,
        }
        err.print(f"  p50 {lat['p50']} ms, p95 {lat['p95']} ms; floor p50 {floor_lat['p50']} ms")
    finally:
        await db.close()


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    resolution = results.get("resolution") or {}
    at_scale = opts.lines >= TARGET_LINES
    return [
        Target.below(
            f"quick-order paste of {TARGET_LINES:,} lines resolved, p95",
            resolution.get("latency_ms", {}).get("p95"),
            TARGET_P95_MS,
            "ms",
            measured=at_scale and "verified_last_run" in resolution,
            note="" if at_scale else f"{opts.lines:,} lines only",
        )
    ]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    load = results.get("load")
    if load:
        rows.append(
            (
                f"load ({load['suppliers']} suppliers x {load['skus_per_supplier']:,} SKUs, COPY)",
                f"{load['seconds']:.1f} s",
                "",
                None,
            )
        )
    resolution = results.get("resolution")
    target = targets[0]
    if not resolution:
        return [*rows, (target.metric, "not run", f"p95 {target.target}", None)]
    lat = resolution["latency_ms"]
    rows.append(
        (
            f"resolve {resolution['lines']:,} pasted lines p50/p95/max",
            f"{lat['p50']:.0f} / {lat['p95']:.0f} / {lat['max']:.0f} ms",
            f"p95 {target.target}",
            target.passed,
        )
    )
    floor_lat = results["floor"]["latency_ms"]
    rows.append(
        (
            "floor: the SKU lookup alone, p50/p95",
            f"{floor_lat['p50']:.0f} / {floor_lat['p95']:.0f} ms",
            "",
            None,
        )
    )
    times = results["ratio_to_floor"]
    rows.append(("resolution / floor, p50 / p95", f"{times['p50']}x / {times['p95']}x", "", None))
    rows.append(("last run verified (rows by status)", str(resolution["verified_last_run"]), "", None))
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "suppliers": opts.suppliers,
        "skus": opts.skus,
        "lines": opts.lines,
        "runs": opts.runs,
        "warmup": WARMUP,
        "seed": SEED,
        "quick": opts.quick,
    }
    return drive(
        "quick_order",
        opts,
        parameters,
        durable=False,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
