"""Every query of the auth domain. Functions take an open ``Tx``; secrets arrive
here hashed already (sha256 bytes), never in clear."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import asyncpg

from hansa.core.db import Tx
from hansa.core.rows import rows_affected
from hansa.identity.auth.schemas import ApiKeyOut, MeOut

TokenPurpose = Literal["verify_email", "reset_password"]

_USER_COLUMNS = (
    "id, email::text AS email, name, password_hash, email_verified_at, totp_secret, totp_enabled_at, locale"
)
_SESSION_COLUMNS = "id, user_id, active_org_id, csrf_token, mfa_pending, last_seen_at, expires_at"
_KEY_COLUMNS = "id, org_id, prefix, name, role, created_by, created_at, last_used_at, revoked_at"


@dataclass(frozen=True, slots=True)
class UserRow:
    id: uuid.UUID
    email: str
    name: str
    password_hash: str
    email_verified_at: datetime | None
    totp_secret: str | None
    totp_enabled_at: datetime | None
    locale: str

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    def out(self, active_org_id: uuid.UUID | None = None) -> MeOut:
        return MeOut(
            id=self.id,
            email=self.email,
            name=self.name,
            email_verified=self.email_verified_at is not None,
            totp_enabled=self.totp_enabled,
            locale=self.locale,
            active_org_id=active_org_id,
        )


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: uuid.UUID
    user_id: uuid.UUID
    active_org_id: uuid.UUID | None
    csrf_token: str
    mfa_pending: bool
    last_seen_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ApiKeyRow:
    key: ApiKeyOut
    secret_hash: bytes


def _user(row: Any) -> UserRow:
    return UserRow(**dict(row))


def _session(row: Any) -> SessionRow:
    return SessionRow(**dict(row))


def _key(row: Any) -> ApiKeyOut:
    return ApiKeyOut(**dict(row))


# -- users -----------------------------------------------------------------------------------------


async def insert_user(
    tx: Tx, *, user_id: uuid.UUID, email: str, name: str, password_hash: str, locale: str
) -> bool:
    """``False`` when the e-mail (case-insensitive) is taken already."""
    inserted = await tx.fetchval(
        "INSERT INTO public.app_user (id, email, name, password_hash, locale) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (email) DO NOTHING RETURNING true",
        user_id,
        email,
        name,
        password_hash,
        locale,
    )
    return bool(inserted)


async def user_by_email(tx: Tx, email: str) -> UserRow | None:
    row = await tx.fetchrow(f"SELECT {_USER_COLUMNS} FROM public.app_user WHERE email = $1", email)
    return _user(row) if row else None


async def user_by_id(tx: Tx, user_id: uuid.UUID, *, for_update: bool = False) -> UserRow | None:
    lock = " FOR UPDATE" if for_update else ""
    row = await tx.fetchrow(f"SELECT {_USER_COLUMNS} FROM public.app_user WHERE id = $1{lock}", user_id)
    return _user(row) if row else None


async def set_password_hash(tx: Tx, user_id: uuid.UUID, password_hash: str) -> None:
    await tx.execute(
        "UPDATE public.app_user SET password_hash = $2, updated_at = now() WHERE id = $1",
        user_id,
        password_hash,
    )


async def mark_email_verified(tx: Tx, user_id: uuid.UUID) -> None:
    await tx.execute(
        "UPDATE public.app_user SET email_verified_at = now(), updated_at = now() "
        "WHERE id = $1 AND email_verified_at IS NULL",
        user_id,
    )


async def set_totp_secret(tx: Tx, user_id: uuid.UUID, secret: str) -> None:
    await tx.execute(
        "UPDATE public.app_user SET totp_secret = $2, totp_enabled_at = NULL, updated_at = now() "
        "WHERE id = $1",
        user_id,
        secret,
    )


async def enable_totp(tx: Tx, user_id: uuid.UUID) -> None:
    await tx.execute(
        "UPDATE public.app_user SET totp_enabled_at = now(), updated_at = now() WHERE id = $1", user_id
    )


async def disable_totp(tx: Tx, user_id: uuid.UUID) -> None:
    await tx.execute(
        "UPDATE public.app_user SET totp_secret = NULL, totp_enabled_at = NULL, updated_at = now() "
        "WHERE id = $1",
        user_id,
    )
    await tx.execute("DELETE FROM public.recovery_code WHERE user_id = $1", user_id)


async def replace_recovery_codes(tx: Tx, user_id: uuid.UUID, code_hashes: list[bytes]) -> None:
    await tx.execute("DELETE FROM public.recovery_code WHERE user_id = $1", user_id)
    await tx.execute(
        "INSERT INTO public.recovery_code (user_id, code_hash) SELECT $1, unnest($2::bytea[])",
        user_id,
        code_hashes,
    )


async def use_recovery_code(tx: Tx, user_id: uuid.UUID, code_hash: bytes) -> bool:
    """Spend one unused recovery code; ``False`` if there is none such."""
    used = await tx.fetchval(
        "UPDATE public.recovery_code SET used_at = now() "
        "WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING true",
        user_id,
        code_hash,
    )
    return bool(used)


async def unused_recovery_codes(tx: Tx, user_id: uuid.UUID) -> int:
    count = await tx.fetchval(
        "SELECT count(*) FROM public.recovery_code WHERE user_id = $1 AND used_at IS NULL", user_id
    )
    return int(count)


# -- e-mail tokens (verification, password reset) ----------------------------------------------------


async def insert_email_token(
    tx: Tx, *, token_hash: bytes, user_id: uuid.UUID, purpose: TokenPurpose, expires_at: datetime
) -> None:
    await tx.execute(
        "INSERT INTO public.email_token (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)",
        token_hash,
        user_id,
        purpose,
        expires_at,
    )


async def consume_email_token(tx: Tx, token_hash: bytes, purpose: TokenPurpose) -> uuid.UUID | None:
    """Spend a valid token (unused, unexpired, of ``purpose``); its user, or ``None``."""
    user_id = await tx.fetchval(
        "UPDATE public.email_token SET used_at = now() "
        "WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() "
        "RETURNING user_id",
        token_hash,
        purpose,
    )
    return user_id if isinstance(user_id, uuid.UUID) else None


async def retire_email_tokens(tx: Tx, user_id: uuid.UUID, purpose: TokenPurpose) -> None:
    """Spend every outstanding token of ``purpose``: only the newest link works."""
    await tx.execute(
        "UPDATE public.email_token SET used_at = now() "
        "WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        user_id,
        purpose,
    )


# -- sessions --------------------------------------------------------------------------------------


async def insert_session(
    tx: Tx,
    *,
    session_id: uuid.UUID,
    token_hash: bytes,
    user_id: uuid.UUID,
    csrf_token: str,
    mfa_pending: bool,
    expires_at: datetime,
    active_org_id: uuid.UUID | None = None,
) -> None:
    await tx.execute(
        "INSERT INTO public.user_session "
        "(id, token_hash, user_id, csrf_token, mfa_pending, expires_at, active_org_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        session_id,
        token_hash,
        user_id,
        csrf_token,
        mfa_pending,
        expires_at,
        active_org_id,
    )


async def live_session(tx: Tx, token_hash: bytes) -> SessionRow | None:
    """The unrevoked, unexpired session with this token hash."""
    row = await tx.fetchrow(
        f"SELECT {_SESSION_COLUMNS} FROM public.user_session "
        "WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()",
        token_hash,
    )
    return _session(row) if row else None


async def touch_session(tx: Tx, session_id: uuid.UUID, lifetime_seconds: int) -> None:
    """Slide the expiry: seen now, valid for ``lifetime_seconds`` from now."""
    await tx.execute(
        "UPDATE public.user_session SET last_seen_at = now(), "
        "expires_at = now() + make_interval(secs => $2) WHERE id = $1 AND revoked_at IS NULL",
        session_id,
        float(lifetime_seconds),
    )


async def revoke_session(tx: Tx, session_id: uuid.UUID) -> None:
    await tx.execute(
        "UPDATE public.user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", session_id
    )


async def revoke_user_sessions(tx: Tx, user_id: uuid.UUID, *, keep: uuid.UUID | None = None) -> int:
    """Revoke every live session of the user but ``keep``; how many were revoked."""
    status = await tx.execute(
        "UPDATE public.user_session SET revoked_at = now() "
        "WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)",
        user_id,
        keep,
    )
    return rows_affected(status)


async def set_active_org(tx: Tx, session_id: uuid.UUID, org_id: uuid.UUID | None) -> bool:
    status = await tx.execute(
        "UPDATE public.user_session SET active_org_id = $2 "
        "WHERE id = $1 AND revoked_at IS NULL AND NOT mfa_pending",
        session_id,
        org_id,
    )
    return rows_affected(status) > 0


# -- API keys --------------------------------------------------------------------------------------


async def insert_api_key(
    tx: Tx,
    *,
    key_id: uuid.UUID,
    org_id: uuid.UUID,
    name: str,
    prefix: str,
    secret_hash: bytes,
    role: str,
    created_by: uuid.UUID | None,
) -> ApiKeyOut | None:
    """The new key, or ``None`` when ``prefix`` is taken (the caller draws another)."""
    row = await tx.fetchrow(
        "INSERT INTO public.api_key (id, org_id, name, prefix, secret_hash, role, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (prefix) DO NOTHING "
        f"RETURNING {_KEY_COLUMNS}",
        key_id,
        org_id,
        name,
        prefix,
        secret_hash,
        role,
        created_by,
    )
    return _key(row) if row else None


async def api_keys_of(tx: Tx, org_id: uuid.UUID) -> list[ApiKeyOut]:
    rows = await tx.fetch(
        f"SELECT {_KEY_COLUMNS} FROM public.api_key WHERE org_id = $1 ORDER BY created_at DESC, id",
        org_id,
    )
    return [_key(row) for row in rows]


async def api_key_in_org(tx: Tx, org_id: uuid.UUID, key_id: uuid.UUID) -> ApiKeyOut | None:
    row = await tx.fetchrow(
        f"SELECT {_KEY_COLUMNS} FROM public.api_key WHERE org_id = $1 AND id = $2 FOR UPDATE",
        org_id,
        key_id,
    )
    return _key(row) if row else None


async def revoke_api_key(tx: Tx, key_id: uuid.UUID) -> ApiKeyOut:
    row = await tx.fetchrow(
        "UPDATE public.api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 "
        f"RETURNING {_KEY_COLUMNS}",
        key_id,
    )
    return _key(row)


async def api_key_by_prefix(tx: Tx, prefix: str) -> ApiKeyRow | None:
    row = await tx.fetchrow(
        f"SELECT {_KEY_COLUMNS}, secret_hash FROM public.api_key WHERE prefix = $1", prefix
    )
    if row is None:
        return None
    values = dict(row)
    secret_hash = values.pop("secret_hash")
    return ApiKeyRow(key=ApiKeyOut(**values), secret_hash=bytes(secret_hash))


async def touch_api_key(tx: Tx, key_id: uuid.UUID) -> None:
    """Record a use, at most once a minute (no write on every request)."""
    await tx.execute(
        "UPDATE public.api_key SET last_used_at = now() WHERE id = $1 "
        "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
        key_id,
    )


async def contacts(tx: Tx, user_ids: Sequence[uuid.UUID]) -> list[asyncpg.Record]:
    """id, email, name, locale of these users, by id."""
    return await tx.fetch(
        "SELECT id, email::text AS email, name, locale FROM public.app_user WHERE id = ANY($1::uuid[]) "
        "ORDER BY id",
        list(user_ids),
    )
