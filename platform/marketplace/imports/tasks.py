"""The import job (``imports.process`` validates and applies one uploaded file) and the
export job (``exports.run`` writes one export file).

Declared ``transaction=False``: the handler commits progress in short transactions
of its own while it validates, then applies the file in one transaction. It is safe
to deliver twice: ``claim_job`` moves the row out of ``queued`` once, so a second
delivery finds nothing to do (a job stuck for 15 minutes is claimed again).
"""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job

PROCESS_IMPORT = "imports.process"
RUN_EXPORT = "exports.run"


@job(PROCESS_IMPORT, transaction=False, max_retries=3, time_limit_ms=30 * 60 * 1000)
async def process(ctx: JobContext, event: Event) -> None:
    from hansa.marketplace.imports.service import process_import  # the service imports this module

    await process_import(ctx.db, ctx.require_tenant(), event.uuid("import_id"))


@job(RUN_EXPORT, transaction=False, max_retries=3, time_limit_ms=30 * 60 * 1000)
async def run_export(ctx: JobContext, event: Event) -> None:
    """Reads the rows, writes the file in a thread, stores it on the export_job row."""
    from hansa.marketplace.imports.service import run_export as run  # the service imports this module

    await run(ctx.db, ctx.require_tenant(), event.uuid("export_id"))
