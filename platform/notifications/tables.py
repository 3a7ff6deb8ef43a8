"""Piccolo table of the notifications domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class Notification(Table, tablename="notification", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    user_id = UUID()
    org_id = UUID(null=True)
    kind = Text()
    params = Jsonb()
    read_at = Timestamptz(null=True)
    created_at = Timestamptz()
