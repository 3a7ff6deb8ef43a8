"""Placement benchmark: a cart across 5 suppliers placed, and buyers racing for the last units.

    python -m bench.ordering.placement          # 1,000 lines, 5 suppliers, 30 runs; 100 buyers, 50 units
    python -m bench.ordering.placement --quick  # smoke run: 100 lines, 5 runs; 20 buyers, 10 units

Five supplier tenants are provisioned, each with ``--lines / 5`` published variants, a
base price list (3 tiers) and plenty of stock (not timed). One timed run is what
``POST .../checkout`` does after its checks: the lines priced per supplier (one
``resolve_prices`` in each supplier's transaction), the checkout and its 5 steps
written (one public transaction), then ``checkout.service.run_steps``: per supplier,
one transaction that locks the step, reserves the stock, takes the order number and
writes the order, its lines, revision and ``order_ref``. Every run's 5 orders are
checked (lines, totals equal to the priced subtotals).

The race: ``--buyers`` buyer companies each place an order of 1 unit of one SKU that has
``--units`` in stock, all at once (each its own transaction, the pool as wide as the
app's default). Exactly ``--units`` orders must be placed, the rest refused as out of
stock, and the stock must not go below zero; orders per second is reported.

The database is a fresh embedded PostgreSQL (durable: these are writes), or the one of
``HANSA_DATABASE_URL`` when set.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
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
from hansa.core.jobs import discover_jobs
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.catalog.errors import OutOfStock
from hansa.marketplace.checkout import service as checkout
from hansa.marketplace.orders.placement import PlaceLine, PlaceOrder, place_supplier_order
from hansa.marketplace.pricing.resolution import resolve_prices
from hansa.tenants import service as tenants
from hansa.tenants.schemas import NewTenant

SUPPLIERS = 5
TARGET_LINES = 1_000
TARGET_P95_MS = 500.0
TARGET_BUYERS = 100
TARGET_UNITS = 50
WARMUP = 2
POOL = 10


@dataclass(frozen=True)
class Options:
    out: Path
    lines: int
    runs: int
    buyers: int
    units: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ordering.placement", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument(
        "--lines", type=int, default=None, help="cart lines across the 5 suppliers (default 1000)"
    )
    parser.add_argument("--runs", type=int, default=None, help="timed placements (default 30)")
    parser.add_argument("--buyers", type=int, default=None, help="racing buyers (default 100)")
    parser.add_argument("--units", type=int, default=None, help="units left of the raced SKU (default 50)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 100 lines, 5 runs, 20 buyers, 10 units"
    )
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    opts = Options(
        out=args.out or RESULTS_DIR / ("placement-quick.json" if quick else "placement.json"),
        lines=args.lines if args.lines is not None else (100 if quick else TARGET_LINES),
        runs=args.runs if args.runs is not None else (5 if quick else 30),
        buyers=args.buyers if args.buyers is not None else (20 if quick else TARGET_BUYERS),
        units=args.units if args.units is not None else (10 if quick else TARGET_UNITS),
        strict=bool(args.strict),
        quick=quick,
    )
    if opts.lines < SUPPLIERS or opts.runs < 1 or opts.units < 1 or opts.buyers <= opts.units:
        parser.error("--lines >= 5, --runs >= 1, --units >= 1 and --buyers > --units")
    return opts


@dataclass
class Supplier:
    ctx: TenantContext
    skus: list[str]


async def supplier(db: Database, migrations: MigrationSet, n: int, skus: int, on_hand: int) -> Supplier:
    """A supplier tenant with ``skus`` published variants, a base EUR list and stock (not timed)."""
    key = uuid.uuid4().hex[:8]
    tenant = await tenants.provision_tenant(
        db, migrations, NewTenant(slug=f"bench-{n}-{key}", name=f"Supplier {n}")
    )
    await db.pool.execute("UPDATE public.tenant SET status = 'active' WHERE id = $1", tenant.id)
    ctx = TenantContext.for_tenant(tenant.id)
    names = [f"S{n}-{i:05d}" for i in range(skus)]
    async with tenant_transaction(db, ctx) as tx:
        await tx.execute(
            """
            WITH p AS (
                INSERT INTO product (id, name, status)
                SELECT gen_random_uuid(), 'Part ' || s, 'published' FROM unnest($1::text[]) AS s
                RETURNING id, name),
            v AS (
                INSERT INTO variant (id, product_id, sku)
                SELECT gen_random_uuid(), p.id, substr(p.name, 6) FROM p RETURNING id),
            loc AS (
                INSERT INTO inventory_location (id, code, name)
                VALUES (gen_random_uuid(), 'W1', 'W1') RETURNING id),
            lvl AS (
                INSERT INTO inventory_level (variant_id, location_id, on_hand)
                SELECT v.id, loc.id, $2 FROM v, loc RETURNING variant_id),
            pl AS (
                INSERT INTO price_list (id, name, kind, currency)
                VALUES (gen_random_uuid(), 'Base', 'base', 'EUR') RETURNING id),
            items AS (
                INSERT INTO price_list_item (id, price_list_id, variant_id)
                SELECT gen_random_uuid(), pl.id, v.id FROM pl, v RETURNING id)
            INSERT INTO price_tier (price_list_item_id, min_qty, unit_price)
            SELECT items.id, t.min_qty, t.price FROM items,
                   (VALUES (1::numeric, 2.345::numeric), (10, 2.1), (100, 1.9)) AS t (min_qty, price)
            """,
            names,
            on_hand,
        )
    return Supplier(ctx, names)


async def buyer(db: Database, name: str) -> uuid.UUID:
    org_id = uuid.uuid4()
    await db.pool.execute(
        "INSERT INTO public.organisation (id, kind, name) VALUES ($1, 'buyer', $2)", org_id, name
    )
    return org_id


SNAPSHOT = {"location_id": None, "name": "HQ", "line1": "Str. 1", "city": "Cluj", "country": "RO"}


async def place_cart(
    db: Database, buyer_id: uuid.UUID, suppliers: list[Supplier], quantities: list[Decimal]
) -> float:
    """One placement as the checkout makes it after its checks; its duration in seconds."""
    started = time.perf_counter()
    today = datetime.now(UTC).date()
    steps = []
    for position, s in enumerate(suppliers, start=1):
        lines = list(zip(s.skus, quantities, strict=True))
        async with tenant_transaction(db, s.ctx) as tx:
            priced = await resolve_prices(tx, buyer_org_id=buyer_id, lines=lines, currency="EUR", at=today)
        if any(line.unit_price is None for line in priced):
            raise BenchError("a line has no price")
        steps.append((s.ctx.tenant_id, position, priced))
    checkout_id = uuid.uuid4()
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.checkout (id, org_id, status, ship_to, bill_to) "
            "VALUES ($1, $2, 'placing', $3, $3)",
            checkout_id,
            buyer_id,
            SNAPSHOT,
        )
        for tenant_id, position, priced in steps:
            await tx.execute(
                "INSERT INTO public.checkout_step (checkout_id, tenant_id, position, payment_method, "
                "currency, total, lines) VALUES ($1, $2, $3, 'bank_transfer', 'EUR', $4, $5)",
                checkout_id,
                tenant_id,
                position,
                sum((line.line_total or Decimal(0) for line in priced), Decimal(0)),
                [
                    {
                        "sku": line.sku,
                        "quantity": str(line.quantity),
                        "unit_price": str(line.unit_price),
                        "line_total": str(line.line_total),
                        "price_list_id": str(line.price_list_id),
                    }
                    for line in priced
                ],
            )
    await checkout.run_steps(db, checkout_id)
    elapsed = time.perf_counter() - started
    await verify(db, checkout_id, len(quantities))
    return elapsed


async def verify(db: Database, checkout_id: uuid.UUID, lines_each: int) -> None:
    rows = await db.pool.fetch(
        "SELECT s.status, s.total, r.total AS order_total, s.failure_reason FROM public.checkout_step s "
        "LEFT JOIN public.order_ref r ON r.order_id = s.order_id WHERE s.checkout_id = $1",
        checkout_id,
    )
    if len(rows) != SUPPLIERS or any(r["status"] != "placed" or r["total"] != r["order_total"] for r in rows):
        raise BenchError(f"checkout {checkout_id}: {[dict(r) for r in rows]}")
    status = await db.pool.fetchval("SELECT status FROM public.checkout WHERE id = $1", checkout_id)
    if status != "completed":
        raise BenchError(f"checkout {checkout_id} is {status}")


async def race(db: Database, raced: Supplier, buyers: list[uuid.UUID]) -> dict[str, Any]:
    """Every buyer orders 1 unit of the raced SKU at once."""
    sku = raced.skus[0]
    async with tenant_transaction(db, raced.ctx) as tx:
        tenant = await tenants.find_tenant_by_id(tx, raced.ctx.tenant_id)
    assert tenant is not None

    async def order(buyer_id: uuid.UUID) -> bool:
        body = PlaceOrder(
            checkout_id=uuid.uuid4(),
            buyer_org_id=buyer_id,
            buyer_name="Racing buyer",
            placed_by=None,
            currency="EUR",
            payment_method="bank_transfer",
            ship_to=SNAPSHOT,
            bill_to=SNAPSHOT,
            lines=[PlaceLine(sku, Decimal(1), Decimal("2.345"))],
        )
        try:
            async with tenant_transaction(db, raced.ctx) as tx:
                await place_supplier_order(tx, tenant, body)
            return True
        except OutOfStock:
            return False

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(order(b) for b in buyers))
    elapsed = time.perf_counter() - started
    async with tenant_transaction(db, raced.ctx) as tx:
        row = await tx.fetchrow(
            "SELECT (SELECT sum(on_hand) FROM inventory_level l JOIN variant v ON v.id = l.variant_id "
            "        WHERE v.sku = $1) AS on_hand, "
            "(SELECT coalesce(sum(r.quantity), 0) FROM stock_reservation r "
            " JOIN variant v ON v.id = r.variant_id WHERE v.sku = $1) AS reserved, "
            "(SELECT count(*) FROM sales_order) AS orders",
            sku,
        )
    assert row is not None
    sold = int(row["reserved"])
    return {
        "buyers": len(buyers),
        "units": int(row["on_hand"]),
        "placed": sum(outcomes),
        "refused": len(outcomes) - sum(outcomes),
        "units_sold": sold,
        "oversold": max(0, sold - int(row["on_hand"])),
        "orders_written": int(row["orders"]),
        "seconds": round(elapsed, 3),
        "orders_per_s": round(sum(outcomes) / elapsed, 1),
        "attempts_per_s": round(len(outcomes) / elapsed, 1),
    }


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    discover_jobs()  # the notification directory, every event name
    migrations = MigrationSet.load()
    db = Database(pg.url, min_size=1, max_size=POOL)
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, migrations)
        per_supplier = opts.lines // SUPPLIERS
        err.print(f"provisioning {SUPPLIERS} suppliers with {per_supplier:,} SKUs each ...")
        suppliers = [await supplier(db, migrations, n, per_supplier, 10**9) for n in range(SUPPLIERS)]
        buyer_id = await buyer(db, "Bench buyer")
        quantities = [Decimal(1 + (i * 7) % 150) for i in range(per_supplier)]
        timings = []
        with progress() as bar:
            task = bar.add_task(
                f"place {per_supplier * SUPPLIERS:,} lines x {opts.runs}", total=WARMUP + opts.runs
            )
            for n in range(WARMUP + opts.runs):
                elapsed = await place_cart(db, buyer_id, suppliers, quantities)
                if n >= WARMUP:
                    timings.append(elapsed)
                bar.advance(task)
        results["placement"] = {
            "suppliers": SUPPLIERS,
            "lines": per_supplier * SUPPLIERS,
            "runs": opts.runs,
            "latency_ms": latency_summary_ms(timings),
            "samples_ms": [round(t * 1000, 2) for t in timings],
            "verified": True,
        }
        lat = results["placement"]["latency_ms"]
        err.print(f"  p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms")
        raced = await supplier(db, migrations, 99, 1, opts.units)
        buyers = [await buyer(db, f"Racing buyer {n}") for n in range(opts.buyers)]
        results["race"] = await race(db, raced, buyers)
        err.print(f"  race: {results['race']}")
        if results["race"]["placed"] != opts.units or results["race"]["oversold"] != 0:
            raise BenchError(
                f"the race sold {results['race']['placed']} of {opts.units} units: {results['race']}"
            )
    finally:
        await db.close()


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    placement = results.get("placement") or {}
    at_scale = opts.lines >= TARGET_LINES
    note = "" if at_scale else f"{opts.lines:,} lines only"
    race_result = results.get("race") or {}
    at_race_scale = opts.buyers >= TARGET_BUYERS and opts.units >= TARGET_UNITS
    race_ok = None
    if race_result and at_race_scale:
        race_ok = race_result["placed"] == opts.units and race_result["oversold"] == 0
    return [
        Target.below(
            f"place {TARGET_LINES:,} lines across {SUPPLIERS} suppliers p95",
            placement.get("latency_ms", {}).get("p95"),
            TARGET_P95_MS,
            "ms",
            measured=at_scale,
            note=note,
        ),
        Target(
            f"{TARGET_BUYERS} buyers racing for the last {TARGET_UNITS} units: all sold, none oversold",
            f"= {TARGET_UNITS} sold, 0 oversold",
            race_result.get("units_sold"),
            "units",
            race_ok,
            "" if at_race_scale else f"{opts.buyers} buyers, {opts.units} units only",
        ),
    ]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    placement = results.get("placement")
    if placement:
        lat = placement["latency_ms"]
        rows.append(
            (
                f"place {placement['lines']:,} lines across {placement['suppliers']} suppliers "
                "(priced, reserved, 5 orders written) p50/p95/max",
                f"{lat['p50']:.1f} / {lat['p95']:.1f} / {lat['max']:.1f} ms",
                f"p95 {targets[0].target}",
                targets[0].passed,
            )
        )
    else:
        rows.append((targets[0].metric, "not run", targets[0].target, None))
    race_result = results.get("race")
    if race_result:
        rows.append(
            (
                f"{race_result['buyers']} buyers for the last {race_result['units']} units: sold / oversold",
                f"{race_result['units_sold']} / {race_result['oversold']}",
                targets[1].target,
                targets[1].passed,
            )
        )
        rows.append(
            (
                "race throughput: orders placed/s (attempts/s)",
                f"{race_result['orders_per_s']} ({race_result['attempts_per_s']})",
                "",
                None,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "lines": opts.lines,
        "suppliers": SUPPLIERS,
        "runs": opts.runs,
        "warmup": WARMUP,
        "buyers": opts.buyers,
        "units": opts.units,
        "pool": POOL,
        "quick": opts.quick,
    }
    return drive(
        "placement",
        opts,
        parameters,
        durable=True,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
