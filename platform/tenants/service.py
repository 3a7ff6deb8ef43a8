"""Tenant rules: provisioning, status changes, removal, fleet migration, lookup."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import msgspec
from redis.asyncio import Redis

from hansa.audit import service as audit
from hansa.core.db import Database, Tx
from hansa.core.files import FileStorage
from hansa.core.migrations import MigrationSet, apply_tenant_track
from hansa.core.outbox import emit
from hansa.core.principal import PLATFORM_DOMAIN
from hansa.core.tenancy import SYSTEM, Actor, enter_schema, schema_for
from hansa.notifications import service as notifications
from hansa.tenants import repository as repo
from hansa.tenants.errors import InvalidTransition, SlugTaken, TenantNotFound, TenantSuspended
from hansa.tenants.events import STATUS_CHANGED
from hansa.tenants.schemas import NewTenant, SupplierProfileOut, TenantOut, TenantStatus

log = logging.getLogger(__name__)

_CACHE_TTL_SECONDS = 60
_TRANSITIONS: dict[TenantStatus, set[TenantStatus]] = {
    "pending": {"active", "archived"},
    "active": {"suspended", "archived"},
    "suspended": {"active", "archived"},
    "archived": {"active"},
}


def _cache_key(slug: str) -> str:
    return f"hansa:tenant:slug:{slug}"


async def provision_tenant(
    db: Database, migrations: MigrationSet, new: NewTenant, *, status: TenantStatus = "pending"
) -> TenantOut:
    """Register a tenant and build its schema, all in one new transaction."""
    async with db.transaction() as tx:
        return await provision_tenant_in(tx, migrations, new, status=status)


async def provision_tenant_in(
    tx: Tx,
    migrations: MigrationSet,
    new: NewTenant,
    *,
    status: TenantStatus = "pending",
    tenant_id: uuid.UUID | None = None,
) -> TenantOut:
    """Register a tenant and build its schema on ``tx`` (a composer's transaction).

    PostgreSQL DDL is transactional: if any step fails, neither the registry row
    nor the schema exists afterwards. ``tx`` is left in the new tenant's schema.
    ``tenant_id``: a given id (the demo seed's); a new one by default.
    """
    tenant_id = tenant_id or uuid.uuid4()
    schema = schema_for(tenant_id)
    if await repo.slug_exists(tx, new.slug):
        raise SlugTaken(f"the slug {new.slug!r} is taken")
    await repo.insert_tenant(
        tx, tenant_id=tenant_id, slug=new.slug, name=new.name, status=status, schema=schema
    )
    await repo.create_schema(tx, schema)
    await enter_schema(tx, schema)
    await apply_tenant_track(tx, migrations.tenant)
    await repo.set_schema_version(tx, tenant_id, migrations.tenant_head)
    await repo.insert_profile(
        tx,
        display_name=new.name,
        currency=new.default_currency,
        languages=list(new.languages),
        contact_email=new.contact_email,
    )
    tenant = await repo.get_by_id(tx, tenant_id)
    assert tenant is not None
    return tenant


async def get_tenant(db: Database, slug: str) -> TenantOut:
    async with db.transaction() as tx:
        tenant = await repo.get_by_slug(tx, slug)
    if tenant is None:
        raise TenantNotFound(f"no tenant {slug!r}")
    return tenant


async def list_tenants(
    db: Database,
    *,
    status: TenantStatus | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[TenantOut], int]:
    async with db.transaction() as tx:
        return await repo.list_tenants(tx, status=status, search=search, limit=limit, offset=offset)


async def resolve_tenant(db: Database, redis: Redis, slug: str) -> TenantOut:
    """The tenant a request names, for its users: unknown or archived is 404,
    suspended is 403. Cached in Redis; status changes drop the cache entry."""
    return _reachable(await lookup_tenant(db, redis, slug))


async def lookup_tenant(db: Database, redis: Redis, slug: str) -> TenantOut:
    """The tenant a request names, whatever its status but archived (unknown or
    archived: 404); the caller decides what suspension means. Cached like ``resolve_tenant``."""
    tenant = await _cached(redis, slug)
    if tenant is None:
        async with db.transaction() as tx:
            tenant = await _load(tx, redis, slug)
    return _not_archived(tenant)


async def lookup_tenant_in(tx: Tx, redis: Redis, slug: str) -> TenantOut:
    """``lookup_tenant`` on ``tx`` (the request edge's transaction, still in public)."""
    tenant = await _cached(redis, slug)
    return _not_archived(tenant if tenant is not None else await _load(tx, redis, slug))


def _not_archived(tenant: TenantOut) -> TenantOut:
    if tenant.status == "archived":
        raise TenantNotFound(f"no tenant {tenant.slug!r}")
    return tenant


async def resolve_tenant_in(tx: Tx, redis: Redis, slug: str) -> TenantOut:
    """``resolve_tenant`` on ``tx`` (a composer's transaction, still in public)."""
    tenant = await _cached(redis, slug)
    return _reachable(tenant if tenant is not None else await _load(tx, redis, slug))


async def _load(tx: Tx, redis: Redis, slug: str) -> TenantOut:
    """The tenant from the registry, then cached."""
    found = await repo.get_by_slug(tx, slug)
    if found is None:
        raise TenantNotFound(f"no tenant {slug!r}")
    await redis.set(_cache_key(slug), msgspec.json.encode(found), ex=_CACHE_TTL_SECONDS)
    return found


async def _cached(redis: Redis, slug: str) -> TenantOut | None:
    cached = await redis.get(_cache_key(slug))
    return None if cached is None else msgspec.json.decode(cached, type=TenantOut)


def _reachable(tenant: TenantOut) -> TenantOut:
    if tenant.status == "archived":
        raise TenantNotFound(f"no tenant {tenant.slug!r}")
    if tenant.status == "suspended":
        raise TenantSuspended(f"tenant {tenant.slug!r} is suspended")
    return tenant


async def change_status(
    db: Database,
    redis: Redis,
    slug: str,
    status: TenantStatus,
    *,
    reason: str | None = None,
    actor: Actor = SYSTEM,
    request_id: str | None = None,
) -> TenantOut:
    """Move a tenant to ``status``, keeping ``reason``; audited, and its owners and
    admins are notified (``hansa tenants status`` comes here as the system)."""
    async with db.transaction() as tx:
        tenant = await repo.get_by_slug(tx, slug)
        if tenant is None:
            raise TenantNotFound(f"no tenant {slug!r}")
        return await _move(tx, redis, tenant, status, reason=reason, actor=actor, request_id=request_id)


async def decide(
    db: Database,
    redis: Redis,
    tenant_id: uuid.UUID,
    decision: Decision,
    *,
    actor: Actor,
    reason: str | None = None,
    request_id: str | None = None,
) -> TenantOut:
    """An operator's decision about a tenant (approve, reject, suspend, reactivate).

    Stricter than ``change_status``: approving and rejecting need a pending tenant,
    reactivating a suspended one."""
    status, required = _DECISIONS[decision]
    async with db.transaction() as tx:
        tenant = await repo.get_by_id(tx, tenant_id)
        if tenant is None:
            raise TenantNotFound("no such tenant")
        if required is not None and tenant.status != required:
            raise InvalidTransition(f"only a {required} tenant can be {decision}")
        return await _move(tx, redis, tenant, status, reason=reason, actor=actor, request_id=request_id)


Decision = Literal["approved", "rejected", "suspended", "reactivated"]
# decision -> the status it gives, and the status the tenant must have (None: any allowed)
_DECISIONS: dict[Decision, tuple[TenantStatus, TenantStatus | None]] = {
    "approved": ("active", "pending"),
    "rejected": ("archived", "pending"),
    "suspended": ("suspended", None),
    "reactivated": ("active", "suspended"),
}
# (from, to) -> the audit action's verb, ``tenants.<verb>``
_AUDIT_VERBS: dict[tuple[TenantStatus, TenantStatus], str] = {
    ("pending", "active"): "approved",
    ("pending", "archived"): "rejected",
    ("active", "suspended"): "suspended",
    ("suspended", "active"): "reactivated",
    ("active", "archived"): "archived",
    ("suspended", "archived"): "archived",
    ("archived", "active"): "restored",
}


async def _move(
    tx: Tx,
    redis: Redis,
    tenant: TenantOut,
    status: TenantStatus,
    *,
    reason: str | None,
    actor: Actor,
    request_id: str | None,
) -> TenantOut:
    """The status change itself, with its audit record and notifications, on ``tx``."""
    if status not in _TRANSITIONS[tenant.status]:
        raise InvalidTransition(f"a {tenant.status} tenant cannot become {status}")
    await repo.set_status(tx, tenant.id, status, reason)
    await emit(tx, STATUS_CHANGED, tenant_id=tenant.id, payload={"status": status})
    await _notify_status(tx, tenant, status, reason)
    await audit.record(
        tx,
        actor=actor,
        org=PLATFORM_DOMAIN,
        action=f"tenants.{_AUDIT_VERBS[(tenant.status, status)]}",
        target_type="tenant",
        target_id=str(tenant.id),
        before={"status": tenant.status},
        after={"status": status, "reason": reason},
        request_id=request_id,
    )
    updated = await repo.get_by_id(tx, tenant.id)
    slug = tenant.slug
    tx.after_commit(lambda: _forget(redis, slug))
    assert updated is not None
    return updated


# (from, to) -> the notification the supplier's owners and admins get
_STATUS_NOTICES: dict[tuple[TenantStatus, TenantStatus], str] = {
    ("pending", "active"): "supplier.approved",
    ("pending", "archived"): "supplier.rejected",
    ("active", "suspended"): "supplier.suspended",
    ("suspended", "active"): "supplier.reactivated",
}


async def _notify_status(tx: Tx, tenant: TenantOut, status: TenantStatus, reason: str | None) -> None:
    kind = _STATUS_NOTICES.get((tenant.status, status))
    if kind is None:
        return
    recipients = await notifications.org_admins(tx, f"tenant:{tenant.id}")
    params = {"org_name": tenant.name, "slug": tenant.slug, "reason": reason}
    await notifications.notify(tx, recipients, kind, params, org_id=tenant.id)


def tenant_files_prefix(tenant_id: uuid.UUID) -> str:
    """Where every stored file of a tenant lives (media keys start with it)."""
    return f"tenants/{tenant_id.hex}/"


async def remove_tenant(db: Database, redis: Redis, storage: FileStorage, slug: str) -> int:
    """Drop an archived tenant's stored files, schema and registry row for good.

    Files go first: the tenant is archived, so nothing serves them any more, and a
    crash part-way leaves the tenant in place for a re-run to finish, rather than
    files nobody could ever find again. Returns how many files were deleted."""
    async with db.transaction() as tx:
        tenant = await _removable(tx, slug)
    deleted = 0
    async for key, _ in storage.list_keys(tenant_files_prefix(tenant.id)):
        await storage.delete(key)
        deleted += 1
    async with db.transaction() as tx:
        tenant = await _removable(tx, slug)
        await repo.drop_schema(tx, tenant.schema_name)
        await repo.delete_tenant(tx, tenant.id)
        tx.after_commit(lambda: _forget(redis, slug))
    return deleted


async def _removable(tx: Tx, slug: str) -> TenantOut:
    tenant = await repo.get_by_slug(tx, slug)
    if tenant is None:
        raise TenantNotFound(f"no tenant {slug!r}")
    if tenant.status != "archived":
        raise InvalidTransition("archive a tenant before removing it")
    return tenant


async def _forget(redis: Redis, slug: str) -> None:
    await redis.delete(_cache_key(slug))


async def get_profile(tx: Tx) -> SupplierProfileOut:
    """The supplier's profile, read on ``tx`` (already in the tenant's schema)."""
    profile = await repo.get_profile(tx)
    if profile is None:
        raise TenantNotFound("the supplier has no profile")
    return profile


async def find_tenant(tx: Tx, slug: str) -> TenantOut | None:
    """The tenant with this slug on ``tx``, whatever its status; None when there is none."""
    return await repo.get_by_slug(tx, slug)


async def active_among(
    tx: Tx, tenant_ids: list[uuid.UUID], *, slug: str | None, limit: int
) -> list[TenantOut]:
    """The first ``limit`` active tenants among ``tenant_ids`` (only ``slug``, if given), by slug."""
    return await repo.active_among(tx, tenant_ids, slug=slug, limit=limit)


async def ids_with_table(tx: Tx, table: str) -> list[uuid.UUID]:
    """Every tenant (any status) whose schema has ``table`` already (a migration made it), by id."""
    return await repo.ids_with_table(tx, table)


async def find_tenant_by_id(tx: Tx, tenant_id: uuid.UUID) -> TenantOut | None:
    return await repo.get_by_id(tx, tenant_id)


async def tenant_status(tx: Tx, tenant_id: uuid.UUID) -> str | None:
    """The tenant's status (pending, active, suspended, archived); None when there is no such tenant."""
    tenant = await repo.get_by_id(tx, tenant_id)
    return tenant.status if tenant else None


async def find_profile(tx: Tx) -> SupplierProfileOut | None:
    """The supplier's profile on ``tx`` (in the tenant's schema), None while it has none."""
    return await repo.get_profile(tx)


@dataclass
class FleetReport:
    """What one ``hansa tenants migrate`` run did."""

    head: int
    total: int = 0
    migrated: list[str] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


async def migrate_fleet(
    db: Database,
    migrations: MigrationSet,
    *,
    concurrency: int = 8,
    on_done: Callable[[str, str | None], None] | None = None,
) -> FleetReport:
    """Bring every tenant behind the head of the tenant track up to it.

    One transaction per tenant, at most ``concurrency`` at once. A tenant whose
    migration fails is rolled back and reported; the others go on. Running it
    again resumes with whoever is still behind.
    """
    started = time.perf_counter()
    report = FleetReport(head=migrations.tenant_head)
    async with db.transaction() as tx:
        behind = await repo.tenants_behind(tx, migrations.tenant_head)
    report.total = len(behind)
    gate = asyncio.Semaphore(concurrency)

    async def one(tenant_id: uuid.UUID, slug: str) -> None:
        async with gate:
            error: str | None = None
            try:
                outcome = await _migrate_tenant(db, migrations, tenant_id)
                (report.migrated if outcome else report.busy).append(slug)
            except Exception as exc:  # one tenant's failure must not stop the fleet
                error = f"{type(exc).__name__}: {exc}"
                report.failed[slug] = error
                log.warning("tenant migration failed", extra={"tenant": slug, "error": error})
            if on_done is not None:
                on_done(slug, error)

    await asyncio.gather(*(one(tenant_id, slug) for tenant_id, slug, _ in behind))
    report.seconds = time.perf_counter() - started
    return report


async def _migrate_tenant(db: Database, migrations: MigrationSet, tenant_id: uuid.UUID) -> bool:
    """Migrate one tenant; False when another migrator holds its row."""
    async with db.transaction() as tx:
        version = await repo.lock_schema_version(tx, tenant_id)
        if version is None:
            return False
        pending = migrations.tenant_pending(version)
        if pending:
            await enter_schema(tx, schema_for(tenant_id))
            await apply_tenant_track(tx, pending)
            await repo.set_schema_version(tx, tenant_id, migrations.tenant_head)
        return True


async def get_tenant_by_id(db: Database, tenant_id: uuid.UUID) -> TenantOut:
    async with db.transaction() as tx:
        tenant = await repo.get_by_id(tx, tenant_id)
    if tenant is None:
        raise TenantNotFound("no such tenant")
    return tenant


async def tenants_by_id(tx: Tx, tenant_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, TenantOut]:
    """These tenants (a page's worth, in one query), by id; unknown ids are left out."""
    return {tenant.id: tenant for tenant in await repo.by_ids(tx, sorted(set(tenant_ids)))}


async def tenant_label(tx: Tx, tenant_id: uuid.UUID) -> str | None:
    """The tenant's name now: how the audit trail names it (tasks.py: hansa.audit.labels)."""
    tenant = await repo.get_by_id(tx, tenant_id)
    return tenant.name if tenant else None


async def live_tenant_ids(tx: Tx, since_version: int) -> list[uuid.UUID]:
    """Active or suspended tenants whose schema is at ``since_version`` or later, by id."""
    return await repo.live_tenant_ids(tx, since_version)
