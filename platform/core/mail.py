"""The one mail service: queue in the caller's transaction, send from a job.

``queue_mail(tx, to, subject, body_text)`` inserts a ``public.mail_message``
row and emits the outbox event ``core.send_mail`` in the same transaction: a
rolled-back change sends nothing. The ``core.send_mail`` job then delivers the
message and sets ``sent_at``:

* with SMTP when ``settings.smtp_url`` is set
  (``smtp://user:pass@host:port?starttls=true`` or ``smtps://...``; smtplib,
  run in a thread);
* otherwise as one ``.eml`` file per message under ``settings.data_dir / "mail"``,
  named ``<UTC time>-<id>.eml`` so names sort by time; ``list_dev_mail`` reads them
  back for the development mail page.

Delivery is at least once: the job locks the row and skips a message already
marked sent, but a crash between handing the mail to the relay and the commit
sends it again. Every message carries ``Message-ID: <id@hansa>`` so duplicates are
recognisable, and the file mailer overwrites the same file.
"""

from __future__ import annotations

import asyncio
import logging
import os
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import format_datetime, parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from hansa.config import Settings
from hansa.core.db import Tx
from hansa.core.jobs import Event, JobContext, job
from hansa.core.outbox import emit

log = logging.getLogger(__name__)

SEND_MAIL = "core.send_mail"
MAIL_DIRNAME = "mail"
MAX_SUBJECT = 998
_TRUE = {"1", "true", "yes", "on"}


class InvalidMail(ValueError):
    """A recipient or subject that cannot go into a mail header."""


# -- queueing --------------------------------------------------------------------------------------


async def queue_mail(tx: Tx, to: str, subject: str, body_text: str) -> uuid.UUID:
    """Queue a plain-text mail to ``to``; it is sent after ``tx`` commits. Returns its id."""
    _check_header("to", to)
    _check_header("subject", subject)
    _, address = parseaddr(to)
    if "@" not in address or len(address) > 254:
        raise InvalidMail(f"not an e-mail address: {to!r}")
    if len(subject) > MAX_SUBJECT:
        raise InvalidMail("the subject is too long")
    mail_id = uuid.uuid4()
    await tx.execute(
        "INSERT INTO public.mail_message (id, to_address, subject, body_text) VALUES ($1, $2, $3, $4)",
        mail_id,
        to,
        subject,
        body_text,
    )
    await emit(tx, SEND_MAIL, payload={"mail_id": mail_id})
    return mail_id


def _check_header(field: str, value: str) -> None:
    if not value or "\r" in value or "\n" in value or "\x00" in value:
        raise InvalidMail(f"{field} must be one non-empty line")


# -- sending ---------------------------------------------------------------------------------------


@job(SEND_MAIL)
async def send_mail(ctx: JobContext, event: Event) -> None:
    """Deliver one queued mail (SMTP or an .eml file) and mark it sent."""
    await deliver(ctx.tx, ctx.settings, event.uuid("mail_id"))


async def deliver(tx: Tx, settings: Settings, mail_id: uuid.UUID) -> bool:
    """Send ``mail_id`` unless it was sent already; ``True`` when sent now.

    The row is locked for the transaction, so two deliveries of the same event
    running at once send it once.
    """
    row = await tx.fetchrow(
        "SELECT id, to_address, subject, body_text, created_at, sent_at "
        "FROM public.mail_message WHERE id = $1 FOR UPDATE",
        mail_id,
    )
    if row is None:
        log.warning("mail %s does not exist", mail_id)
        return False
    if row["sent_at"] is not None:
        return False
    message = build_message(
        settings,
        mail_id=row["id"],
        to=row["to_address"],
        subject=row["subject"],
        body_text=row["body_text"],
        created_at=row["created_at"],
    )
    if settings.smtp_url:
        config = parse_smtp_url(settings.smtp_url)
        await asyncio.to_thread(send_smtp, config, message, settings.smtp_timeout_seconds)
    else:
        await asyncio.to_thread(write_eml, mail_dir(settings.data_dir), message, row["created_at"], row["id"])
    await tx.execute("UPDATE public.mail_message SET sent_at = now() WHERE id = $1", mail_id)
    log.info(
        "mail sent", extra={"mail_id": str(mail_id), "transport": "smtp" if settings.smtp_url else "file"}
    )
    return True


def build_message(
    settings: Settings,
    *,
    mail_id: uuid.UUID,
    to: str,
    subject: str,
    body_text: str,
    created_at: datetime,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(created_at.astimezone(UTC))
    message["Message-ID"] = f"<{mail_id}@hansa>"
    message["X-Hansa-Mail-Id"] = str(mail_id)
    message.set_content(body_text)
    return message


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    ssl: bool = False  # smtps://: TLS from the first byte
    starttls: bool = False

    def __repr__(self) -> str:  # never print the password
        return f"SmtpConfig(host={self.host!r}, port={self.port}, ssl={self.ssl}, starttls={self.starttls})"


def parse_smtp_url(url: str) -> SmtpConfig:
    """``smtp://[user[:pass]@]host[:port][?starttls=true]`` or ``smtps://...``.

    User and password are percent-decoded. Default ports: 25 (smtp, 587 with
    STARTTLS) and 465 (smtps).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("the SMTP URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("the SMTP URL names no host")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["false"])[-1].lower() in _TRUE
    use_ssl = parts.scheme == "smtps"
    if use_ssl and starttls:
        raise ValueError("smtps:// is TLS already: drop ?starttls")
    default_port = 465 if use_ssl else (587 if starttls else 25)
    return SmtpConfig(
        host=parts.hostname,
        port=parts.port or default_port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ssl=use_ssl,
        starttls=starttls,
    )


def send_smtp(config: SmtpConfig, message: EmailMessage, timeout: float) -> None:
    """Hand ``message`` to the relay (blocking: call it in a thread)."""
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if config.ssl:
        client = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=timeout)
    with client:
        client.ehlo()
        if config.starttls:
            client.starttls(context=context)
            client.ehlo()
        if config.username:
            client.login(config.username, config.password or "")
        client.send_message(message)


# -- the file mailer and the development mail page -------------------------------------------------


def mail_dir(data_dir: Path) -> Path:
    return data_dir / MAIL_DIRNAME


def eml_name(created_at: datetime, mail_id: uuid.UUID) -> str:
    """``20260101T120000123456Z-<id>.eml``: file names sort by creation time."""
    return f"{created_at.astimezone(UTC):%Y%m%dT%H%M%S%f}Z-{mail_id}.eml"


def write_eml(directory: Path, message: EmailMessage, created_at: datetime, mail_id: uuid.UUID) -> Path:
    """Write ``message`` atomically (temporary file, then rename); same id, same file."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / eml_name(created_at, mail_id)
    partial = directory / f".{path.name}.{uuid.uuid4().hex}.tmp"
    partial.write_bytes(message.as_bytes(policy=default_policy))
    os.replace(partial, path)
    return path


@dataclass(frozen=True, slots=True)
class DevMail:
    """A mail written by the file mailer, as the development mail page shows it."""

    id: str
    file: Path
    to: str
    subject: str
    date: str
    body: str


def list_dev_mail(data_dir: Path, *, limit: int = 50, to: str | None = None) -> list[DevMail]:
    """The newest ``limit`` mails under ``data_dir / "mail"``, newest first.

    ``to`` keeps only the mails sent to that address (case-insensitive).
    """
    directory = mail_dir(data_dir)
    if not directory.is_dir():
        return []
    wanted = to.lower() if to else None
    found: list[DevMail] = []
    for path in sorted(directory.glob("*.eml"), reverse=True):
        mail = read_eml(path)
        if wanted and parseaddr(mail.to)[1].lower() != wanted:
            continue
        found.append(mail)
        if len(found) >= limit:
            break
    return found


def read_eml(path: Path) -> DevMail:
    with path.open("rb") as handle:
        parsed = BytesParser(policy=default_policy).parse(handle)
    part = parsed.get_body(preferencelist=("plain",)) if isinstance(parsed, EmailMessage) else None
    body = part.get_content() if part is not None else ""
    return DevMail(
        id=str(parsed.get("X-Hansa-Mail-Id", path.stem)),
        file=path,
        to=str(parsed.get("To", "")),
        subject=str(parsed.get("Subject", "")),
        date=str(parsed.get("Date", "")),
        body=str(body),
    )
