"""Permission checks: one ``authorize`` at 10,000 organisations and 100,000 memberships.

    python -m bench.authz               # 10,000 organisations, 100,000 memberships, 200,000 checks
    python -m bench.authz --quick       # smoke run: 500 organisations, 5,000 memberships

1. Fill. Role policies are synced from policy.csv, then ``--orgs`` organisation
   domains (70% suppliers, 30% buyers) get ``--memberships`` memberships (users in
   several organisations, some API keys, random roles of the kind) by COPY into
   ``public.casbin_rule``.
2. Load. ``Authorizer.load`` in this process (best of 3, with its parts), and in a
   fresh ``python -m bench.authz --child-load`` process, timed from the parent:
   interpreter start, imports, connect, load.
3. Checks. ``--checks`` random checks (60% members asking an action of their kind,
   allowed or not; 20% members of another organisation; 20% strangers), each timed
   with ``perf_counter_ns``, through ``Authorizer.allowed`` and through ``authorize``
   (which raises NotFound/Forbidden). The garbage collector stays on.
4. Plain pycasbin for comparison: an ``AsyncEnforcer`` loaded through
   ``CasbinRuleAdapter``, ``--casbin-checks`` of the same checks; every answer must
   equal the Authorizer's, or the benchmark fails. pycasbin is the floor measured in
   the same run: the Authorizer's checks and load are also reported as a multiple
   of it (``ratio_to_casbin``; below 1 is faster than plain pycasbin).

Targets: ``authorize`` p99 < 50 µs and a fresh process loaded in < 2 s, at 10,000
organisations and 100,000 memberships or more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import casbin

from bench.common import (
    REPO_ROOT,
    RESULTS_DIR,
    BenchDatabase,
    BenchError,
    Target,
    drive,
    err,
    percentile,
    server_info,
)
from hansa.core.db import Database
from hansa.core.errors import Forbidden, NotFound
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.identity.permissions.adapter import MODEL_PATH, CasbinRuleAdapter, fetch_rules, read_policy_file
from hansa.identity.permissions.authorizer import (
    ROLES,
    Authorizer,
    authorize,
    compile_policies,
    index_memberships,
)
from hansa.identity.permissions.service import sync_policies
from hansa.identity.principal import OrgKind, Principal, domain_kind

TARGET_ORGS = 10_000
TARGET_MEMBERSHIPS = 100_000
TARGET_P99_US = 50.0
TARGET_LOAD_S = 2.0

Check = tuple[Principal, str, str]  # principal, domain, action


@dataclass(frozen=True)
class Options:
    out: Path
    orgs: int
    memberships: int
    checks: int
    casbin_checks: int
    fresh_runs: int
    seed: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.authz", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=None, help="JSON file (default bench/results/authz[-quick].json)"
    )
    parser.add_argument("--orgs", type=int, default=None, help="organisations (default 10000; quick 500)")
    parser.add_argument(
        "--memberships", type=int, default=None, help="memberships (default 100000; quick 5000)"
    )
    parser.add_argument("--checks", type=int, default=None, help="timed checks (default 200000; quick 20000)")
    parser.add_argument("--casbin-checks", type=int, default=None, help="plain casbin checks (default 20000)")
    parser.add_argument(
        "--fresh-runs", type=int, default=None, help="fresh-process loads (default 3; quick 1)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="smoke run at 1/20 of the scale")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)

    def pick(value: int | None, full: int, small: int) -> int:
        return value if value is not None else (small if quick else full)

    opts = Options(
        out=args.out or RESULTS_DIR / ("authz-quick.json" if quick else "authz.json"),
        orgs=pick(args.orgs, TARGET_ORGS, 500),
        memberships=pick(args.memberships, TARGET_MEMBERSHIPS, 5_000),
        checks=pick(args.checks, 200_000, 20_000),
        casbin_checks=pick(args.casbin_checks, 20_000, 2_000),
        fresh_runs=pick(args.fresh_runs, 3, 1),
        seed=args.seed,
        strict=bool(args.strict),
        quick=quick,
    )
    if min(opts.orgs, opts.memberships, opts.checks, opts.casbin_checks, opts.fresh_runs) < 1:
        parser.error("counts must be >= 1")
    if opts.memberships < opts.orgs:
        parser.error("--memberships must be >= --orgs (every organisation has a member)")
    return opts


# --------------------------------------------------------------------------- data


def make_memberships(opts: Options, rng: random.Random) -> list[tuple[str, str, str]]:
    """(subject, role, domain) rows: every organisation has members; about one
    membership in five belongs to a user already in another organisation."""
    domains = [
        f"tenant:{uuid.UUID(int=rng.getrandbits(128))}"
        if rng.random() < 0.7
        else f"buyer:{uuid.UUID(int=rng.getrandbits(128))}"
        for _ in range(opts.orgs)
    ]
    rows: list[tuple[str, str, str]] = []
    taken: set[tuple[str, str]] = set()
    subjects: list[str] = []
    while len(rows) < opts.memberships:
        domain = domains[len(rows) % len(domains)]
        if subjects and rng.random() < 0.2:
            subject = rng.choice(subjects)
        else:
            prefix = "key" if rng.random() < 0.05 else "user"
            subject = f"{prefix}:{uuid.UUID(int=rng.getrandbits(128))}"
            subjects.append(subject)
        if (subject, domain) in taken:
            continue
        taken.add((subject, domain))
        rows.append((subject, rng.choice(ROLES[domain_kind(domain)]), domain))
    return rows


def make_checks(rows: Sequence[tuple[str, str, str]], count: int, rng: random.Random) -> list[Check]:
    policies = compile_policies(read_policy_file())
    actions: dict[OrgKind, list[str]] = {
        kind: sorted({action for (k, _), granted in policies.items() if k == kind for action in granted})
        for kind in ("supplier", "buyer")
    }
    checks: list[Check] = []
    for _ in range(count):
        subject, _role, domain = rng.choice(rows)
        draw = rng.random()
        if draw < 0.2:  # a member of another organisation
            domain = rng.choice(rows)[2]
        elif draw < 0.4:  # a stranger
            subject = f"user:{uuid.UUID(int=rng.getrandbits(128))}"
        checks.append((principal_for(subject), domain, rng.choice(actions[domain_kind(domain)])))
    return checks


def principal_for(subject: str) -> Principal:
    kind, _, raw = subject.partition(":")
    ident = uuid.UUID(raw)
    if kind == "key":
        return Principal(kind="api_key", id=ident, user_id=None, org_id=None)
    return Principal(kind="user", id=ident, user_id=ident, org_id=None)


async def fill(db: Database, rows: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    started = time.perf_counter()
    async with db.pool.acquire() as connection:
        await connection.copy_records_to_table(
            "casbin_rule",
            schema_name="public",
            columns=["ptype", "v0", "v1", "v2"],
            records=[("g", subject, role, domain) for subject, role, domain in rows],
        )
        await connection.execute("ANALYZE public.casbin_rule")
    seconds = time.perf_counter() - started
    return {"rows": len(rows), "seconds": round(seconds, 3), "rows_per_s": round(len(rows) / seconds)}


async def remove(db: Database, rows: Sequence[tuple[str, str, str]]) -> None:
    """Delete what ``fill`` added (only when running against HANSA_DATABASE_URL)."""
    async with db.transaction() as tx:
        await tx.execute(
            "DELETE FROM public.casbin_rule r USING unnest($1::text[], $2::text[]) AS x(sub, dom) "
            "WHERE r.ptype = 'g' AND r.v0 = x.sub AND r.v2 = x.dom",
            [row[0] for row in rows],
            [row[2] for row in rows],
        )


# --------------------------------------------------------------------------- measurements


def summary_us(nanoseconds: Sequence[int]) -> dict[str, float | int]:
    us = [n / 1000 for n in nanoseconds]
    return {
        "n": len(us),
        "min": round(min(us), 3),
        "mean": round(sum(us) / len(us), 3),
        "p50": round(percentile(us, 50), 3),
        "p95": round(percentile(us, 95), 3),
        "p99": round(percentile(us, 99), 3),
        "p99_9": round(percentile(us, 99.9), 3),
        "max": round(max(us), 3),
    }


async def load_in_process(db: Database) -> dict[str, Any]:
    """Best and median of three ``Authorizer.load``, and its parts once."""
    totals = []
    for _ in range(3):
        started = time.perf_counter()
        authz = await Authorizer.load(db)
        totals.append(time.perf_counter() - started)
    started = time.perf_counter()
    rules = await fetch_rules(db)
    fetched = time.perf_counter()
    compile_policies(rules.policies)
    compiled = time.perf_counter()
    index_memberships(rules.memberships)
    indexed = time.perf_counter()
    return {
        "memberships": len(authz),
        "policies": len(rules.policies),
        "best_s": round(min(totals), 3),
        "median_s": round(statistics.median(totals), 3),
        "fetch_s": round(fetched - started, 3),
        "compile_s": round(compiled - fetched, 3),
        "index_s": round(indexed - compiled, 3),
    }


def load_in_fresh_process(url: str, runs: int) -> dict[str, Any]:
    """Wall time of a new interpreter that imports, connects and loads (median of ``runs``)."""
    walls, reports = [], []
    for _ in range(runs):
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "bench.authz", "--child-load", url],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO_ROOT,
            check=False,
        )
        walls.append(time.perf_counter() - started)
        if run.returncode != 0:
            raise BenchError(f"fresh-process load failed: {run.stderr[-1000:]}")
        reports.append(json.loads(run.stdout.strip().splitlines()[-1]))
    middle = sorted(range(runs), key=lambda i: walls[i])[runs // 2]
    return {
        "runs": runs,
        "wall_s": round(walls[middle], 3),
        "walls_s": [round(w, 3) for w in walls],
        **reports[middle],
    }


async def child_load(url: str) -> None:
    started = time.perf_counter()
    db = Database(url, min_size=1, max_size=1)
    await db.connect()
    try:
        connected = time.perf_counter()
        authz = await Authorizer.load(db)
        loaded = time.perf_counter()
    finally:
        await db.close()
    report = {
        "connect_s": round(connected - started, 3),
        "load_s": round(loaded - connected, 3),
        "memberships": len(authz),
    }
    print(json.dumps(report))


def time_allowed(authz: Authorizer, checks: Sequence[Check]) -> tuple[list[int], int]:
    clock = time.perf_counter_ns
    allowed = authz.allowed
    timings = []
    granted = 0
    for principal, domain, action in checks:
        subject = principal.subject
        started = clock()
        ok = allowed(subject, domain, action)
        timings.append(clock() - started)
        granted += ok
    return timings, granted


def time_authorize(authz: Authorizer, checks: Sequence[Check]) -> tuple[list[int], dict[str, int]]:
    clock = time.perf_counter_ns
    timings = []
    outcomes = {"allowed": 0, "forbidden": 0, "not_found": 0}
    for principal, domain, action in checks:
        started = clock()
        try:
            authorize(authz, principal, action, domain)
            outcome = "allowed"
        except Forbidden:
            outcome = "forbidden"
        except NotFound:
            outcome = "not_found"
        timings.append(clock() - started)
        outcomes[outcome] += 1
    return timings, outcomes


def timer_overhead_ns(samples: int = 100_000) -> float:
    clock = time.perf_counter_ns
    timings = []
    for _ in range(samples):
        started = clock()
        timings.append(clock() - started)
    return percentile(timings, 50)


async def plain_casbin(db: Database, authz: Authorizer, checks: Sequence[Check]) -> dict[str, Any]:
    """pycasbin's own enforcer over the same rules; it must agree with the Authorizer."""
    enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), CasbinRuleAdapter(db))
    started = time.perf_counter()
    await enforcer.load_policy()
    load_s = time.perf_counter() - started
    timings, disagreements = [], []
    clock = time.perf_counter_ns
    for principal, domain, action in checks:
        subject = principal.subject
        begun = clock()
        expected = enforcer.enforce(subject, domain, action)
        timings.append(clock() - begun)
        if expected != authz.allowed(subject, domain, action):
            disagreements.append((subject, domain, action, expected))
    if disagreements:
        raise BenchError(
            f"Authorizer and casbin disagree on {len(disagreements)} checks: {disagreements[:3]}"
        )
    return {"load_s": round(load_s, 3), "enforce_us": summary_us(timings), "agreed": len(checks)}


# --------------------------------------------------------------------------- run


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    rng = random.Random(opts.seed)
    db = Database(pg.url, min_size=1, max_size=4)
    await db.connect()
    rows: list[tuple[str, str, str]] = []
    try:
        database.update(await server_info(db))
        await migrate_public(db, MigrationSet.load())
        await sync_policies(db)
        rows = make_memberships(opts, rng)
        err.print(f"[bold]fill[/]: {opts.orgs:,} organisations, {len(rows):,} memberships (COPY)")
        results["fill"] = await fill(db, rows)
        await measure(db, pg.url, opts, rng, rows, results)
    finally:
        if pg.mode == "url" and rows:
            await remove(db, rows)
        await db.close()


async def measure(
    db: Database,
    url: str,
    opts: Options,
    rng: random.Random,
    rows: Sequence[tuple[str, str, str]],
    results: dict[str, Any],
) -> None:
    err.print("[bold]load[/]: in this process, then in a fresh one")
    results["load"] = await load_in_process(db)
    results["fresh_process"] = load_in_fresh_process(url, opts.fresh_runs)
    authz = await Authorizer.load(db)
    results["rules"] = {"memberships_loaded": len(authz), "organisations": opts.orgs, "added": len(rows)}
    checks = make_checks(rows, opts.checks, rng)
    err.print(f"[bold]checks[/]: {len(checks):,} timed one by one")
    allowed_ns, granted = time_allowed(authz, checks)
    authorize_ns, outcomes = time_authorize(authz, checks)
    results["authorizer"] = {
        "allowed_us": summary_us(allowed_ns),
        "authorize_us": summary_us(authorize_ns),
        "granted": granted,
        "outcomes": outcomes,
        "timer_overhead_ns_p50": timer_overhead_ns(),
    }
    err.print(f"[bold]plain pycasbin[/]: {min(opts.casbin_checks, len(checks)):,} checks")
    results["casbin"] = await plain_casbin(db, authz, checks[: opts.casbin_checks])
    results["ratio_to_casbin"] = ratio_to_casbin(results)


def ratio_to_casbin(results: dict[str, Any]) -> dict[str, float | None]:
    """The Authorizer's figures as multiples of plain pycasbin's, measured in the same run."""

    def ratio(value: float, floor: float) -> float | None:
        return float(f"{value / floor:.3g}") if floor > 0 else None  # 3 significant digits

    authorizer, casbin_ = results["authorizer"], results["casbin"]
    return {
        "allowed_p50": ratio(authorizer["allowed_us"]["p50"], casbin_["enforce_us"]["p50"]),
        "authorize_p50": ratio(authorizer["authorize_us"]["p50"], casbin_["enforce_us"]["p50"]),
        "authorize_p99": ratio(authorizer["authorize_us"]["p99"], casbin_["enforce_us"]["p99"]),
        "load": ratio(results["load"]["best_s"], casbin_["load_s"]),
    }


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    loaded = results.get("rules", {}).get("memberships_loaded", 0)
    at_scale = opts.orgs >= TARGET_ORGS and loaded >= TARGET_MEMBERSHIPS
    note = "" if at_scale else f"measured at {opts.orgs:,} organisations, {loaded:,} memberships"
    p99 = results.get("authorizer", {}).get("authorize_us", {}).get("p99")
    wall = results.get("fresh_process", {}).get("wall_s")
    return [
        Target.below("authorize p99", p99, TARGET_P99_US, "µs", measured=at_scale, note=note),
        Target.below("fresh process loaded", wall, TARGET_LOAD_S, "s", measured=at_scale, note=note),
    ]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    rules = results.get("rules", {})
    if rules:
        rows.append(
            (
                "organisations / memberships",
                f"{rules['organisations']:,} / {rules['memberships_loaded']:,}",
                "",
                None,
            )
        )
    if "fill" in results:
        fill = results["fill"]
        rows.append(("fill (COPY)", f"{fill['seconds']:.2f} s ({fill['rows_per_s']:,}/s)", "", None))
    p99, wall = targets
    if "authorizer" in results:
        a = results["authorizer"]
        for name, key in (("Authorizer.allowed", "allowed_us"), ("authorize()", "authorize_us")):
            s = a[key]
            is_target = key == "authorize_us"
            rows.append(
                (
                    f"{name} p50/p99/p99.9",
                    f"{s['p50']:.2f} / {s['p99']:.2f} / {s['p99_9']:.2f} µs",
                    f"p99 {p99.target}" if is_target else "",
                    p99.passed if is_target else None,
                )
            )
    if "load" in results:
        load = results["load"]
        rows.append(
            (
                "Authorizer.load in process (fetch + compile + index)",
                f"{load['best_s']:.3f} s ({load['fetch_s']:.3f} + {load['compile_s']:.3f} + "
                f"{load['index_s']:.3f})",
                "",
                None,
            )
        )
    if "fresh_process" in results:
        fresh = results["fresh_process"]
        rows.append(
            (
                "fresh process: start, import, connect, load",
                f"{fresh['wall_s']:.3f} s (load {fresh['load_s']:.3f} s)",
                wall.target,
                wall.passed,
            )
        )
    if "casbin" in results:
        c = results["casbin"]
        s = c["enforce_us"]
        rows.append(("plain pycasbin enforce p50/p99", f"{s['p50']:.1f} / {s['p99']:.1f} µs", "", None))
        rows.append(("plain pycasbin load (adapter)", f"{c['load_s']:.3f} s", "", None))
        rows.append(("answers equal to casbin's", f"{c['agreed']:,} of {c['agreed']:,}", "", None))
    if "ratio_to_casbin" in results:
        r = results["ratio_to_casbin"]
        rows.append(
            (
                "vs plain pycasbin: authorize() p50 / p99, load",
                f"{r['authorize_p50']:g}x / {r['authorize_p99']:g}x, {r['load']:g}x",
                "",
                None,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child-load"]:
        asyncio.run(child_load(argv[1]))
        return 0
    opts = parse_args(argv)
    parameters = {
        "orgs": opts.orgs,
        "memberships": opts.memberships,
        "checks": opts.checks,
        "casbin_checks": opts.casbin_checks,
        "fresh_runs": opts.fresh_runs,
        "seed": opts.seed,
        "quick": opts.quick,
    }
    return drive(
        "authz",
        opts,
        parameters,
        durable=False,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
