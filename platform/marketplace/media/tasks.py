"""Media jobs: renditions after an upload, file deletion after a product's deletion,
and a periodic sweep of stored files that lost their row (docs/browse.md).

The handlers are thin; the rules live in ``renditions`` and ``cleanup`` (imported
late: they import this module for the job names).
"""

from __future__ import annotations

from hansa.core.files import storage_for
from hansa.core.jobs import Event, JobContext, job

MAKE_RENDITIONS = "media.make_renditions"
DELETE_FILES = "media.delete_files"
SWEEP_FILES = "media.sweep_files"
SWEEP_SECONDS = 6 * 3600


@job(MAKE_RENDITIONS, max_retries=5)
async def make_renditions(ctx: JobContext, event: Event) -> None:
    """Resized copies of one uploaded image (safe to run again: only a pending image is worked on)."""
    from hansa.marketplace.media.renditions import make_renditions as make

    await make(ctx.tx, storage_for(ctx.settings), event.uuid("media_id"))


@job(DELETE_FILES, max_retries=10)
async def delete_files(ctx: JobContext, event: Event) -> None:
    """Stored files of rows deleted in a committed transaction (a product's media)."""
    from hansa.marketplace.media.cleanup import delete_unreferenced

    keys = event.payload.get("keys")
    if not isinstance(keys, list):
        return
    tenant = ctx.require_tenant()
    await delete_unreferenced(
        ctx.tx, storage_for(ctx.settings), tenant.tenant_id, [key for key in keys if isinstance(key, str)]
    )


@job(SWEEP_FILES, transaction=False, every=SWEEP_SECONDS, max_retries=0)
async def sweep_files(ctx: JobContext, event: Event) -> None:
    """Periodic: delete orphaned media files, queue renditions that never ran."""
    from hansa.marketplace.media.cleanup import sweep

    await sweep(ctx.db, storage_for(ctx.settings))
