from __future__ import annotations

import asyncpg
import pytest
from hansa.core.db import Database
from hansa.core.migrations import Migration, MigrationSet
from hansa.core.tenancy import TenantContext
from hansa.tenants import service
from hansa.tenants.errors import SlugTaken
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
    profile = await service.get_profile(db, TenantContext.for_tenant(tenant.id))
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
