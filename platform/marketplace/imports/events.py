"""What an import tells others: the audit trail (started, done, failed) and, once it
ends, the uploader (in-app and by mail, docs/notifications.md). Called in the
transaction that writes the job's state."""

from __future__ import annotations

import uuid

from hansa.audit.service import record
from hansa.core.db import Tx
from hansa.core.tenancy import TenantContext
from hansa.marketplace.imports import repository as repo
from hansa.marketplace.imports.schemas import ImportOut
from hansa.notifications import service as notifications
from hansa.tenants import service as tenants

PROCESS_IMPORT = "imports.process"  # its job: hansa.marketplace.imports.tasks
RUN_EXPORT = "exports.run"


def _domain(ctx: TenantContext) -> str:
    return f"tenant:{ctx.tenant_id}"


async def _audit(tx: Tx, ctx: TenantContext, job: ImportOut, action: str, after: dict[str, object]) -> None:
    await record(
        tx,
        actor=ctx.actor,
        org=_domain(ctx),
        action=action,
        target_type="import",
        target_id=str(job.id),
        after={"kind": job.kind, "filename": job.filename, **after},
        request_id=ctx.request_id,
        target_label=job.filename,
    )


async def import_started(tx: Tx, ctx: TenantContext, job: ImportOut) -> None:
    await _audit(tx, ctx, job, "imports.started", {})


def _uploader(job: ImportOut) -> uuid.UUID | None:
    """The user who uploaded the file (``created_by`` is ``user:<id>``); None for an API key."""
    kind, _, actor_id = job.created_by.partition(":")
    if kind != "user":
        return None
    try:
        return uuid.UUID(actor_id)
    except ValueError:
        return None


async def import_finished(tx: Tx, ctx: TenantContext, job_id: uuid.UUID) -> None:
    """The job reached done or failed: record it and tell the uploader."""
    job = await repo.get_job(tx, job_id)
    if job is None or job.status not in ("done", "failed"):
        return
    await _audit(tx, ctx, job, f"imports.{job.status}", {"rows": job.total_rows, "errors": job.error_count})
    uploader = _uploader(job)
    if uploader is None:
        return
    tenant = await tenants.find_tenant_by_id(tx, ctx.tenant_id)
    org_name = tenant.name if tenant else None
    params = {
        "filename": job.filename,
        "import_kind": job.kind,
        "import_id": str(job.id),
        "org_name": org_name,
        "rows": job.total_rows,
        "errors": job.error_count,
    }
    await notifications.notify(tx, [uploader], f"import.{job.status}", params, org_id=ctx.tenant_id)
