from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import msgspec
import pytest
from click.testing import CliRunner
from redis.asyncio import Redis

from hansa.cli import tenants_status
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.files import LocalFileStorage
from hansa.core.migrations import Migration, MigrationSet
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.tenants import service
from hansa.tenants.errors import InvalidTransition, SlugTaken, TenantNotFound
from hansa.tenants.schemas import NewTenant
from tests.conftest import unique_slug


async def schema_exists(db: Database, schema: str) -> bool:
    return bool(await db.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema))


async def test_provisioning_builds_schema_profile_and_version(db: Database, migrations: MigrationSet) -> None:
    slug = unique_slug()
    tenant = await service.provision_tenant(db, migrations, NewTenant(slug=slug, name="Acme Fasteners"))
    assert tenant.status == "pending"
    assert tenant.schema_version == migrations.tenant_head
    assert await schema_exists(db, tenant.schema_name)
    async with tenant_transaction(db, TenantContext.for_tenant(tenant.id)) as tx:
        profile = await service.get_profile(tx)
    assert profile.display_name == "Acme Fasteners"
    assert profile.default_currency == "EUR"


async def test_duplicate_slug_is_refused_and_leaves_nothing(db: Database, migrations: MigrationSet) -> None:
    slug = unique_slug()
    await service.provision_tenant(db, migrations, NewTenant(slug=slug, name="First"))
    before = await db.fetchval("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%'")
    with pytest.raises(SlugTaken):
        await service.provision_tenant(db, migrations, NewTenant(slug=slug, name="Second"))
    after = await db.fetchval("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%'")
    assert before == after


async def test_failed_provisioning_leaves_no_schema_and_no_row(
    db: Database, migrations: MigrationSet
) -> None:
    broken = MigrationSet(
        public=migrations.public,
        tenant=(*migrations.tenant, Migration(len(migrations.tenant) + 1, "broken", "SELECT 1/0;")),
    )
    schemas_before = await db.fetchval("SELECT count(*) FROM pg_namespace")
    slug = unique_slug()
    with pytest.raises(asyncpg.DivisionByZeroError):
        await service.provision_tenant(db, broken, NewTenant(slug=slug, name="Doomed"))
    assert await db.fetchval("SELECT count(*) FROM pg_namespace") == schemas_before
    assert await db.fetchval("SELECT count(*) FROM public.tenant WHERE slug = $1", slug) == 0


async def test_status_changes_follow_the_lifecycle(
    db: Database, redis: Redis, migrations: MigrationSet
) -> None:
    slug = unique_slug()
    await service.provision_tenant(db, migrations, NewTenant(slug=slug, name="Lifecycle"))
    with pytest.raises(InvalidTransition):
        await service.change_status(db, redis, slug, "suspended")  # pending cannot be suspended
    assert (await service.change_status(db, redis, slug, "active")).status == "active"
    assert (await service.resolve_tenant(db, redis, slug)).status == "active"  # now cached
    archived = await service.change_status(db, redis, slug, "archived")
    assert archived.archived_at is not None
    with pytest.raises(TenantNotFound):  # the cache entry was dropped on commit
        await service.resolve_tenant(db, redis, slug)


async def test_removal_needs_archival_and_drops_the_schema_and_files(
    db: Database, redis: Redis, migrations: MigrationSet, tmp_path: Path
) -> None:
    slug = unique_slug()
    tenant = await service.provision_tenant(db, migrations, NewTenant(slug=slug, name="Short-lived"))
    storage = LocalFileStorage(tmp_path)
    own = service.tenant_files_prefix(tenant.id)
    for key in (f"{own}media/a", f"{own}media/a.160.webp", "tenants/someone-else/media/b"):
        await storage.put(key, b"x", "image/webp")
    with pytest.raises(InvalidTransition):
        await service.remove_tenant(db, redis, storage, slug)
    assert await schema_exists(db, tenant.schema_name) and await storage.exists(f"{own}media/a")
    await service.change_status(db, redis, slug, "archived")
    assert await service.remove_tenant(db, redis, storage, slug) == 2
    assert not await schema_exists(db, tenant.schema_name)
    assert [key async for key, _ in storage.list_keys("tenants/")] == ["tenants/someone-else/media/b"]
    with pytest.raises(TenantNotFound):
        await service.get_tenant(db, slug)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"slug": "Has Spaces", "name": "x"}, "slug"),
        ({"slug": "-leading", "name": "x"}, "slug"),
        ({"slug": "ok", "name": ""}, "name"),
        ({"slug": "ok", "name": "x", "default_currency": "eur"}, "default_currency"),
        ({"slug": "ok", "name": "x", "languages": []}, "languages"),
        ({"slug": "ok", "name": "x", "surprise": 1}, "surprise"),
    ],
)
def test_new_tenant_input_is_validated(payload: dict[str, object], field: str) -> None:
    with pytest.raises(msgspec.ValidationError, match=field):
        msgspec.convert(payload, NewTenant)


async def _audited(
    database_url: str, slug: str, migrations: MigrationSet | None = None
) -> list[asyncpg.Record]:
    db = Database(database_url)
    await db.connect()
    try:
        if migrations is not None:
            await service.provision_tenant(db, migrations, NewTenant(slug=slug, name="Via the CLI"))
        async with db.transaction() as tx:
            return await tx.fetch(
                "SELECT a.action, a.actor_kind, a.org, a.before, a.after FROM public.audit_log a "
                "JOIN public.tenant t ON a.target_id = t.id::text WHERE t.slug = $1 ORDER BY a.id",
                slug,
            )
    finally:
        await db.close()


def test_the_cli_status_change_is_audited_like_an_operator_decision(
    settings: Settings, migrations: MigrationSet
) -> None:
    slug = unique_slug()
    assert asyncio.run(_audited(settings.database_url or "", slug, migrations)) == []
    for status in ("active", "suspended"):
        result = CliRunner().invoke(tenants_status, [slug, status], obj=settings)
        assert result.exit_code == 0, result.output
    rows = asyncio.run(_audited(settings.database_url or "", slug))
    assert [(r["action"], r["actor_kind"], r["org"]) for r in rows] == [
        ("tenants.approved", "system", "platform"),
        ("tenants.suspended", "system", "platform"),
    ]
    assert rows[1]["before"] == {"status": "active"}  # the pool decodes jsonb
    assert rows[1]["after"] == {"status": "suspended", "reason": None}
