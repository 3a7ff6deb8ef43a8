"""Every query of the tenants domain. Functions take an open ``Tx``; plain reads and
writes go through the Piccolo tables on it, DDL (schemas) stays SQL."""

from __future__ import annotations

import uuid

from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable

from hansa.core.db import DB_NOW, Tx, escape_like, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.core.tenancy import quoted_schema
from hansa.tenants.schemas import SupplierProfileOut, TenantOut, TenantStatus
from hansa.tenants.tables import SupplierProfile, Tenant


async def insert_tenant(
    tx: Tx, *, tenant_id: uuid.UUID, slug: str, name: str, status: TenantStatus, schema: str
) -> None:
    await Tenant.insert(
        new_row(Tenant, id=tenant_id, slug=slug, name=name, status=status, schema_name=schema)
    ).run()


async def slug_exists(tx: Tx, slug: str) -> bool:
    return bool(await Tenant.exists().where(Tenant.slug == slug).run())


async def get_by_slug(tx: Tx, slug: str) -> TenantOut | None:
    row = await Tenant.select().where(Tenant.slug == slug).first().run()
    return as_struct(row, TenantOut) if row else None


async def get_by_id(tx: Tx, tenant_id: uuid.UUID) -> TenantOut | None:
    row = await Tenant.select().where(Tenant.id == tenant_id).first().run()
    return as_struct(row, TenantOut) if row else None


async def list_tenants(
    tx: Tx, *, status: TenantStatus | None, search: str | None, limit: int, offset: int
) -> tuple[list[TenantOut], int]:
    where: list[Combinable] = []
    if status:
        where.append(Tenant.status == status)
    if search:
        pattern = f"%{escape_like(search.lower())}%"
        where.append(WhereRaw("(lower(name) LIKE {} OR slug LIKE {})", pattern, pattern))
    total = await Tenant.count().where(*where).run()
    rows = (
        await Tenant.select()
        .where(*where)
        .order_by(Tenant.created_at, Tenant.id)
        .limit(limit)
        .offset(offset)
        .run()
    )
    return as_structs(rows, TenantOut), total


async def set_status(tx: Tx, tenant_id: uuid.UUID, status: TenantStatus, reason: str | None = None) -> None:
    archived_at = DB_NOW if status == "archived" else None
    await (
        Tenant.update(
            {
                Tenant.status: status,
                Tenant.status_reason: reason,
                Tenant.updated_at: DB_NOW,
                Tenant.archived_at: archived_at,
            }
        )
        .where(Tenant.id == tenant_id)
        .run()
    )


async def set_schema_version(tx: Tx, tenant_id: uuid.UUID, version: int) -> None:
    await (
        Tenant.update({Tenant.schema_version: version, Tenant.updated_at: DB_NOW})
        .where(Tenant.id == tenant_id)
        .run()
    )


async def lock_schema_version(tx: Tx, tenant_id: uuid.UUID) -> int | None:
    """Lock the tenant row for migration; ``None`` when another migrator holds it."""
    row = (
        await Tenant.select(Tenant.schema_version)
        .where(Tenant.id == tenant_id)
        .lock_rows("UPDATE", skip_locked=True)
        .first()
        .run()
    )
    return int(row["schema_version"]) if row is not None else None


async def tenants_behind(tx: Tx, head: int) -> list[tuple[uuid.UUID, str, int]]:
    rows = (
        await Tenant.select(Tenant.id, Tenant.slug, Tenant.schema_version)
        .where(Tenant.schema_version < head)
        .order_by(Tenant.created_at, Tenant.id)
        .run()
    )
    return [(row["id"], row["slug"], row["schema_version"]) for row in rows]


async def count_tenants(tx: Tx) -> int:
    return int(await Tenant.count().run())


# DDL: schemas are made and dropped in SQL (Piccolo's tables describe, never create)
async def create_schema(tx: Tx, schema: str) -> None:
    await tx.execute(f"CREATE SCHEMA {quoted_schema(schema)}")


async def drop_schema(tx: Tx, schema: str) -> None:
    await tx.execute(f"DROP SCHEMA IF EXISTS {quoted_schema(schema)} CASCADE")


async def delete_tenant(tx: Tx, tenant_id: uuid.UUID) -> None:
    await Tenant.delete().where(Tenant.id == tenant_id).run()


async def insert_profile(
    tx: Tx, *, display_name: str, currency: str, languages: list[str], contact_email: str | None
) -> None:
    row = new_row(
        SupplierProfile,
        display_name=display_name,
        default_currency=currency,
        languages=languages,
        contact_email=contact_email,
    )
    await SupplierProfile.insert(row).run()


async def get_profile(tx: Tx) -> SupplierProfileOut | None:
    row = await SupplierProfile.select().where(SupplierProfile.id == 1).first().run()
    return as_struct(row, SupplierProfileOut) if row else None


async def active_among(
    tx: Tx, tenant_ids: list[uuid.UUID], *, slug: str | None, limit: int
) -> list[TenantOut]:
    """The active tenants among ``tenant_ids`` (only ``slug``, if given), by slug."""
    if not tenant_ids:
        return []  # Piccolo refuses an empty IN list
    where: list[Combinable] = [Tenant.id.is_in(tenant_ids), Tenant.status == "active"]
    if slug is not None:
        where.append(Tenant.slug == slug)
    rows = await Tenant.select().where(*where).order_by(Tenant.slug).limit(limit).run()
    return as_structs(rows, TenantOut)


async def ids_with_table(tx: Tx, table: str) -> list[uuid.UUID]:
    # SQL: asks PostgreSQL which tenant schemas already have ``table`` (to_regclass)
    rows = await tx.fetch(
        "SELECT id FROM public.tenant WHERE to_regclass(quote_ident(schema_name) || '.' || $1) IS NOT NULL "
        "ORDER BY id",
        table,
    )
    return [row["id"] for row in rows]


async def by_ids(tx: Tx, tenant_ids: list[uuid.UUID]) -> list[TenantOut]:
    if not tenant_ids:  # Piccolo refuses an empty IN list
        return []
    return as_structs(await Tenant.select().where(Tenant.id.is_in(tenant_ids)).run(), TenantOut)


async def live_tenant_ids(tx: Tx, since_version: int) -> list[uuid.UUID]:
    rows = await (
        Tenant.select(Tenant.id)
        .where(Tenant.status.is_in(["active", "suspended"]), Tenant.schema_version >= since_version)
        .order_by(Tenant.id)
        .run()
    )
    return [row["id"] for row in rows]
