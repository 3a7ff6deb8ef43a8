"""Account jobs. ``identity.password_reset_requested`` looks the address up and
mails a reset link if an account has it: forgot-password itself only records
the request, so known and unknown addresses cost the web process the same."""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job
from hansa.identity.auth import service
from hansa.identity.auth.events import PASSWORD_RESET_REQUESTED

__all__ = ["PASSWORD_RESET_REQUESTED", "password_reset_requested"]


@job(PASSWORD_RESET_REQUESTED)
async def password_reset_requested(ctx: JobContext, event: Event) -> None:
    email = event.payload.get("email")
    if isinstance(email, str):
        await service.mail_reset_link(ctx.tx, ctx.settings, email)
