"""The import job (``imports.process`` validates and applies one uploaded file) and the
export job (``exports.run`` writes one export file).

Declared ``transaction=False``: the handler commits progress in short transactions
of its own while it validates, then applies the file in one transaction. It is safe
to deliver twice: ``claim_job`` moves the row out of ``queued`` once, so a second
delivery finds nothing to do (a job stuck for 15 minutes is claimed again).
"""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job
from hansa.core.retention import TenantRetention, register_tenant_retention
from hansa.marketplace.imports.events import PROCESS_IMPORT, RUN_EXPORT
from hansa.marketplace.imports.repository import PURGE_SINCE_VERSION, purge_files
from hansa.marketplace.imports.service import process_import
from hansa.marketplace.imports.service import run_export as run

# uploads and exports are kept HANSA_RETENTION_DAYS after they finish (docs/imports.md)
register_tenant_retention(TenantRetention("import_files", purge_files, since_version=PURGE_SINCE_VERSION))


@job(PROCESS_IMPORT, transaction=False, max_retries=3, time_limit_ms=30 * 60 * 1000)
async def process(ctx: JobContext, event: Event) -> None:
    await process_import(ctx.db, ctx.require_tenant(), event.uuid("import_id"))


@job(RUN_EXPORT, transaction=False, max_retries=3, time_limit_ms=30 * 60 * 1000)
async def run_export(ctx: JobContext, event: Event) -> None:
    """Reads the rows, writes the file in a thread, stores it on the export_job row."""
    await run(ctx.db, ctx.require_tenant(), event.uuid("export_id"))
