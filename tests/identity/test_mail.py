"""The mail service: queued in the caller's transaction, sent by the
``core.send_mail`` job as an .eml file (no SMTP URL) or over SMTP.

The SMTP path talks to a small SMTP server on 127.0.0.1 run by the test itself;
STARTTLS and login (which need a certificate) are checked against a mocked
``smtplib.SMTP``, the one thing that would leave the machine."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any
from unittest import mock

import dramatiq
import pytest

from hansa.config import Settings
from hansa.core import mail
from hansa.core.db import Database
from hansa.core.jobs import DEFAULT_QUEUE, attach_broker, build_broker, close_broker, detach_broker

JOIN_TIMEOUT_MS = 60_000


def address() -> str:
    return f"mail-{uuid.uuid4().hex[:12]}@example.com"


async def queue(db: Database, to: str, subject: str = "Hello", body: str = "Body text\n") -> uuid.UUID:
    async with db.transaction() as tx:
        return await mail.queue_mail(tx, to, subject, body)


async def deliver(db: Database, settings: Settings, mail_id: uuid.UUID) -> bool:
    async with db.transaction() as tx:
        return await mail.deliver(tx, settings, mail_id)


async def test_queue_mail_writes_the_row_and_an_outbox_event(db: Database) -> None:
    to = address()
    mail_id = await queue(db, to, "Subject line", "Hello there")
    row = await db.fetchval("SELECT row_to_json(m)::text FROM public.mail_message m WHERE id = $1", mail_id)
    stored = json.loads(row)
    assert stored["to_address"] == to
    assert stored["subject"] == "Subject line"
    assert stored["sent_at"] is None
    payloads = await db.fetchval(
        "SELECT count(*) FROM public.outbox WHERE actor = 'core.send_mail' AND payload->>'mail_id' = $1",
        str(mail_id),
    )
    assert payloads == 1


async def test_a_rolled_back_transaction_queues_nothing(db: Database) -> None:
    to = address()

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with db.transaction() as tx:
            await mail.queue_mail(tx, to, "Never", "sent")
            raise Boom
    assert await db.fetchval("SELECT count(*) FROM public.mail_message WHERE to_address = $1", to) == 0


@pytest.mark.parametrize(
    ("to", "subject"),
    [("a@b.example\r\nBcc: x@y.example", "ok"), ("a@b.example", "two\nlines"), ("not-an-address", "ok")],
)
async def test_header_injection_and_bad_addresses_are_refused(db: Database, to: str, subject: str) -> None:
    with pytest.raises(mail.InvalidMail):
        await queue(db, to, subject)


async def test_file_mailer_writes_one_sortable_eml_per_message_and_marks_it_sent(
    db: Database, settings: Settings
) -> None:
    to = address()
    first = await queue(db, to, "First", "one")
    second = await queue(db, to, "Second", "two")
    assert await deliver(db, settings, second)
    assert await deliver(db, settings, first)
    assert not await deliver(db, settings, first), "a sent mail is not sent again"

    files = sorted((settings.data_dir / "mail").glob("*.eml"))
    assert len(files) == 2
    assert [f.name.endswith(f"{first}.eml") for f in files] == [True, False], "names sort by creation time"
    assert re.fullmatch(r"\d{8}T\d{12}Z-[0-9a-f-]{36}\.eml", files[0].name)
    parsed = message_from_bytes(files[0].read_bytes(), policy=default_policy)
    assert parsed["To"] == to
    assert parsed["Subject"] == "First"
    assert parsed["Message-ID"] == f"<{first}@hansa>"
    assert parsed["From"] == settings.mail_from
    sent = await db.fetchval(
        "SELECT count(*) FROM public.mail_message WHERE id = ANY($1::uuid[]) AND sent_at IS NOT NULL",
        [first, second],
    )
    assert sent == 2

    listed = mail.list_dev_mail(settings.data_dir)
    assert [m.subject for m in listed] == ["Second", "First"], "newest first"
    assert listed[1].body.strip() == "one"
    assert listed[1].id == str(first)
    assert mail.list_dev_mail(settings.data_dir, to=to.upper(), limit=1)[0].subject == "Second"
    assert mail.list_dev_mail(settings.data_dir, to="nobody@example.com") == []
    assert mail.list_dev_mail(settings.data_dir / "missing") == []


async def test_the_send_mail_job_delivers_through_a_real_worker(db: Database, settings: Settings) -> None:
    broker = build_broker(settings)
    attach_broker(db, broker)
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        to = address()
        mail_id = await queue(db, to, "Through the worker", "queued, sent, marked")

        def wait() -> None:
            broker.join(DEFAULT_QUEUE, timeout=JOIN_TIMEOUT_MS)
            worker.join()

        await asyncio.to_thread(wait)
    finally:
        detach_broker(db)
        await asyncio.to_thread(worker.stop)
        broker.flush_all()
        close_broker(broker)
    assert await db.fetchval("SELECT sent_at IS NOT NULL FROM public.mail_message WHERE id = $1", mail_id)
    [written] = mail.list_dev_mail(settings.data_dir, to=to)
    assert written.subject == "Through the worker"


# -- SMTP ------------------------------------------------------------------------------------------


class TinySmtpServer:
    """Enough of RFC 5321 for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> TinySmtpServer:
        self.server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        reply("220 tiny ESMTP")
        sender, recipients = "", []
        while line := await reader.readline():
            command = line.decode().rstrip("\r\n")
            verb = command[:4].upper()
            if verb == "EHLO":
                reply("250-tiny")
                reply("250 8BITMIME")
            elif verb == "HELO":
                reply("250 tiny")
            elif verb == "MAIL":
                sender = command.split(":", 1)[1].strip()
                reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip())
                reply("250 OK")
            elif verb == "DATA":
                reply("354 go on")
                await writer.drain()
                data = bytearray()
                while (chunk := await reader.readline()) != b".\r\n":
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.messages.append({"from": sender, "to": recipients, "data": bytes(data)})
                sender, recipients = "", []
                reply("250 queued")
            elif verb == "QUIT":
                reply("221 bye")
                await writer.drain()
                break
            else:  # RSET, NOOP
                reply("250 OK")
            await writer.drain()
        writer.close()


@pytest.fixture
async def smtp_server() -> AsyncIterator[TinySmtpServer]:
    async with TinySmtpServer() as server:
        yield server


async def test_smtp_mailer_hands_the_message_to_the_relay(
    db: Database, settings: Settings, smtp_server: TinySmtpServer
) -> None:
    smtp = settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{smtp_server.port}"})
    to = address()
    mail_id = await queue(db, to, "Over SMTP", "hello relay")
    assert await deliver(db, smtp, mail_id)

    [received] = smtp_server.messages
    assert received["to"] == [f"<{to}>"]
    parsed = message_from_bytes(received["data"], policy=default_policy)
    assert parsed["Subject"] == "Over SMTP"
    assert parsed["Message-ID"] == f"<{mail_id}@hansa>"
    assert "hello relay" in parsed.get_content()
    assert await db.fetchval("SELECT sent_at IS NOT NULL FROM public.mail_message WHERE id = $1", mail_id)
    assert not (settings.data_dir / "mail").exists(), "no file when SMTP is configured"


async def test_a_relay_failure_leaves_the_mail_unsent_for_a_retry(db: Database, settings: Settings) -> None:
    async with TinySmtpServer() as closed:
        port = closed.port  # the server is gone once the block ends: connection refused
    smtp = settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{port}", "smtp_timeout_seconds": 5})
    mail_id = await queue(db, address())
    with pytest.raises(ConnectionRefusedError):
        await deliver(db, smtp, mail_id)
    assert await db.fetchval("SELECT sent_at IS NULL FROM public.mail_message WHERE id = $1", mail_id)


def test_starttls_and_login_follow_the_url() -> None:
    config = mail.parse_smtp_url("smtp://user%40corp:p%3Ass@relay.example:2525?starttls=true")
    assert (config.host, config.port, config.username, config.password) == (
        "relay.example",
        2525,
        "user@corp",
        "p:ss",
    )
    assert config.starttls and not config.ssl
    assert "p:ss" not in repr(config)
    message = mail.EmailMessage()
    message["To"] = "x@example.com"
    with mock.patch("smtplib.SMTP") as smtp_class:
        client = smtp_class.return_value.__enter__.return_value = smtp_class.return_value
        mail.send_smtp(config, message, timeout=3)
    smtp_class.assert_called_once_with("relay.example", 2525, timeout=3)
    names = [c[0] for c in client.method_calls if c[0] in ("ehlo", "starttls", "login", "send_message")]
    assert names == ["ehlo", "starttls", "ehlo", "login", "send_message"]
    client.login.assert_called_once_with("user@corp", "p:ss")


@pytest.mark.parametrize(
    ("url", "port", "ssl", "starttls"),
    [
        ("smtp://relay.example", 25, False, False),
        ("smtp://relay.example?starttls=true", 587, False, True),
        ("smtps://relay.example", 465, True, False),
    ],
)
def test_smtp_url_default_ports(url: str, port: int, ssl: bool, starttls: bool) -> None:
    config = mail.parse_smtp_url(url)
    assert (config.port, config.ssl, config.starttls) == (port, ssl, starttls)


@pytest.mark.parametrize("url", ["http://relay.example", "smtp://", "smtps://relay.example?starttls=true"])
def test_bad_smtp_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match=r"SMTP|host|TLS"):
        mail.parse_smtp_url(url)


def test_a_fresh_worker_process_declares_the_send_mail_job() -> None:
    """The worker imports job modules through ``discover_jobs`` only (nothing else
    imports ``hansa.core.mail`` there): it must list the mail module."""
    import subprocess
    import sys

    script = (
        "from hansa.core.jobs import discover_jobs, registered_jobs; discover_jobs(); "
        "print(' '.join(spec.name for spec in registered_jobs()))"
    )
    names = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert "core.send_mail" in names.stdout.split()
