"""Piccolo tables of the auth domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Boolean, Bytea, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Citext


class AppUser(Table, tablename="app_user", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    email = Citext()
    name = Text()
    password_hash = Text()
    email_verified_at = Timestamptz(null=True)
    totp_secret = Text(null=True)
    totp_enabled_at = Timestamptz(null=True)
    locale = Text()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class RecoveryCode(Table, tablename="recovery_code", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("user_id", "code_hash")

    user_id = UUID(primary_key=True)
    code_hash = Bytea()
    used_at = Timestamptz(null=True)


class UserSession(Table, tablename="user_session", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    token_hash = Bytea()
    user_id = UUID()
    active_org_id = UUID(null=True)
    csrf_token = Text()
    mfa_pending = Boolean()
    created_at = Timestamptz()
    last_seen_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True)


class EmailToken(Table, tablename="email_token", schema="public", db=PICCOLO_ENGINE):
    token_hash = Bytea(primary_key=True)
    user_id = UUID()
    purpose = Text()
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True)


class ApiKey(Table, tablename="api_key", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    name = Text()
    prefix = Text()
    secret_hash = Bytea()
    role = Text()
    created_by = UUID(null=True)
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True)
    revoked_at = Timestamptz(null=True)
