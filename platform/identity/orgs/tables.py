"""Piccolo tables of the organisations domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Bytea, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Citext


class Organisation(Table, tablename="organisation", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    kind = Text()
    name = Text()
    tenant_id = UUID(null=True)
    status = Text()
    created_at = Timestamptz()


class Invitation(Table, tablename="invitation", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    email = Citext()
    role = Text()
    token_hash = Bytea()
    invited_by = UUID(null=True)
    status = Text()
    created_at = Timestamptz()
    expires_at = Timestamptz()
    answered_at = Timestamptz(null=True)
