"""The ``hansa`` command: serve, worker, up, migrate, tenants, operators, seed."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from types import FrameType
from typing import TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hansa.compose import open_resources
from hansa.config import Settings, get_settings
from hansa.core.db import Database
from hansa.core.embedded import EmbeddedPostgres, EmbeddedRedis
from hansa.core.logging import configure_logging
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.resources import Resources
from hansa.identity.permissions.service import sync_policies

console = Console(stderr=True)
T = TypeVar("T")


@contextlib.contextmanager
def embedded_services(settings: Settings) -> Iterator[Settings]:
    """Start embedded PostgreSQL/Redis for whichever URL is unset; stop them on exit
    (also on SIGTERM, which is turned into a normal exit)."""
    started: list[EmbeddedPostgres | EmbeddedRedis] = []
    updates: dict[str, str] = {}
    previous = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        data_dir = settings.data_dir.resolve()
        if not settings.database_url:
            pg = EmbeddedPostgres(data_dir / "pg")
            updates["database_url"] = pg.start()
            started.append(pg)
        if not settings.redis_url:
            redis = EmbeddedRedis(data_dir / "redis")
            updates["redis_url"] = redis.start()
            started.append(redis)
        resolved = settings.model_copy(update=updates)
        if "database_url" in updates:  # a local database is kept up to date without being asked
            _run(lambda: _migrate_all(resolved, show_progress=False, quiet=True))
        yield resolved
    finally:
        for service in reversed(started):
            service.stop()
        signal.signal(signal.SIGTERM, previous)


def _run(coro_factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await coro_factory()

    return asyncio.run(main())


async def _migrate_all(settings: Settings, *, show_progress: bool, quiet: bool = False) -> bool:
    assert settings.database_url
    db = Database(settings.database_url, max_size=settings.migrate_concurrency + 1)
    await db.connect()
    try:
        migrations = MigrationSet.load()
        applied = await migrate_public(db, migrations)
        for migration in applied:
            console.print(f"public: applied {migration.version:04d}_{migration.name}")
        await sync_policies(db)
        return await _migrate_tenants(db, migrations, settings.migrate_concurrency, show_progress, quiet)
    finally:
        await db.close()


async def _migrate_tenants(
    db: Database, migrations: MigrationSet, concurrency: int, show_progress: bool, quiet: bool
) -> bool:
    from hansa.tenants.service import migrate_fleet

    with Progress(
        TextColumn("tenants"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("migrate", total=None)

        def on_done(slug: str, error: str | None) -> None:
            progress.advance(task)
            if error:
                progress.console.print(f"[red]failed[/red] {slug}: {error}")

        report = await migrate_fleet(db, migrations, concurrency=concurrency, on_done=on_done)
        progress.update(task, total=report.total)
    if quiet and report.ok and not report.total:
        return True
    console.print(
        f"tenant track head {report.head}: {len(report.migrated)} migrated, "
        f"{len(report.failed)} failed, {len(report.busy)} busy (another migrator), "
        f"{report.total} were behind, in {report.seconds:.1f}s"
    )
    return report.ok


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Hansa: multi-tenant B2B marketplace."""
    settings = get_settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    ctx.obj = settings


@main.command()
@click.pass_obj
def migrate(settings: Settings) -> None:
    """Apply public migrations, then bring every tenant schema up to date."""
    with embedded_services(settings) as resolved:
        ok = _run(lambda: _migrate_all(resolved, show_progress=sys.stderr.isatty()))
    sys.exit(0 if ok else 1)


@main.command()
@click.option("--host", default=None, help="Bind address (default HANSA_HOST).")
@click.option("--port", type=int, default=None, help="Port (default HANSA_PORT).")
@click.pass_obj
def serve(settings: Settings, host: str | None, port: int | None) -> None:
    """Run the web server. With no database URL, embedded services start (and migrate)."""
    import uvicorn

    from hansa.app import create_app

    with embedded_services(settings) as resolved:
        config = uvicorn.Config(
            create_app(resolved),
            host=host or resolved.host,
            port=port or resolved.port,
            log_config=None,
            proxy_headers=False,  # the app believes X-Forwarded-For from HANSA_TRUSTED_PROXIES only
            server_header=False,  # no banner naming the server software
        )
        uvicorn.Server(config).run()


@main.command()
@click.pass_obj
def worker(settings: Settings) -> None:
    """Run background job workers (Dramatiq) and the periodic scheduler."""
    from hansa.core.worker import run_worker

    with embedded_services(settings) as resolved:
        code = run_worker(resolved)
    sys.exit(code)


@main.command()
@click.option("--port", type=int, default=None, help="Port (default HANSA_PORT).")
@click.pass_obj
def up(settings: Settings, port: int | None) -> None:
    """Everything in one command: embedded services, migrations, web and worker.
    Ctrl-C stops them all, in order."""
    # explicit, because a shell that starts us in the background ignores SIGINT for us
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with embedded_services(settings) as resolved:
        external = bool(settings.database_url)  # embedded databases were migrated on start
        if external and not _run(lambda: _migrate_all(resolved, show_progress=True)):
            console.print("[yellow]some tenants failed to migrate; see above[/yellow]")
        env = {
            **os.environ,
            "HANSA_DATABASE_URL": resolved.database_url or "",
            "HANSA_REDIS_URL": resolved.redis_url or "",
        }
        web_port = port or resolved.port
        demo_data = False
        if resolved.env == "development":  # a fresh database gets the demo data (docs/demo-data.md)
            demo_data = _run(lambda: _seed_demo_if_empty(resolved))
        children = [
            _child([sys.executable, "-m", "hansa", "serve", "--port", str(web_port)], env),
            _child([sys.executable, "-m", "hansa", "worker"], env),
        ]
        console.print(
            f"[bold green]Hansa is up[/bold green] at http://{resolved.host}:{web_port}  (Ctrl-C stops)"
        )
        if resolved.env == "development":
            _run(lambda: _with_resources(resolved, _ensure_demo_operator))
            console.print(
                f"  operator console: {DEMO_OPERATOR_EMAIL} / {resolved.demo_operator_password}\n"
                f"  mails (no SMTP): http://{resolved.host}:{web_port}/dev/mail"
            )
            _print_demo_logins(demo_data)
        try:
            _wait_any(children)
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            _stop_children(children)


DEMO_OPERATOR_EMAIL = "operator@hansa.localhost"


async def _ensure_demo_operator(resources: Resources) -> None:
    """In development, an operator to sign in with (kept if it exists already)."""
    from hansa.identity.auth.service import user_exists
    from hansa.identity.orgs.service import create_operator

    async with resources.db.transaction() as tx:
        exists = await user_exists(tx, DEMO_OPERATOR_EMAIL)
    if not exists:
        await create_operator(
            resources,
            email=DEMO_OPERATOR_EMAIL,
            name="Demo Operator",
            password=resources.settings.demo_operator_password,
        )


async def _seed_demo_if_empty(settings: Settings) -> bool:
    """Seed the demo data when no organisation but the platform's exists (development only).
    True when the demo data is in the database (seeded now or before)."""
    from hansa.seed.demo import demo_data_present, has_only_platform_organisations, seed_demo

    present = False

    async def seed(resources: Resources) -> None:
        nonlocal present
        if await has_only_platform_organisations(resources.db):
            console.print("empty database: loading the demo data (hansa seed demo) ...")
            report = await seed_demo(
                resources.db, resources.migrations, redis=resources.redis, settings=resources.settings
            )
            console.print(f"demo data loaded in {report.seconds:.1f}s: {_demo_counts(report.counts)}")
        present = await demo_data_present(resources.db)
        if present:
            await _demo_rfqs(resources)
            await _index_if_empty(resources)

    await _with_resources(settings, seed)
    return present


async def _index_if_empty(resources: Resources) -> None:
    """The demo's catalogs are searchable on ``make run``: an empty index is built."""
    from hansa.search import service as search_service
    from hansa.seed.search import index_demo

    if await search_service.backend_of(resources.db, resources.settings).count() == 0:
        report = await index_demo(resources.db, resources.settings)
        console.print(f"search index built: {report.documents:,} documents in {report.seconds:.1f}s")


async def _demo_rfqs(resources: Resources) -> None:
    """The demo's RFQs, once (they need the catalogs and the whole application's services)."""
    from hansa.seed.demo_rfqs import seed_demo_rfqs

    written = await seed_demo_rfqs(resources)
    if written:
        console.print(f"demo RFQs loaded: {written}")


def _demo_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {what}" for what, n in counts.items())


def _print_demo_logins(present: bool) -> None:
    from hansa.seed.demo import login_lines

    if present:
        console.print("  demo logins:")
        for line in login_lines():
            console.print(f"    {line}", markup=False, highlight=False)


def _child(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    from hansa.core.embedded import _die_with_parent

    return subprocess.Popen(argv, env=env, preexec_fn=_die_with_parent(signal.SIGTERM))


def _wait_any(children: list[subprocess.Popen[bytes]]) -> None:
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    for child in children:
        if child.returncode not in (None, 0):
            console.print(f"[red]{child.args!r} exited with {child.returncode}[/red]")


def _stop_children(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


@main.command()
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout.")
@click.pass_obj
def openapi(settings: Settings, out: str | None) -> None:
    """Print the OpenAPI document (the web UI's client is generated from it)."""
    import json

    from hansa.app import create_app

    app = create_app(settings.model_copy(update={"env": "production"}))  # no development routes
    # Decimal defaults (quantities, prices) as strings: how the API itself encodes them
    document = json.dumps(app.openapi_schema.to_schema(), indent=2, sort_keys=True, default=str) + "\n"
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(document)
    else:
        click.echo(document, nl=False)


@main.group()
def tenants() -> None:
    """Supplier tenants: create, list, migrate."""


@tenants.command("create")
@click.option("--slug", required=True)
@click.option("--name", required=True)
@click.option("--currency", default="EUR", show_default=True)
@click.option("--status", type=click.Choice(["pending", "active"]), default="active", show_default=True)
@click.pass_obj
def tenants_create(settings: Settings, slug: str, name: str, currency: str, status: str) -> None:
    """Provision a tenant: registry row, schema, tenant track, profile."""
    import msgspec

    from hansa.tenants.schemas import NewTenant
    from hansa.tenants.service import provision_tenant

    try:
        new = msgspec.convert({"slug": slug, "name": name, "default_currency": currency}, NewTenant)
    except msgspec.ValidationError as exc:
        raise click.BadParameter(str(exc)) from exc

    async def create(resources: Resources) -> None:
        tenant = await provision_tenant(resources.db, resources.migrations, new, status=status)  # type: ignore[arg-type]
        console.print(
            f"created {tenant.slug} ({tenant.id}) schema {tenant.schema_name} v{tenant.schema_version}"
        )

    _run_cli_action(settings, create)


@tenants.command("list")
@click.option("--status", type=click.Choice(["pending", "active", "suspended", "archived"]))
@click.option("--search", default=None)
@click.option("--limit", type=int, default=100, show_default=True)
@click.pass_obj
def tenants_list(settings: Settings, status: str | None, search: str | None, limit: int) -> None:
    """List tenants with status and schema version."""
    from hansa.tenants.service import list_tenants

    async def show(resources: Resources) -> None:
        rows, total = await list_tenants(resources.db, status=status, search=search, limit=limit)  # type: ignore[arg-type]
        table = Table("slug", "name", "status", "schema version", "created")
        for row in rows:
            table.add_row(
                row.slug, row.name, row.status, str(row.schema_version), f"{row.created_at:%Y-%m-%d %H:%M}"
            )
        Console().print(table)
        console.print(f"{len(rows)} of {total}")

    _run_cli_action(settings, show)


@tenants.command("status")
@click.argument("slug")
@click.argument("status", type=click.Choice(["active", "suspended", "archived"]))
@click.pass_obj
def tenants_status(settings: Settings, slug: str, status: str) -> None:
    """Approve (active), suspend, reactivate (active) or archive a tenant."""
    from hansa.tenants.service import change_status

    async def change(resources: Resources) -> None:
        tenant = await change_status(resources.db, resources.redis, slug, status)  # type: ignore[arg-type]
        console.print(f"{tenant.slug} is now {tenant.status}")

    _run_cli_action(settings, change)


@tenants.command("remove")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Confirm: the schema and all its data are dropped.")
@click.pass_obj
def tenants_remove(settings: Settings, slug: str, yes: bool) -> None:
    """Drop an archived tenant's schema and registry row for good."""
    from hansa.core.files import storage_for
    from hansa.tenants.service import remove_tenant

    if not yes:
        raise click.UsageError("removal drops every row of the tenant; pass --yes to confirm")

    async def remove(resources: Resources) -> None:
        files = await remove_tenant(resources.db, resources.redis, storage_for(settings), slug)
        console.print(f"{slug} removed ({files} stored files deleted)")

    _run_cli_action(settings, remove)


@main.group()
def operators() -> None:
    """Platform operators."""


@operators.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(["operator", "support"]), default="operator", show_default=True)
@click.pass_obj
def operators_create(settings: Settings, email: str, name: str, password: str, role: str) -> None:
    """Create (or promote) an operator in the platform organisation."""
    from hansa.identity.orgs.service import create_operator

    async def create(resources: Resources) -> None:
        await create_operator(resources, email=email, name=name, password=password, role=role)
        console.print(f"{email} is a platform {role}")

    _run_cli_action(settings, create)


@main.group()
def seed() -> None:
    """Demo data."""


@seed.command("demo")
@click.option("--products", type=click.IntRange(min=5), default=3_000, show_default=True)
@click.option("--seed", "seed_value", type=int, default=42, show_default=True, help="Same seed, same data.")
@click.option(
    "--images",
    type=click.IntRange(min=0),
    default=40,
    show_default=True,
    help="Products with a picture, per supplier.",
)
@click.pass_obj
def seed_demo_command(settings: Settings, products: int, seed_value: int, images: int) -> None:
    """Load the deterministic demo dataset (marketplaces, suppliers, buyers, catalog,
    prices); does nothing when it is loaded already. See docs/demo-data.md."""
    from hansa.seed.demo import demo_data_present, login_lines, seed_demo

    async def load(resources: Resources) -> None:
        report = await seed_demo(
            resources.db,
            resources.migrations,
            redis=resources.redis,
            settings=resources.settings,
            products=products,
            seed=seed_value,
            images=images,
            on_step=lambda message: console.print(f"  {message}"),
        )
        if report.seeded:
            counts = _demo_counts(report.counts)
            console.print(f"demo data (seed {seed_value}) loaded in {report.seconds:.1f}s: {counts}")
        if await demo_data_present(resources.db):
            await _demo_rfqs(resources)
            await _index_if_empty(resources)
        else:
            console.print("the demo data is loaded already; nothing to do")
        await _index_if_empty(resources)
        for line in login_lines():
            console.print(f"  {line}", markup=False, highlight=False)

    _run_cli_action(settings, load)


def _run_cli_action(settings: Settings, action: Callable[[Resources], Awaitable[None]]) -> None:
    from hansa.core.errors import HansaError

    with embedded_services(settings) as resolved:
        try:
            _run(lambda: _with_resources(resolved, action))
        except HansaError as exc:
            raise click.ClickException(exc.detail) from exc


@tenants.command("migrate")
@click.option("--concurrency", type=int, default=None, help="Tenants migrated at once.")
@click.pass_obj
def tenants_migrate(settings: Settings, concurrency: int | None) -> None:
    """Bring every tenant schema to the head of the tenant track (resumable)."""
    with embedded_services(settings) as resolved:
        if concurrency:
            resolved = resolved.model_copy(update={"migrate_concurrency": concurrency})
        ok = _run(lambda: _migrate_all(resolved, show_progress=True))
    sys.exit(0 if ok else 1)


async def _with_resources(settings: Settings, action: Callable[[Resources], Awaitable[None]]) -> None:
    resources = await open_resources(settings)
    try:
        await action(resources)
    finally:
        await resources.close()


if __name__ == "__main__":
    main()


@main.group()
def search() -> None:
    """The search index (docs/search.md)."""


@search.command("reindex")
@click.option("--tenant", "tenant_slug", default=None, help="Only this supplier (slug).")
@click.option("--restart", is_flag=True, help="Start over instead of resuming a killed run.")
@click.pass_obj
def search_reindex(settings: Settings, tenant_slug: str | None, restart: bool) -> None:
    """Rebuild the index supplier by supplier, each built aside and swapped in (no
    downtime); a killed run resumes where it stopped."""
    from hansa.search import service as search_service
    from hansa.tenants.service import get_tenant

    async def run(resources: Resources) -> None:
        tenant_id = (await get_tenant(resources.db, tenant_slug)).id if tenant_slug else None
        with Progress(
            TextColumn("suppliers"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[documents]:,} documents"),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("reindex", total=None, documents=0)
            report = await search_service.reindex(
                resources.db,
                resources.settings,
                tenant_id=tenant_id,
                restart=restart,
                on_supplier=lambda done, total: progress.update(task, completed=done, total=total),
                on_documents=lambda n: progress.update(task, documents=n),
            )
        rate = report.documents / report.seconds if report.seconds else 0.0
        console.print(
            f"reindexed {report.documents:,} documents of {report.suppliers} suppliers "
            f"({report.skipped} done by an earlier attempt) in {report.seconds:.1f}s ({rate:,.0f}/s)"
        )

    _run_cli_action(settings, run)


@search.command("drift")
@click.option("--tenant", "tenant_slug", default=None, help="Only this supplier (slug).")
@click.option("--repair", is_flag=True, help="Write what differs.")
@click.pass_obj
def search_drift(settings: Settings, tenant_slug: str | None, repair: bool) -> None:
    """Compare the index with the catalogs: missing, stale, extra documents and documents with
    another stock or base price, per supplier."""
    from hansa.search import service as search_service
    from hansa.tenants.service import get_tenant

    async def run(resources: Resources) -> None:
        tenant_id = (await get_tenant(resources.db, tenant_slug)).id if tenant_slug else None
        found = await search_service.drift(
            resources.db, resources.settings, tenant_id=tenant_id, repair=repair
        )
        table = Table("supplier", "missing", "stale", "extra", "stock or price")
        for d in found:
            if not d.clean:
                counts = (d.missing, d.stale, d.extra, d.stock_or_price)
                table.add_row(str(d.tenant_id), *(str(len(c)) for c in counts))
        console.print(table)
        dirty = sum(not d.clean for d in found)
        console.print(
            f"{dirty} of {len(found)} suppliers differ" + (" (repaired)" if repair and dirty else "")
        )
        if dirty and not repair:
            sys.exit(1)

    _run_cli_action(settings, run)
