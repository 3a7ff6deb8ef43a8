"""The tenant boundary: search_path is transaction-local, and one task's tenant
never leaks into another's, even when they share a single pooled connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from hansa.core.db import Database
from hansa.core.errors import Conflict
from hansa.core.migrations import MigrationSet
from hansa.core.tenancy import (
    InvalidSchemaName,
    TenantContext,
    enter_schema,
    quoted_schema,
    tenant_transaction,
)
from hansa.tenants import service
from hansa.tenants.schemas import NewTenant
from tests.conftest import unique_slug


async def new_tenant(db: Database, migrations: MigrationSet, name: str) -> TenantContext:
    tenant = await service.provision_tenant(db, migrations, NewTenant(slug=unique_slug(), name=name))
    return TenantContext.for_tenant(tenant.id)


@pytest.fixture
async def single_connection_db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, min_size=1, max_size=1)
    await database.connect()
    yield database
    await database.close()


@pytest.mark.parametrize("pool_size", [1, 2])
async def test_interleaved_tenants_stay_isolated(
    database_url: str, db: Database, migrations: MigrationSet, pool_size: int
) -> None:
    a = await new_tenant(db, migrations, "Alpha")
    b = await new_tenant(db, migrations, "Beta")
    shared = Database(database_url, min_size=1, max_size=pool_size)
    await shared.connect()
    try:

        async def writer(ctx: TenantContext, label: str) -> list[str]:
            seen = []
            for step in range(20):
                async with tenant_transaction(shared, ctx) as tx:
                    await tx.execute("UPDATE supplier_profile SET display_name = $1", f"{label}-{step}")
                    await asyncio.sleep(0)  # let the other task run mid-transaction
                    seen.append(await tx.fetchval("SELECT display_name FROM supplier_profile"))
            return seen

        seen_a, seen_b = await asyncio.gather(writer(a, "alpha"), writer(b, "beta"))
    finally:
        await shared.close()
    assert seen_a == [f"alpha-{i}" for i in range(20)]
    assert seen_b == [f"beta-{i}" for i in range(20)]
    for ctx, name in ((a, "alpha-19"), (b, "beta-19")):
        async with tenant_transaction(db, ctx) as tx:
            assert (await service.get_profile(tx)).display_name == name


async def test_search_path_does_not_survive_the_transaction(
    single_connection_db: Database, db: Database, migrations: MigrationSet
) -> None:
    ctx = await new_tenant(db, migrations, "Gamma")
    async with tenant_transaction(single_connection_db, ctx) as tx:
        assert ctx.schema in await tx.fetchval("SHOW search_path")
    async with single_connection_db.transaction() as tx:  # the same, only, pooled connection
        assert ctx.schema not in await tx.fetchval("SHOW search_path")
        with pytest.raises(asyncpg.UndefinedTableError):
            await tx.fetchval("SELECT display_name FROM supplier_profile")


async def test_rolled_back_tenant_transaction_leaves_no_path(
    single_connection_db: Database, db: Database, migrations: MigrationSet
) -> None:
    ctx = await new_tenant(db, migrations, "Delta")
    with pytest.raises(RuntimeError):
        async with tenant_transaction(single_connection_db, ctx):
            raise RuntimeError("boom")
    assert ctx.schema not in await single_connection_db.fetchval("SHOW search_path")


async def test_one_transaction_cannot_enter_two_tenants(db: Database, migrations: MigrationSet) -> None:
    a = await new_tenant(db, migrations, "One")
    b = await new_tenant(db, migrations, "Two")
    async with tenant_transaction(db, a) as tx:
        with pytest.raises(Conflict):
            await enter_schema(tx, b.schema)  # a composer holding a tenant's tx cannot switch
        with pytest.raises(RuntimeError):
            async with tenant_transaction(db, b):  # nor open a second one: it never joins
                pass


async def test_a_transaction_never_joins_an_open_one(db: Database) -> None:
    async with db.transaction():
        with pytest.raises(RuntimeError, match="already open"):
            async with db.transaction():
                pass
    async with db.transaction() as tx:  # the refusal left nothing open
        assert await tx.fetchval("SELECT 1") == 1


async def test_an_independent_transaction_commits_on_its_own(
    single_connection_db: Database, migrations: MigrationSet, db: Database
) -> None:
    ctx = await new_tenant(db, migrations, "Delta")
    async with tenant_transaction(single_connection_db, ctx) as tx:  # holds the pool's one connection
        await tx.execute("UPDATE supplier_profile SET display_name = 'inside'")
        async with single_connection_db.independent_transaction() as own:
            await enter_schema(own, ctx.schema)
            await own.execute("UPDATE tenant SET name = 'Delta 2' WHERE id = $1", ctx.tenant_id)
        # committed already: the open transaction (read committed) sees it at once
        assert await tx.fetchval("SELECT name FROM tenant WHERE id = $1", ctx.tenant_id) == "Delta 2"
        assert await tx.fetchval("SELECT display_name FROM supplier_profile") == "inside"


@pytest.mark.parametrize(
    "schema", ["public", 't_x"; DROP TABLE tenant; --', "t_" + "g" * 32, "T_" + "a" * 32, ""]
)
def test_only_tenant_schema_names_are_accepted(schema: str) -> None:
    with pytest.raises(InvalidSchemaName):
        quoted_schema(schema)


def test_context_schema_must_match_its_tenant() -> None:
    import uuid

    with pytest.raises(InvalidSchemaName):
        TenantContext(tenant_id=uuid.uuid4(), schema=f"t_{uuid.uuid4().hex}")
