"""Account jobs. ``identity.password_reset_requested`` looks the address up and
mails a reset link if an account has it: forgot-password itself only records
the request, so known and unknown addresses cost the web process the same."""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job

PASSWORD_RESET_REQUESTED = "identity.password_reset_requested"  # noqa: S105 (an event name)


@job(PASSWORD_RESET_REQUESTED)
async def password_reset_requested(ctx: JobContext, event: Event) -> None:
    from hansa.identity.auth.service import mail_reset_link  # the service imports this module

    email = event.payload.get("email")
    if isinstance(email, str):
        await mail_reset_link(ctx.tx, ctx.settings, email)
