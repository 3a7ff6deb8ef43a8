"""Piccolo tables of core's own public tables: the outbox, processed events, the
mail queue and idempotency keys. DDL lives in the SQL migrations.

A table whose primary key spans several columns marks its first one
``primary_key=True`` (Piccolo knows single-column keys only) and names the whole key
in ``primary_key_columns``; the drift test checks both."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Bytea, Integer, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class Outbox(Table, tablename="outbox", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    actor = Text()
    tenant_id = UUID(null=True)
    payload = Jsonb()
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True)
    attempts = Integer()


class ProcessedEvent(Table, tablename="processed_event", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("event_id", "actor")

    event_id = UUID(primary_key=True)
    actor = Text()
    processed_at = Timestamptz()


class MailMessage(Table, tablename="mail_message", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    to_address = Text()
    subject = Text()
    body_text = Text()
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True)


class IdempotencyKey(Table, tablename="idempotency_key", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("scope", "key")

    scope = Text(primary_key=True)
    key = Text()
    request_hash = Text()
    status_code = Integer()
    response_body = Bytea()
    created_at = Timestamptz()
