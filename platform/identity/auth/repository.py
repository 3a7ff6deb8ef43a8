"""Every query of the auth domain. Functions take an open ``Tx``; secrets arrive
here hashed already (sha256 bytes), never in clear.

Plain reads and writes go through the Piccolo tables on ``tx``. The per-request
authentication path (live session, API key by prefix, and their touch) and the user
read of ``/me`` stay SQL: every request pays them, and Piccolo adds about 70 µs a
query (docs/architecture.md)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import asyncpg
from piccolo.querystring import QueryString

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.identity.auth.schemas import ApiKeyOut, MeOut
from hansa.identity.auth.tables import ApiKey, AppUser, EmailToken, RecoveryCode, UserSession

TokenPurpose = Literal["verify_email", "reset_password"]

_USER_COLUMNS = (
    AppUser.id,
    AppUser.email,
    AppUser.name,
    AppUser.password_hash,
    AppUser.email_verified_at,
    AppUser.totp_secret,
    AppUser.totp_enabled_at,
    AppUser.locale,
)
_SESSION_COLUMNS = "id, user_id, active_org_id, csrf_token, mfa_pending, last_seen_at, expires_at"
_KEY_COLUMNS = "id, org_id, prefix, name, role, created_by, created_at, last_used_at, revoked_at"
_KEYS = (
    ApiKey.id,
    ApiKey.org_id,
    ApiKey.prefix,
    ApiKey.name,
    ApiKey.role,
    ApiKey.created_by,
    ApiKey.created_at,
    ApiKey.last_used_at,
    ApiKey.revoked_at,
)


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


# -- users -----------------------------------------------------------------------------------------


async def insert_user(
    tx: Tx, *, user_id: uuid.UUID, email: str, name: str, password_hash: str, locale: str
) -> bool:
    """``False`` when the e-mail (case-insensitive) is taken already."""
    row = new_row(AppUser, id=user_id, email=email, name=name, password_hash=password_hash, locale=locale)
    inserted = await AppUser.insert(row).on_conflict(target=AppUser.email, action="DO NOTHING").run()
    return bool(inserted)


async def user_by_email(tx: Tx, email: str) -> UserRow | None:
    row = await AppUser.select(*_USER_COLUMNS).where(AppUser.email == email).first().run()
    return _user(row) if row else None


async def user_by_id(tx: Tx, user_id: uuid.UUID, *, for_update: bool = False) -> UserRow | None:
    # SQL: /me reads it on every page of the UI; at ~1 ms a request (bench.http) Piccolo's
    # ~70 µs would be 7%
    lock = " FOR UPDATE" if for_update else ""
    row = await tx.fetchrow(
        "SELECT id, email::text AS email, name, password_hash, email_verified_at, totp_secret, "
        f"totp_enabled_at, locale FROM public.app_user WHERE id = $1{lock}",
        user_id,
    )
    return _user(row) if row else None


async def set_password_hash(tx: Tx, user_id: uuid.UUID, password_hash: str) -> None:
    await _update_user(user_id, {AppUser.password_hash: password_hash})


async def mark_email_verified(tx: Tx, user_id: uuid.UUID) -> None:
    await _update_user(user_id, {AppUser.email_verified_at: DB_NOW}, AppUser.email_verified_at.is_null())


async def set_totp_secret(tx: Tx, user_id: uuid.UUID, secret: str) -> None:
    await _update_user(user_id, {AppUser.totp_secret: secret, AppUser.totp_enabled_at: None})


async def enable_totp(tx: Tx, user_id: uuid.UUID) -> None:
    await _update_user(user_id, {AppUser.totp_enabled_at: DB_NOW})


async def disable_totp(tx: Tx, user_id: uuid.UUID) -> None:
    await _update_user(user_id, {AppUser.totp_secret: None, AppUser.totp_enabled_at: None})
    await RecoveryCode.delete().where(RecoveryCode.user_id == user_id).run()


async def _update_user(user_id: uuid.UUID, values: dict[Any, Any], *where: Any) -> None:
    await AppUser.update({**values, AppUser.updated_at: DB_NOW}).where(AppUser.id == user_id, *where).run()


async def replace_recovery_codes(tx: Tx, user_id: uuid.UUID, code_hashes: list[bytes]) -> None:
    await RecoveryCode.delete().where(RecoveryCode.user_id == user_id).run()
    if code_hashes:
        rows = [new_row(RecoveryCode, user_id=user_id, code_hash=code_hash) for code_hash in code_hashes]
        await RecoveryCode.insert(*rows).run()


async def use_recovery_code(tx: Tx, user_id: uuid.UUID, code_hash: bytes) -> bool:
    """Spend one unused recovery code; ``False`` if there is none such."""
    used = await (
        RecoveryCode.update({RecoveryCode.used_at: DB_NOW})
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == code_hash,
            RecoveryCode.used_at.is_null(),
        )
        .returning(RecoveryCode.user_id)
        .run()
    )
    return bool(used)


async def unused_recovery_codes(tx: Tx, user_id: uuid.UUID) -> int:
    count = (
        await RecoveryCode.count()
        .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_null())
        .run()
    )
    return int(count)


# -- e-mail tokens (verification, password reset) ----------------------------------------------------


async def insert_email_token(
    tx: Tx, *, token_hash: bytes, user_id: uuid.UUID, purpose: TokenPurpose, expires_at: datetime
) -> None:
    row = new_row(EmailToken, token_hash=token_hash, user_id=user_id, purpose=purpose, expires_at=expires_at)
    await EmailToken.insert(row).run()


async def consume_email_token(tx: Tx, token_hash: bytes, purpose: TokenPurpose) -> uuid.UUID | None:
    """Spend a valid token (unused, unexpired, of ``purpose``); its user, or ``None``."""
    rows = await (
        EmailToken.update({EmailToken.used_at: DB_NOW})
        .where(
            EmailToken.token_hash == token_hash,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_null(),
            EmailToken.expires_at > DB_NOW,
        )
        .returning(EmailToken.user_id)
        .run()
    )
    user_id = rows[0]["user_id"] if rows else None
    return user_id if isinstance(user_id, uuid.UUID) else None


async def retire_email_tokens(tx: Tx, user_id: uuid.UUID, purpose: TokenPurpose) -> None:
    """Spend every outstanding token of ``purpose``: only the newest link works."""
    await (
        EmailToken.update({EmailToken.used_at: DB_NOW})
        .where(EmailToken.user_id == user_id, EmailToken.purpose == purpose, EmailToken.used_at.is_null())
        .run()
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
    row = new_row(
        UserSession,
        id=session_id,
        token_hash=token_hash,
        user_id=user_id,
        csrf_token=csrf_token,
        mfa_pending=mfa_pending,
        expires_at=expires_at,
        active_org_id=active_org_id,
    )
    await UserSession.insert(row).run()


async def live_session(tx: Tx, token_hash: bytes) -> SessionRow | None:
    """The unrevoked, unexpired session with this token hash."""
    # SQL: on every request (see the module's docstring)
    row = await tx.fetchrow(
        f"SELECT {_SESSION_COLUMNS} FROM public.user_session "
        "WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()",
        token_hash,
    )
    return _session(row) if row else None


async def touch_session(tx: Tx, session_id: uuid.UUID, lifetime_seconds: int) -> None:
    """Slide the expiry: seen now, valid for ``lifetime_seconds`` from now."""
    # SQL: on every request (see the module's docstring)
    await tx.execute(
        "UPDATE public.user_session SET last_seen_at = now(), "
        "expires_at = now() + make_interval(secs => $2) WHERE id = $1 AND revoked_at IS NULL",
        session_id,
        float(lifetime_seconds),
    )


async def revoke_session(tx: Tx, session_id: uuid.UUID) -> None:
    await (
        UserSession.update({UserSession.revoked_at: DB_NOW})
        .where(UserSession.id == session_id, UserSession.revoked_at.is_null())
        .run()
    )


async def revoke_user_sessions(tx: Tx, user_id: uuid.UUID, *, keep: uuid.UUID | None = None) -> int:
    """Revoke every live session of the user but ``keep``; how many were revoked."""
    query = UserSession.update({UserSession.revoked_at: DB_NOW}).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_null()
    )
    if keep is not None:
        query = query.where(UserSession.id != keep)
    return len(await query.returning(UserSession.id).run())


async def set_active_org(tx: Tx, session_id: uuid.UUID, org_id: uuid.UUID | None) -> bool:
    changed = await (
        UserSession.update({UserSession.active_org_id: org_id})
        .where(
            UserSession.id == session_id, UserSession.revoked_at.is_null(), UserSession.mfa_pending.eq(False)
        )
        .returning(UserSession.id)
        .run()
    )
    return bool(changed)


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
    row = new_row(
        ApiKey,
        id=key_id,
        org_id=org_id,
        name=name,
        prefix=prefix,
        secret_hash=secret_hash,
        role=role,
        created_by=created_by,
    )
    rows = (
        await ApiKey.insert(row)
        .on_conflict(target=ApiKey.prefix, action="DO NOTHING")
        .returning(*_KEYS)
        .run()
    )
    return as_struct(rows[0], ApiKeyOut) if rows else None


async def api_keys_of(tx: Tx, org_id: uuid.UUID) -> list[ApiKeyOut]:
    rows = await (
        ApiKey.select(*_KEYS)
        .where(ApiKey.org_id == org_id)
        .order_by(ApiKey.created_at, ascending=False)
        .order_by(ApiKey.id)
        .run()
    )
    return as_structs(rows, ApiKeyOut)


async def api_key_in_org(tx: Tx, org_id: uuid.UUID, key_id: uuid.UUID) -> ApiKeyOut | None:
    row = (
        await ApiKey.select(*_KEYS)
        .where(ApiKey.org_id == org_id, ApiKey.id == key_id)
        .lock_rows("UPDATE")
        .first()
        .run()
    )
    return as_struct(row, ApiKeyOut) if row else None


async def revoke_api_key(tx: Tx, key_id: uuid.UUID) -> ApiKeyOut:
    # a second revocation keeps the first one's time
    rows = await (
        ApiKey.update({ApiKey.revoked_at: QueryString('coalesce("revoked_at", now())')})
        .where(ApiKey.id == key_id)
        .returning(*_KEYS)
        .run()
    )
    return as_struct(rows[0], ApiKeyOut)


async def api_key_by_prefix(tx: Tx, prefix: str) -> ApiKeyRow | None:
    # SQL: on every request with a key (see the module's docstring)
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
    # SQL: on every request with a key (see the module's docstring)
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


async def api_key_label(tx: Tx, key_id: uuid.UUID) -> str | None:
    """ "name (prefix)": how the audit trail names a key."""
    row = await ApiKey.select(ApiKey.name, ApiKey.prefix).where(ApiKey.id == key_id).first().run()
    return f"{row['name']} ({row['prefix']})" if row else None
