"""Buyer order history: one buyer company's orders across suppliers (issue 11, numbers).

100,000 orders across 20 suppliers, written through ``orders.insert_orders`` (COPY into
each supplier's schema and ``public.order_ref``); then ``orders.service.buyer_orders``
is timed for the first page (newest first) and for a filtered page (status + a placed
date window + a supplier), 50 orders a page, p95 target < 50 ms. The floor is the same
first page read by one bare indexed SELECT of ``order_ref``.

    python -m bench.ordering.history [--orders N] [--suppliers N] [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.common import RESULTS_DIR, BenchDatabase, Target, drive, err, latency_summary_ms, server_info
from hansa.core.db import Database
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.principal import Principal, org_domain
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.orgs import service as orgs
from hansa.identity.orgs.schemas import OrganisationOut
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.orders import service as orders
from hansa.marketplace.orders.schemas import NewOrder, NewOrderLine
from hansa.marketplace.orders.states import STATUSES
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import provision_tenant

TARGET_ORDERS = 100_000
TARGET_SUPPLIERS = 20
TARGET_P95_MS = 50.0
PAGE = 50
WARMUP = 5
SEED = 20261128
NOW = datetime(2026, 11, 28, tzinfo=UTC)


@dataclass
class Options:
    out: Path
    orders: int
    suppliers: int
    runs: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ordering.history", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument(
        "--orders", type=int, default=None, help=f"orders of the buyer (default {TARGET_ORDERS})"
    )
    parser.add_argument("--suppliers", type=int, default=None, help=f"suppliers (default {TARGET_SUPPLIERS})")
    parser.add_argument("--runs", type=int, default=None, help="timed pages of each kind (default 100)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2,000 orders, 3 suppliers")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    opts = Options(
        out=args.out or RESULTS_DIR / ("ordering-history-quick.json" if quick else "ordering-history.json"),
        orders=args.orders if args.orders is not None else (2_000 if quick else TARGET_ORDERS),
        suppliers=args.suppliers if args.suppliers is not None else (3 if quick else TARGET_SUPPLIERS),
        runs=args.runs if args.runs is not None else (10 if quick else 100),
        strict=bool(args.strict),
        quick=quick,
    )
    if opts.orders < opts.suppliers or opts.suppliers < 1 or opts.runs < 1:
        parser.error("--orders >= --suppliers >= 1, --runs >= 1")
    return opts


def _orders_of(rng: random.Random, buyer: uuid.UUID, supplier: int, count: int) -> list[NewOrder]:
    out = []
    for index in range(1, count + 1):
        placed_at = NOW - timedelta(minutes=rng.randint(0, 730 * 24 * 60))
        lines = [
            NewOrderLine(
                id=uuid.uuid4(),
                position=position,
                variant_id=None,
                sku=f"S{supplier}-{rng.randint(1, 5000)}",
                name="Bench item",
                unit="pcs",
                quantity=Decimal(rng.randint(1, 50)),
                unit_price=Decimal("1.25"),
                line_total=Decimal(0),
            )
            for position in range(1, rng.randint(1, 3) + 1)
        ]
        out.append(
            NewOrder(
                id=uuid.uuid4(),
                number=f"B{supplier}-{placed_at.year}-{index:06d}",
                buyer_org_id=buyer,
                placed_by=None,  # no app_user row: the history does not join users
                status=rng.choice(STATUSES),
                currency="EUR",
                payment_method="on_account",
                lines=lines,
                placed_at=placed_at,
                updated_at=placed_at,
                po_number=f"PO-{index}",
            )
        )
    return out


async def _load(
    db: Database, migrations: MigrationSet, opts: Options
) -> tuple[OrgContext, list[uuid.UUID], float]:
    buyer, user = uuid.uuid4(), uuid.uuid4()
    async with db.transaction() as tx:
        await orgs.insert_organisation(tx, org_id=buyer, kind="buyer", name="Bench buyer", tenant_id=None)
    rng = random.Random(SEED)
    started = time.perf_counter()
    tenant_ids = []
    per_supplier = opts.orders // opts.suppliers
    for n in range(opts.suppliers):
        key = uuid.uuid4().hex[:10]
        tenant = await provision_tenant(db, migrations, NewTenant(slug=f"bench-{key}", name=f"Supplier {n}"))
        tenant_ids.append(tenant.id)
        count = per_supplier + (opts.orders % opts.suppliers if n == 0 else 0)
        async with tenant_transaction(db, TenantContext.for_tenant(tenant.id)) as tx:
            await orders.insert_orders(tx, tenant.id, _orders_of(rng, buyer, n, count))
        err.print(f"  supplier {n + 1}/{opts.suppliers}: {count:,} orders")
    async with db.transaction() as tx:
        await tx.execute("ANALYZE public.order_ref")
    org = OrganisationOut(id=buyer, kind="buyer", name="Bench buyer", status="active", created_at=NOW)
    principal = Principal(kind="user", id=user, user_id=user, org_id=buyer)
    return OrgContext(principal, org, org_domain("buyer", buyer)), tenant_ids, time.perf_counter() - started


async def _floor(db: Database, buyer: uuid.UUID) -> None:
    async with db.transaction() as tx:
        await tx.fetch(
            "SELECT * FROM public.order_ref WHERE buyer_org_id = $1 "
            "ORDER BY placed_at DESC, order_id DESC LIMIT $2",
            buyer,
            PAGE + 1,
        )


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    migrations = MigrationSet.load()
    db = Database(pg.url, min_size=1, max_size=4)
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, migrations)
        err.print(f"loading {opts.orders:,} orders across {opts.suppliers} suppliers ...")
        ctx, tenant_ids, seconds = await _load(db, migrations, opts)
        results["load"] = {"orders": opts.orders, "suppliers": opts.suppliers, "seconds": round(seconds, 1)}
        rng = random.Random(SEED + 1)
        kinds: dict[str, list[float]] = {"first_page": [], "filtered_page": [], "floor": []}
        rows: dict[str, int] = {}
        for n in range(WARMUP + opts.runs):
            start = NOW - timedelta(days=rng.randint(30, 700))
            filtered = orders.Filters(
                status=[rng.choice(STATUSES), rng.choice(STATUSES)],
                placed_from=start,
                placed_to=start + timedelta(days=60),
                supplier_id=rng.choice(tenant_ids),
            )
            for kind, filters in (("first_page", orders.Filters()), ("filtered_page", filtered)):
                began = time.perf_counter()
                page = await orders.buyer_orders(
                    db, ctx, filters=filters, sort="-placed_at", cursor=None, limit=PAGE
                )
                if n >= WARMUP:
                    kinds[kind].append(time.perf_counter() - began)
                rows[kind] = len(page.items)
            began = time.perf_counter()
            await _floor(db, ctx.org.id)
            if n >= WARMUP:
                kinds["floor"].append(time.perf_counter() - began)
        for kind, timings in kinds.items():
            results[kind] = {"latency_ms": latency_summary_ms(timings), "rows_last_run": rows.get(kind, PAGE)}
        floor = results["floor"]["latency_ms"]["p95"]
        results["ratio_to_floor"] = {
            kind: round(results[kind]["latency_ms"]["p95"] / floor, 2) if floor else None
            for kind in ("first_page", "filtered_page")
        }
    finally:
        await db.close()


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    at_scale = opts.orders >= TARGET_ORDERS and opts.suppliers >= TARGET_SUPPLIERS
    note = "" if at_scale else f"{opts.orders:,} orders, {opts.suppliers} suppliers only"
    return [
        Target.below(
            f"history {label} p95 ({TARGET_ORDERS:,} orders, {TARGET_SUPPLIERS} suppliers)",
            (results.get(kind) or {}).get("latency_ms", {}).get("p95"),
            TARGET_P95_MS,
            "ms",
            measured=at_scale,
            note=note,
        )
        for kind, label in (("first_page", "first page"), ("filtered_page", "filtered page"))
    ]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    if load := results.get("load"):
        rows.append(
            (
                f"load {load['orders']:,} orders, {load['suppliers']} suppliers",
                f"{load['seconds']} s",
                "",
                None,
            )
        )
    for kind, target in zip(("first_page", "filtered_page"), targets, strict=True):
        if kind in results:
            lat = results[kind]["latency_ms"]
            rows.append(
                (
                    f"{target.metric} p50/p95/max",
                    f"{lat['p50']:.1f} / {lat['p95']:.1f} / {lat['max']:.1f} ms",
                    f"p95 {target.target}",
                    target.passed,
                )
            )
        else:
            rows.append((target.metric, "not run", f"p95 {target.target}", None))
    if "floor" in results:
        lat = results["floor"]["latency_ms"]
        ratios = results["ratio_to_floor"]
        rows.append(
            (
                "floor: bare first page of order_ref p50/p95",
                f"{lat['p50']:.1f} / {lat['p95']:.1f} ms",
                "",
                None,
            )
        )
        rows.append(
            (
                "first / filtered page ÷ floor, p95",
                f"{ratios['first_page']}x / {ratios['filtered_page']}x",
                "",
                None,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "orders": opts.orders,
        "suppliers": opts.suppliers,
        "runs": opts.runs,
        "page": PAGE,
        "seed": SEED,
    }
    return drive(
        "ordering-history",
        opts,
        parameters,
        durable=False,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
