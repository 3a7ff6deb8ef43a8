"""Account jobs. ``identity.password_reset_requested`` looks the address up and
mails a reset link if an account has it: forgot-password itself only records
the request, so known and unknown addresses cost the web process the same.

``discover_jobs`` imports this module in every process: auth registers here how the
audit trail names users and API keys (``hansa.audit.labels``)."""

from __future__ import annotations

from hansa.audit.labels import register_labels, register_user_names
from hansa.core.jobs import Event, JobContext, job
from hansa.identity.auth import service
from hansa.identity.auth.events import PASSWORD_RESET_REQUESTED

__all__ = ["PASSWORD_RESET_REQUESTED", "password_reset_requested"]

register_user_names(service.audit_names)
register_labels({"user": service.user_label, "api_key": service.api_key_label})


@job(PASSWORD_RESET_REQUESTED)
async def password_reset_requested(ctx: JobContext, event: Event) -> None:
    email = event.payload.get("email")
    if isinstance(email, str):
        await service.mail_reset_link(ctx.tx, ctx.settings, email)
