"""Fleet migration: bounded concurrency, one transaction per tenant, a failing
tenant reported without stopping the others, and a rerun that resumes."""

from __future__ import annotations

import uuid

from hansa.core.db import Database
from hansa.core.migrations import Migration, MigrationSet
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.tenants import service
from hansa.tenants.schemas import NewTenant
from tests.conftest import unique_slug

ADD_NOTE = "ALTER TABLE supplier_profile ADD COLUMN fleet_note text;"


def with_extra(migrations: MigrationSet, sql: str) -> MigrationSet:
    extra = Migration(migrations.tenant_head + 1, "fleet_note", sql)
    return MigrationSet(public=migrations.public, tenant=(*migrations.tenant, extra))


async def versions(db: Database, ids: list[uuid.UUID]) -> list[int]:
    async with db.transaction() as tx:
        rows = await tx.fetch("SELECT id, schema_version FROM public.tenant WHERE id = ANY($1)", ids)
    by_id = {row["id"]: row["schema_version"] for row in rows}
    return [by_id[i] for i in ids]


async def test_failed_tenant_is_reported_and_a_rerun_resumes(db: Database, migrations: MigrationSet) -> None:
    tenants = [
        await service.provision_tenant(db, migrations, NewTenant(slug=unique_slug("f"), name=f"Fleet {i}"))
        for i in range(5)
    ]
    ids = [t.id for t in tenants]
    broken = TenantContext.for_tenant(ids[2])
    async with tenant_transaction(db, broken) as tx:  # the new column exists already: the ALTER fails
        await tx.execute("ALTER TABLE supplier_profile ADD COLUMN fleet_note text")

    newer = with_extra(migrations, ADD_NOTE)
    done: list[tuple[str, str | None]] = []
    first = await service.migrate_fleet(db, newer, concurrency=3, on_done=lambda s, e: done.append((s, e)))

    mine = {t.slug for t in tenants}
    assert tenants[2].slug in first.failed
    assert "DuplicateColumn" in first.failed[tenants[2].slug]
    assert mine - {tenants[2].slug} <= set(first.migrated)
    assert {slug for slug, _ in done} >= mine
    head = newer.tenant_head
    assert await versions(db, ids) == [head, head, head - 1, head, head]

    async with tenant_transaction(db, broken) as tx:  # an operator repairs the tenant
        await tx.execute("ALTER TABLE supplier_profile DROP COLUMN fleet_note")
    second = await service.migrate_fleet(db, newer, concurrency=3)
    assert tenants[2].slug in second.migrated
    assert not (mine - {tenants[2].slug}) & set(second.migrated)  # already done: not touched again
    assert await versions(db, ids) == [head] * 5
    async with tenant_transaction(db, broken) as tx:
        assert await tx.fetchval("SELECT fleet_note FROM supplier_profile") is None


async def test_failed_tenant_migration_rolls_back_that_tenant_only(
    db: Database, migrations: MigrationSet
) -> None:
    tenant = await service.provision_tenant(db, migrations, NewTenant(slug=unique_slug("r"), name="Rollback"))
    two_steps = with_extra(migrations, "CREATE TABLE fleet_half (id int); SELECT 1/0;")
    report = await service.migrate_fleet(db, two_steps, concurrency=2)
    assert tenant.slug in report.failed
    async with tenant_transaction(db, TenantContext.for_tenant(tenant.id)) as tx:
        assert await tx.fetchval("SELECT to_regclass('fleet_half')") is None
    assert await versions(db, [tenant.id]) == [migrations.tenant_head]
