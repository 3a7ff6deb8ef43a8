"""Every query of the tenants domain. Functions take an open ``Tx``."""

from __future__ import annotations

import uuid
from typing import Any

from hansa.core.db import Tx, escape_like
from hansa.core.tenancy import quoted_schema
from hansa.tenants.schemas import SupplierProfileOut, TenantOut, TenantStatus
from hansa.tenants.tables import Tenant

_TENANT_COLUMNS = (
    "id, slug, name, status, schema_name, schema_version, created_at, updated_at, archived_at, status_reason"
)


def _tenant(row: Any) -> TenantOut:
    return TenantOut(**dict(row))


async def insert_tenant(
    tx: Tx, *, tenant_id: uuid.UUID, slug: str, name: str, status: TenantStatus, schema: str
) -> None:
    await Tenant.insert(Tenant(id=tenant_id, slug=slug, name=name, status=status, schema_name=schema)).run()


async def slug_exists(tx: Tx, slug: str) -> bool:
    return bool(await Tenant.exists().where(Tenant.slug == slug).run())


async def get_by_slug(tx: Tx, slug: str) -> TenantOut | None:
    row = await tx.fetchrow(f"SELECT {_TENANT_COLUMNS} FROM public.tenant WHERE slug = $1", slug)
    return _tenant(row) if row else None


async def get_by_id(tx: Tx, tenant_id: uuid.UUID) -> TenantOut | None:
    row = await tx.fetchrow(f"SELECT {_TENANT_COLUMNS} FROM public.tenant WHERE id = $1", tenant_id)
    return _tenant(row) if row else None


async def list_tenants(
    tx: Tx, *, status: TenantStatus | None, search: str | None, limit: int, offset: int
) -> tuple[list[TenantOut], int]:
    where: list[str] = ["TRUE"]
    args: list[str] = []
    if status:
        args.append(status)
        where.append(f"status = ${len(args)}")
    if search:
        args.append(f"%{escape_like(search.lower())}%")
        where.append(f"(lower(name) LIKE ${len(args)} OR slug LIKE ${len(args)})")
    condition = " AND ".join(where)
    total = await tx.fetchval(f"SELECT count(*) FROM public.tenant WHERE {condition}", *args)
    rows = await tx.fetch(
        f"SELECT {_TENANT_COLUMNS} FROM public.tenant WHERE {condition} "
        f"ORDER BY created_at, id LIMIT {int(limit)} OFFSET {int(offset)}",
        *args,
    )
    return [_tenant(row) for row in rows], int(total)


async def set_status(tx: Tx, tenant_id: uuid.UUID, status: TenantStatus, reason: str | None = None) -> None:
    await tx.execute(
        "UPDATE public.tenant SET status = $2, status_reason = $3, updated_at = now(), "
        "archived_at = CASE WHEN $2 = 'archived' THEN now() ELSE NULL END WHERE id = $1",
        tenant_id,
        status,
        reason,
    )


async def set_schema_version(tx: Tx, tenant_id: uuid.UUID, version: int) -> None:
    await tx.execute(
        "UPDATE public.tenant SET schema_version = $2, updated_at = now() WHERE id = $1",
        tenant_id,
        version,
    )


async def lock_schema_version(tx: Tx, tenant_id: uuid.UUID) -> int | None:
    """Lock the tenant row for migration; ``None`` when another migrator holds it."""
    version = await tx.fetchval(
        "SELECT schema_version FROM public.tenant WHERE id = $1 FOR UPDATE SKIP LOCKED", tenant_id
    )
    return int(version) if version is not None else None


async def tenants_behind(tx: Tx, head: int) -> list[tuple[uuid.UUID, str, int]]:
    rows = await tx.fetch(
        "SELECT id, slug, schema_version FROM public.tenant "
        "WHERE schema_version < $1 ORDER BY created_at, id",
        head,
    )
    return [(row["id"], row["slug"], row["schema_version"]) for row in rows]


async def count_tenants(tx: Tx) -> int:
    return int(await tx.fetchval("SELECT count(*) FROM public.tenant"))


async def create_schema(tx: Tx, schema: str) -> None:
    await tx.execute(f"CREATE SCHEMA {quoted_schema(schema)}")


async def drop_schema(tx: Tx, schema: str) -> None:
    await tx.execute(f"DROP SCHEMA IF EXISTS {quoted_schema(schema)} CASCADE")


async def delete_tenant(tx: Tx, tenant_id: uuid.UUID) -> None:
    await tx.execute("DELETE FROM public.tenant WHERE id = $1", tenant_id)


async def insert_profile(
    tx: Tx, *, display_name: str, currency: str, languages: list[str], contact_email: str | None
) -> None:
    await tx.execute(
        "INSERT INTO supplier_profile (display_name, default_currency, languages, contact_email) "
        "VALUES ($1, $2, $3, $4)",
        display_name,
        currency,
        languages,
        contact_email,
    )


async def get_profile(tx: Tx) -> SupplierProfileOut | None:
    row = await tx.fetchrow(
        "SELECT display_name, default_currency, languages, contact_email, contact_phone "
        "FROM supplier_profile WHERE id = 1"
    )
    return SupplierProfileOut(**dict(row)) if row else None


async def active_among(
    tx: Tx, tenant_ids: list[uuid.UUID], *, slug: str | None, limit: int
) -> list[TenantOut]:
    """The active tenants among ``tenant_ids`` (only ``slug``, if given), by slug."""
    rows = await tx.fetch(
        f"SELECT {_TENANT_COLUMNS} FROM public.tenant WHERE id = ANY($1::uuid[]) AND status = 'active' "
        "AND ($2::text IS NULL OR slug = $2) ORDER BY slug LIMIT $3",
        tenant_ids,
        slug,
        limit,
    )
    return [_tenant(row) for row in rows]


async def ids_with_table(tx: Tx, table: str) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "SELECT id FROM public.tenant WHERE to_regclass(quote_ident(schema_name) || '.' || $1) IS NOT NULL "
        "ORDER BY id",
        table,
    )
    return [row["id"] for row in rows]
