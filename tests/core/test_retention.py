from __future__ import annotations

import subprocess
import sys
import uuid

from hansa.core.db import Database
from hansa.core.jobs import declare_event, discover_jobs, registered_jobs
from hansa.core.migrations import MigrationSet
from hansa.core.retention import PRUNE_ACTOR, prune_history
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import provision_tenant
from tests.conftest import unique_slug


async def test_old_history_goes_and_everything_recent_or_unsent_stays(db: Database) -> None:
    old_event, new_event = uuid.uuid4(), uuid.uuid4()
    old_sent, old_unsent, new_sent = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    old_mail, unsent_mail = uuid.uuid4(), uuid.uuid4()
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.processed_event (event_id, actor, processed_at) VALUES "
            "($1, 'x.y', now() - interval '40 days'), ($2, 'x.y', now())",
            old_event,
            new_event,
        )
        await tx.execute(
            "INSERT INTO public.outbox (id, actor, created_at, sent_at) VALUES "
            "($1, 'x.y', now() - interval '41 days', now() - interval '40 days'), "
            "($2, 'x.y', now() - interval '41 days', NULL), ($3, 'x.y', now(), now())",
            old_sent,
            old_unsent,
            new_sent,
        )
        await tx.execute(
            "INSERT INTO public.mail_message (id, to_address, subject, body_text, created_at, sent_at) "
            "VALUES ($1, 'a@example.com', 's', 'token: secret', now() - interval '40 days', "
            "now() - interval '40 days'), "
            "($2, 'a@example.com', 's', 'token: waiting', now() - interval '40 days', NULL)",
            old_mail,
            unsent_mail,
        )
    report = await prune_history(db, days=30)
    assert report.processed_events >= 1
    assert report.outbox_rows >= 1
    assert report.mail_bodies >= 1
    async with db.transaction() as tx:
        events = {r["event_id"] for r in await tx.fetch("SELECT event_id FROM public.processed_event")}
        outbox = {r["id"] for r in await tx.fetch("SELECT id FROM public.outbox")}
        bodies = {
            r["id"]: r["body_text"]
            for r in await tx.fetch(
                "SELECT id, body_text FROM public.mail_message WHERE id = ANY($1)", [old_mail, unsent_mail]
            )
        }
    assert old_event not in events
    assert new_event in events
    assert old_sent not in outbox
    assert {old_unsent, new_sent} <= outbox
    assert bodies == {old_mail: "", unsent_mail: "token: waiting"}


async def test_old_rows_of_an_event_nothing_consumes_go_like_sent_ones(db: Database) -> None:
    name = declare_event("testretention.nobody_listens")
    old, recent = uuid.uuid4(), uuid.uuid4()
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.outbox (id, actor, created_at) VALUES "
            "($1, $3, now() - interval '41 days'), ($2, $3, now())",
            old,
            recent,
            name,
        )
    await prune_history(db, days=30)
    async with db.transaction() as tx:
        left = {r["id"] for r in await tx.fetch("SELECT id FROM public.outbox WHERE actor = $1", name)}
        await tx.execute("DELETE FROM public.outbox WHERE actor = $1", name)
    assert left == {recent}


def test_the_prune_job_is_periodic_and_discovered() -> None:
    discover_jobs()
    spec = next(spec for spec in registered_jobs() if spec.name == PRUNE_ACTOR)
    assert spec.transaction is False
    assert spec.every is not None


async def test_idempotency_keys_older_than_their_window_go(db: Database) -> None:
    old, recent = f"old-{uuid.uuid4()}", f"new-{uuid.uuid4()}"
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.idempotency_key (scope, key, request_hash, status_code, response_body, "
            "created_at) VALUES ('acme POST /bulk/variants', $1, repeat('a', 64), 200, '\\x7b7d'::bytea, "
            "now() - interval '169 hours'), ('acme POST /bulk/variants', $2, repeat('a', 64), 200, "
            "'\\x7b7d'::bytea, now() - interval '23 hours')",
            old,
            recent,
        )
    report = await prune_history(db, days=30, idempotency_hours=168)
    assert report.idempotency_keys >= 1
    async with db.transaction() as tx:
        keys = {
            r["key"]
            for r in await tx.fetch(
                "SELECT key FROM public.idempotency_key WHERE key = ANY($1)", [old, recent]
            )
        }
    assert keys == {recent}
    # a shorter window takes the younger key too
    await prune_history(db, days=30, idempotency_hours=22)
    async with db.transaction() as tx:
        assert await tx.fetchval("SELECT count(*) FROM public.idempotency_key WHERE key = $1", recent) == 0


CONTENT = b"sku\nA-1\n"


async def _import_rows(db: Database, ctx: TenantContext) -> dict[str, uuid.UUID]:
    """One import per case: finished long ago (done, failed), finished recently, still running."""
    ids = {name: uuid.uuid4() for name in ("old_done", "old_failed", "recent", "running")}
    cases = [
        ("old_done", "done", "now() - interval '31 days'"),
        ("old_failed", "failed", "now() - interval '45 days'"),
        ("recent", "done", "now() - interval '29 days'"),
        ("running", "validating", "NULL"),
    ]
    async with tenant_transaction(db, ctx) as tx:
        for name, status, finished in cases:
            await tx.execute(
                "INSERT INTO import_job (id, kind, format, filename, sha256, content, status, created_by, "
                f"created_at, finished_at) VALUES ($1, 'products', 'csv', 'p.csv', repeat('0', 64), "
                f"$3, $2, 'user:x', now() - interval '60 days', {finished})",
                ids[name],
                status,
                CONTENT,
            )
    return ids


async def _stored(db: Database, ctx: TenantContext) -> dict[uuid.UUID, tuple[int, bool]]:
    async with tenant_transaction(db, ctx) as tx:
        rows = await tx.fetch(
            "SELECT id, length(content) AS size, file_purged_at IS NOT NULL AS purged FROM import_job"
        )
    return {r["id"]: (r["size"], r["purged"]) for r in rows}


async def test_old_import_files_go_in_every_live_tenant_and_the_rows_stay(
    db: Database, migrations: MigrationSet
) -> None:
    contexts = {}
    for status in ("active", "suspended", "pending"):
        tenant = await provision_tenant(
            db, migrations, NewTenant(slug=unique_slug(), name=status), status=status
        )
        contexts[status] = TenantContext.for_tenant(tenant.id)
    created = {status: await _import_rows(db, ctx) for status, ctx in contexts.items()}
    discover_jobs()  # the imports domain registers its pruning with its jobs
    report = await prune_history(db, days=30)
    assert report.tenant_rows["import_files"] >= 4
    for status in ("active", "suspended"):
        ids, stored = created[status], await _stored(db, contexts[status])
        assert stored[ids["old_done"]] == (0, True)
        assert stored[ids["old_failed"]] == (0, True)
        assert stored[ids["recent"]] == (len(CONTENT), False)
        assert stored[ids["running"]] == (len(CONTENT), False)
    # a tenant not yet approved is left alone
    assert {purged for _, purged in (await _stored(db, contexts["pending"])).values()} == {False}


def test_core_imports_no_domain_for_its_periodic_work() -> None:
    """Domains register their pruning with core; core never imports them (docs/jobs.md)."""
    code = (
        "import sys, hansa.core.retention, hansa.core.worker, hansa.core.jobs, hansa.core.tenancy\n"
        "print(sorted(m for m in sys.modules if m.startswith('hansa.')"
        " and not m.startswith(('hansa.core', 'hansa.config'))))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
