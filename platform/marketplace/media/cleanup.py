"""No orphaned media files: stored files go once their rows are gone, never before.

- Deleting one file (``service.delete_media``): its row and its renditions' rows go
  in the transaction, the stored files in an after-commit hook (``delete_after_commit``).
- Deleting a draft product (``catalog.service.delete_product``): the rows go by
  cascade; ``forget_product_files`` first locks them and writes a
  ``media.delete_files`` event with their keys, so the files are deleted by a job
  once (and only if) the transaction committed, retried if the storage fails.
- A crash between a commit and its deletion leaves a file without a row: the
  periodic ``media.sweep_files`` lists each tenant's media prefix and deletes files
  no row points at once they are older than ``ORPHAN_GRACE`` (an upload stores its
  file a moment before it inserts the row); the same run queues renditions of
  images left ``pending``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hansa.core.db import Database, Tx
from hansa.core.files import FileStorage
from hansa.core.outbox import emit
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.media import repository as repo
from hansa.marketplace.media.events import DELETE_FILES, MAKE_RENDITIONS
from hansa.tenants import service as tenants

log = logging.getLogger(__name__)

ORPHAN_GRACE = timedelta(hours=24)
PENDING_AFTER = timedelta(hours=1)  # a rendition event not handled by then was lost or is failing
KEYS_PER_EVENT = 100
BATCH = 500


def media_prefix(tenant_id: uuid.UUID) -> str:
    return f"tenants/{tenant_id.hex}/media/"


def _batches(items: Sequence[str], size: int) -> list[list[str]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def delete_after_commit(tx: Tx, storage: FileStorage, keys: list[str]) -> None:
    async def remove() -> None:
        for key in keys:
            await storage.delete(key)

    tx.after_commit(remove)


async def keys_of_media(tx: Tx, media_id: uuid.UUID, storage_key: str) -> list[str]:
    """The original's key and its renditions' (call with the media row locked)."""
    return [storage_key, *await repo.rendition_keys(tx, [media_id])]


async def forget_product_files(tx: Tx, tenant_id: uuid.UUID, product_id: uuid.UUID) -> None:
    """Before a product's rows go: have its stored files deleted once ``tx`` commits."""
    rows = await repo.lock_of_product(tx, product_id)
    if not rows:
        return
    keys = [row["storage_key"] for row in rows]
    keys += await repo.rendition_keys(tx, [row["id"] for row in rows])
    for batch in _batches(keys, KEYS_PER_EVENT):
        await emit(tx, DELETE_FILES, tenant_id=tenant_id, payload={"keys": batch})


async def delete_unreferenced(tx: Tx, storage: FileStorage, tenant_id: uuid.UUID, keys: list[str]) -> int:
    """Delete those of ``keys`` (under this tenant's media prefix) that no row points at."""
    own = [key for key in keys if key.startswith(media_prefix(tenant_id))]
    if not own:
        return 0
    referenced = await repo.referenced_keys(tx, own)
    gone = [key for key in own if key not in referenced]
    for key in gone:
        await storage.delete(key)
    return len(gone)


@dataclass(frozen=True, slots=True)
class SweepReport:
    tenants: int
    orphans_deleted: int
    renditions_queued: int


async def _tenants_with_media(db: Database) -> list[uuid.UUID]:
    async with db.transaction() as tx:
        return await tenants.ids_with_table(tx, "media_rendition")


async def _queue_pending(db: Database, ctx: TenantContext, older_than: datetime) -> int:
    async with tenant_transaction(db, ctx) as tx:
        media_ids = await repo.stale_pending(tx, older_than, BATCH)
        for media_id in media_ids:
            await emit(tx, MAKE_RENDITIONS, tenant_id=ctx.tenant_id, payload={"media_id": media_id})
    return len(media_ids)


async def delete_orphans(
    db: Database, storage: FileStorage, tenant_id: uuid.UUID, *, older_than: datetime
) -> int:
    """Delete files under the tenant's media prefix older than ``older_than`` that no row points at."""
    ctx = TenantContext.for_tenant(tenant_id)
    old = [key async for key, modified in storage.list_keys(media_prefix(tenant_id)) if modified < older_than]
    deleted = 0
    for batch in _batches(old, BATCH):
        async with tenant_transaction(db, ctx) as tx:
            referenced = await repo.referenced_keys(tx, batch)
        for key in batch:
            if key not in referenced:
                await storage.delete(key)
                deleted += 1
    return deleted


async def sweep(
    db: Database, storage: FileStorage, *, now: datetime | None = None, grace: timedelta = ORPHAN_GRACE
) -> SweepReport:
    """One pass over every tenant with media (safe to run twice or concurrently)."""
    now = now or datetime.now(UTC)
    tenants = await _tenants_with_media(db)
    deleted = queued = 0
    for tenant_id in tenants:
        queued += await _queue_pending(db, TenantContext.for_tenant(tenant_id), now - PENDING_AFTER)
        deleted += await delete_orphans(db, storage, tenant_id, older_than=now - grace)
    report = SweepReport(len(tenants), deleted, queued)
    if deleted or queued:
        log.warning("media sweep", extra={"report": report})
    return report
