"""Piccolo table of the audit domain (public schema, append-only by trigger).
DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import BigSerial, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class AuditLog(Table, tablename="audit_log", schema="public", db=PICCOLO_ENGINE):
    id = BigSerial(primary_key=True)
    at = Timestamptz()
    actor_kind = Text()
    actor_id = Text()
    org = Text(null=True)
    action = Text()
    target_type = Text()
    target_id = Text()
    before = Jsonb(null=True)
    after = Jsonb(null=True)
    request_id = Text(null=True)
    actor_name = Text(null=True)
    actor_email = Text(null=True)
    target_label = Text(null=True)
