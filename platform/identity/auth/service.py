"""Users, sessions, e-mail tokens and two-factor authentication.

Rules that hold throughout:

* Answers never tell whether an e-mail is registered: sign-up with a taken
  address and forgot-password answer like any other (the owner gets a mail
  instead), and every failed login is one ``InvalidCredentials``, after the same
  argon2 work whether or not the account exists.
* Secrets (session tokens, e-mail tokens, recovery codes, API key secrets) are
  stored as sha256 only; they are 256-bit (80-bit for recovery codes) random
  values, so a plain hash is enough. Passwords are argon2id.
* Privileged changes (password change/reset, 2FA on/off) write an audit record
  in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from hansa.audit.service import record
from hansa.config import Settings
from hansa.core.db import Database, Tx
from hansa.core.errors import ValidationFailed
from hansa.core.logging import request_id_var
from hansa.core.mail import queue_mail
from hansa.core.outbox import emit
from hansa.core.resources import Resources
from hansa.core.tenancy import Actor
from hansa.identity.auth import passwords, ratelimit, totp
from hansa.identity.auth import repository as repo
from hansa.identity.auth.errors import (
    InvalidCredentials,
    InvalidToken,
    NotAuthenticated,
    TwoFactorState,
    WeakPassword,
)
from hansa.identity.auth.events import PASSWORD_RESET_REQUESTED
from hansa.identity.auth.organisations import organisations
from hansa.identity.auth.repository import SessionRow, UserRow
from hansa.identity.auth.schemas import MeOut, SignupIn
from hansa.identity.principal import Principal, org_domain, user_subject

VERIFY_EMAIL_TTL = timedelta(hours=48)
RESET_PASSWORD_TTL = timedelta(hours=1)
MFA_PENDING_TTL = timedelta(minutes=10)
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
MAIL_LIMIT_PER_HOUR = 5  # account mails (verification, reset) to one address


def new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _user_actor(user_id: uuid.UUID) -> Actor:
    return Actor(kind="user", id=str(user_id))


async def _audit_user(
    tx: Tx,
    user_id: uuid.UUID,
    action: str,
    *,
    actor: Actor | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await record(
        tx,
        actor=actor or _user_actor(user_id),
        org=None,
        action=action,
        target_type="user",
        target_id=str(user_id),
        before=before,
        after=after,
        request_id=request_id_var.get(),
    )


def _mail_limit(settings: Settings, email: str) -> ratelimit.Limit:
    return ratelimit.Limit(
        ratelimit.key(settings.queue_prefix, "mail", ratelimit.digest(email)), MAIL_LIMIT_PER_HOUR, 3600
    )


def _email_login_limit(settings: Settings, email: str) -> ratelimit.Limit:
    return ratelimit.Limit(
        ratelimit.key(settings.queue_prefix, "login", "email", ratelimit.digest(email)),
        settings.login_max_attempts,
        settings.login_window_seconds,
    )


def _ip_login_limit(settings: Settings, client_ip: str) -> ratelimit.Limit:
    return ratelimit.Limit(
        ratelimit.key(settings.queue_prefix, "login", "ip", client_ip),
        settings.login_ip_max_attempts,
        settings.login_window_seconds,
    )


def _second_factor_limit(settings: Settings, user_id: uuid.UUID) -> ratelimit.Limit:
    return ratelimit.Limit(
        ratelimit.key(settings.queue_prefix, "2fa", str(user_id)),
        settings.login_max_attempts,
        settings.login_window_seconds,
    )


# -- mails -----------------------------------------------------------------------------------------


def _link(settings: Settings, path: str, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}{path}?token={token}"


async def _mail_verification(tx: Tx, settings: Settings, user_id: uuid.UUID, email: str, name: str) -> None:
    token = new_token()
    await repo.insert_email_token(
        tx,
        token_hash=token_hash(token),
        user_id=user_id,
        purpose="verify_email",
        expires_at=datetime.now(UTC) + VERIFY_EMAIL_TTL,
    )
    await queue_mail(
        tx,
        email,
        "Confirm your e-mail address for Hansa",
        f"Hello {name},\n\n"
        "please confirm your e-mail address by opening this link (valid for 48 hours):\n"
        f"{_link(settings, '/verify-email', token)}\n\n"
        f"Verification token: {token}\n\n"
        "If you did not sign up for Hansa, ignore this mail.\n",
    )


async def _mail_account_exists(tx: Tx, settings: Settings, user: UserRow) -> None:
    base = settings.public_url.rstrip("/")
    await queue_mail(
        tx,
        user.email,
        "Someone tried to sign up to Hansa with your e-mail address",
        f"Hello {user.name},\n\n"
        "someone (perhaps you) tried to create a Hansa account with this e-mail address, "
        "which already has one. Nothing was changed.\n\n"
        f"Sign in: {base}/signin\n"
        f"Forgot your password? {base}/forgot-password\n\n"
        "If this was not you, you can ignore this mail.\n",
    )


async def _mail_password_changed(tx: Tx, user: UserRow) -> None:
    await queue_mail(
        tx,
        user.email,
        "Your Hansa password was changed",
        f"Hello {user.name},\n\n"
        "the password of your Hansa account was just changed and every other session was signed out.\n"
        "If this was not you, reset your password at once and contact support.\n",
    )


async def _mail_two_factor_changed(tx: Tx, user: UserRow, *, enabled: bool) -> None:
    state = "turned on" if enabled else "turned off"
    await queue_mail(
        tx,
        user.email,
        f"Two-factor authentication was {state} for your Hansa account",
        f"Hello {user.name},\n\n"
        f"two-factor authentication was just {state} for your Hansa account.\n"
        "If this was not you, reset your password at once and contact support.\n",
    )


# -- sign-up and e-mail verification ---------------------------------------------------------------


async def signup(res: Resources, data: SignupIn) -> None:
    """Create an unverified user and mail a verification link; a taken address mails its owner.

    The caller answers the same ``202`` either way.
    """
    name = data.name.strip()
    if not name:
        raise ValidationFailed(
            "the name is empty", errors=[{"field": "name", "message": "must not be blank", "source": "body"}]
        )
    problems = passwords.policy_errors(data.password, email=data.email)
    if problems:
        raise WeakPassword(problems)
    email = data.email.strip()
    password_hash = await passwords.hash_password(data.password)  # also for a taken address: same time
    async with res.db.transaction() as tx:
        user_id = uuid.uuid4()
        created = await repo.insert_user(
            tx, user_id=user_id, email=email, name=name, password_hash=password_hash, locale=data.locale
        )
        if not await ratelimit.allowed(res.redis, _mail_limit(res.settings, email)):
            return  # the account (if new) exists; no more mail to this address for now
        if created:
            await _mail_verification(tx, res.settings, user_id, email, name)
            return
        existing = await repo.user_by_email(tx, email)
        if existing is None:  # deleted in between
            return
        if existing.email_verified_at is None:
            await _mail_verification(tx, res.settings, existing.id, existing.email, existing.name)
        else:
            await _mail_account_exists(tx, res.settings, existing)


async def verify_email(db: Database, token: str) -> None:
    async with db.transaction() as tx:
        user_id = await repo.consume_email_token(tx, token_hash(token), "verify_email")
        if user_id is None:
            raise InvalidToken()
        await repo.mark_email_verified(tx, user_id)


# -- login, sessions, logout -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginResult:
    """A new session: its token and CSRF token are known here only, once."""

    session_id: uuid.UUID
    token: str
    csrf_token: str
    expires_at: datetime
    mfa_required: bool
    user: UserRow
    active_org_id: uuid.UUID | None = None

    def me(self) -> MeOut:
        return self.user.out(self.active_org_id)


async def _open_session(
    tx: Tx,
    user: UserRow,
    *,
    lifetime: timedelta,
    mfa_pending: bool,
    active_org_id: uuid.UUID | None = None,
) -> LoginResult:
    token, csrf = new_token(), new_token()
    session_id = uuid.uuid4()
    expires_at = datetime.now(UTC) + lifetime
    if active_org_id is None and not mfa_pending:
        active_org_id = await _first_organisation(tx, user.id)
    await repo.insert_session(
        tx,
        session_id=session_id,
        token_hash=token_hash(token),
        user_id=user.id,
        csrf_token=csrf,
        mfa_pending=mfa_pending,
        expires_at=expires_at,
        active_org_id=active_org_id,
    )
    return LoginResult(session_id, token, csrf, expires_at, mfa_pending, user, active_org_id)


async def _first_organisation(tx: Tx, user_id: uuid.UUID) -> uuid.UUID | None:
    """A new session acts for the user's first organisation (by name, as listed), so the
    very first request after sign-in already has one (prices, permissions), whatever
    the client does; the user switches from there."""
    orgs = await organisations().of_subject(tx, user_subject(user_id))
    return next((org.id for org in orgs if org.status != "archived"), None)


def _session_lifetime(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.session_lifetime_seconds)


async def login(res: Resources, email: str, password: str, *, client_ip: str) -> LoginResult:
    """Check the password; a full session, or a half one (``mfa_required``) when 2FA is on.

    Attempts are counted per e-mail and per client IP before the check
    (``RateLimited`` past the limit); success clears the e-mail's counter and
    does not count against the IP.
    """
    settings = res.settings
    by_email = _email_login_limit(settings, email)
    by_ip = _ip_login_limit(settings, client_ip)
    await ratelimit.hit(res.redis, by_email, by_ip)
    async with res.db.transaction() as tx:
        user = await repo.user_by_email(tx, email.strip())
    if user is None:
        await passwords.burn_verify(password)
        raise InvalidCredentials()
    matches, needs_rehash = await passwords.verify_password(user.password_hash, password)
    if not matches:
        raise InvalidCredentials()
    await ratelimit.reset(res.redis, by_email)
    await ratelimit.undo(res.redis, by_ip)
    new_hash = await passwords.hash_password(password) if needs_rehash else None
    async with res.db.transaction() as tx:
        if new_hash is not None:
            await repo.set_password_hash(tx, user.id, new_hash)
        if user.totp_enabled:
            return await _open_session(tx, user, lifetime=MFA_PENDING_TTL, mfa_pending=True)
        return await _open_session(tx, user, lifetime=_session_lifetime(settings), mfa_pending=False)


async def login_second_factor(res: Resources, pending: SessionRow, code: str) -> LoginResult:
    """Finish a login with a TOTP code or a recovery code (spent); the half session is
    replaced by a new full one (new token and CSRF token)."""
    if not pending.mfa_pending:
        raise NotAuthenticated("this session needs no second factor")
    limit = _second_factor_limit(res.settings, pending.user_id)
    await ratelimit.hit(res.redis, limit)
    async with res.db.transaction() as tx:
        user = await repo.user_by_id(tx, pending.user_id, for_update=True)
        if user is None or not user.totp_enabled or user.totp_secret is None:
            raise InvalidCredentials()
        used_recovery = await _check_second_factor(res, tx, user, code)
        if used_recovery is None:
            raise InvalidCredentials()
        await repo.revoke_session(tx, pending.id)
        if used_recovery:
            left = await repo.unused_recovery_codes(tx, user.id)
            await _audit_user(tx, user.id, "auth.recovery_code_used", after={"codes_left": left})
        result = await _open_session(tx, user, lifetime=_session_lifetime(res.settings), mfa_pending=False)
    await ratelimit.reset(res.redis, limit)
    return result


async def _check_second_factor(res: Resources, tx: Tx, user: UserRow, code: str) -> bool | None:
    """``False``: a valid TOTP code; ``True``: a recovery code, now spent; ``None``: neither."""
    assert user.totp_secret is not None
    if totp.is_totp_code(code):
        return (
            False
            if await totp.verify_totp(res.redis, res.settings.queue_prefix, user.id, user.totp_secret, code)
            else None
        )
    if await repo.use_recovery_code(tx, user.id, totp.recovery_code_hash(code)):
        return True
    return None


async def session_for_token(res: Resources, token: str, *, allow_pending: bool = False) -> SessionRow | None:
    """The live session of a session token, its expiry slid forward (written at most
    once a minute). Half-authenticated sessions only with ``allow_pending``."""
    if not token or len(token) > 256:
        return None
    async with res.db.transaction() as tx:
        return await session_for_token_in(tx, res.settings, token, allow_pending=allow_pending)


async def session_for_token_in(
    tx: Tx, settings: Settings, token: str, *, allow_pending: bool = False
) -> SessionRow | None:
    """``session_for_token`` on ``tx`` (the request edge's transaction)."""
    if not token or len(token) > 256:
        return None
    session = await repo.live_session(tx, token_hash(token))
    if session is None or (session.mfa_pending and not allow_pending):
        return None
    if not session.mfa_pending and datetime.now(UTC) - session.last_seen_at > SESSION_TOUCH_INTERVAL:
        await repo.touch_session(tx, session.id, settings.session_lifetime_seconds)
    return session


async def logout(db: Database, session_id: uuid.UUID) -> None:
    async with db.transaction() as tx:
        await repo.revoke_session(tx, session_id)


async def set_active_org(db: Database, session_id: uuid.UUID, org_id: uuid.UUID | None) -> None:
    """Make ``org_id`` the session's active organisation (``None``: none).

    The caller has checked that the user is a member. Joins the transaction open
    in this task, if any. ``NotAuthenticated`` when the session is revoked.
    """
    async with db.transaction() as tx:
        if not await repo.set_active_org(tx, session_id, org_id):
            raise NotAuthenticated("the session has ended")


# -- the signed-in user ----------------------------------------------------------------------------


async def _load_user(tx: Tx, principal: Principal, *, for_update: bool = False) -> UserRow:
    if principal.user_id is None:
        raise NotAuthenticated("this needs a signed-in user, not an API key")
    user = await repo.user_by_id(tx, principal.user_id, for_update=for_update)
    if user is None:
        raise NotAuthenticated()
    return user


async def me(res: Resources, principal: Principal) -> MeOut:
    """The user, with their role and permitted actions in the active organisation."""
    async with res.db.transaction() as tx:
        user = await _load_user(tx, principal)
        org = await organisations().get(tx, principal.org_id) if principal.org_id else None
    out = user.out(principal.org_id)
    if org is None:
        return out
    domain = org_domain(org.kind, org.id)
    role = res.authorizer.role_of(principal.subject, domain)
    if role is None:
        return out
    usable = org.status not in ("suspended", "archived")
    actions = sorted(res.authorizer.actions_of(role, org.kind)) if usable else []
    return msgspec.structs.replace(out, role=role, actions=actions)


async def change_password(res: Resources, principal: Principal, current: str, new: str) -> None:
    """Change the password; every other session of the user is revoked."""
    async with res.db.transaction() as tx:
        user = await _load_user(tx, principal)
    limit = _second_factor_limit(res.settings, user.id)
    await ratelimit.hit(res.redis, limit)
    matches, _ = await passwords.verify_password(user.password_hash, current)
    if not matches:
        raise _wrong("current_password", "is not right")
    problems = passwords.policy_errors(new, email=user.email)
    if problems:
        raise WeakPassword(problems, field="new_password")
    new_hash = await passwords.hash_password(new)
    async with res.db.transaction() as tx:
        await repo.set_password_hash(tx, user.id, new_hash)
        revoked = await repo.revoke_user_sessions(tx, user.id, keep=principal.session_id)
        await _audit_user(tx, user.id, "auth.password_changed", after={"sessions_revoked": revoked})
        await _mail_password_changed(tx, user)
    await ratelimit.reset(res.redis, limit)


def _wrong(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        f"{field.replace('_', ' ')} {message}",
        code="auth.invalid_code" if field == "code" else "auth.invalid_password",
        errors=[{"field": field, "message": message, "source": "body"}],
    )


# -- password reset --------------------------------------------------------------------------------


async def forgot_password(res: Resources, email: str) -> None:
    """Record a request for a reset link; the caller answers ``202`` either way.

    Known and unknown addresses take the same path here (one rate-limit count and
    one outbox event), so the answer's timing does not tell them apart; the
    ``identity.password_reset_requested`` job does the lookup and the mail."""
    email = email.strip()
    if not await ratelimit.allowed(res.redis, _mail_limit(res.settings, email)):
        return
    async with res.db.transaction() as tx:
        await emit(tx, PASSWORD_RESET_REQUESTED, payload={"email": email})


async def mail_reset_link(tx: Tx, settings: Settings, email: str) -> bool:
    """Mail a reset link (valid 1 hour, earlier links stop working) if the account
    exists; ``False`` if none has this address."""
    user = await repo.user_by_email(tx, email)
    if user is None:
        return False
    await repo.retire_email_tokens(tx, user.id, "reset_password")
    token = new_token()
    await repo.insert_email_token(
        tx,
        token_hash=token_hash(token),
        user_id=user.id,
        purpose="reset_password",
        expires_at=datetime.now(UTC) + RESET_PASSWORD_TTL,
    )
    await queue_mail(
        tx,
        user.email,
        "Reset your Hansa password",
        f"Hello {user.name},\n\n"
        "to choose a new password, open this link (valid for one hour):\n"
        f"{_link(settings, '/reset-password', token)}\n\n"
        f"Reset token: {token}\n\n"
        "If you did not ask for this, ignore this mail: your password stays as it is.\n",
    )
    return True


async def reset_password(res: Resources, token: str, password: str) -> None:
    """Set a new password with a reset token: the token is spent, the address counts
    as verified, and every session of the user is revoked."""
    problems = passwords.policy_errors(password)
    if problems:
        raise WeakPassword(problems)
    new_hash = await passwords.hash_password(password)
    async with res.db.transaction() as tx:
        user_id = await repo.consume_email_token(tx, token_hash(token), "reset_password")
        if user_id is None:
            raise InvalidToken()
        user = await repo.user_by_id(tx, user_id, for_update=True)
        if user is None:
            raise InvalidToken()
        problems = passwords.policy_errors(password, email=user.email)
        if problems:
            raise WeakPassword(problems)  # rolls back: the token stays usable
        await repo.set_password_hash(tx, user.id, new_hash)
        await repo.mark_email_verified(tx, user.id)
        await repo.retire_email_tokens(tx, user.id, "reset_password")
        revoked = await repo.revoke_user_sessions(tx, user.id)
        await _audit_user(tx, user.id, "auth.password_reset", after={"sessions_revoked": revoked})
        await _mail_password_changed(tx, user)
    await ratelimit.reset(res.redis, _email_login_limit(res.settings, user.email))


# -- two-factor authentication ---------------------------------------------------------------------


async def enrol_totp(db: Database, principal: Principal) -> tuple[str, str]:
    """Draw a new TOTP secret (not active until a code is verified); ``(secret, otpauth URI)``."""
    async with db.transaction() as tx:
        user = await _load_user(tx, principal, for_update=True)
        if user.totp_enabled:
            raise TwoFactorState("two-factor authentication is on already: disable it first")
        secret = totp.new_secret()
        await repo.set_totp_secret(tx, user.id, secret)
    return secret, totp.provisioning_uri(secret, user.email)


async def confirm_totp(res: Resources, principal: Principal, code: str) -> list[str]:
    """Turn 2FA on with a code from the enrolled secret; returns the 10 recovery codes
    (shown once, stored hashed)."""
    async with res.db.transaction() as tx:
        user = await _load_user(tx, principal, for_update=True)
        if user.totp_enabled:
            raise TwoFactorState("two-factor authentication is on already")
        if user.totp_secret is None:
            raise TwoFactorState("enrol first: POST /api/v1/me/2fa/enrol")
        limit = _second_factor_limit(res.settings, user.id)
        await ratelimit.hit(res.redis, limit)
        if not await totp.verify_totp(res.redis, res.settings.queue_prefix, user.id, user.totp_secret, code):
            raise _wrong("code", "is not right")
        codes = totp.new_recovery_codes()
        await repo.enable_totp(tx, user.id)
        await repo.replace_recovery_codes(tx, user.id, [totp.recovery_code_hash(c) for c in codes])
        await _audit_user(tx, user.id, "auth.2fa_enabled", before={"totp": False}, after={"totp": True})
        await _mail_two_factor_changed(tx, user, enabled=True)
    await ratelimit.reset(res.redis, limit)
    return codes


async def disable_totp(
    res: Resources, principal: Principal, *, code: str | None, password: str | None
) -> None:
    """Turn 2FA off, proven by a current code (TOTP or recovery) or the password."""
    if not code and not password:
        raise ValidationFailed(
            "give a code or the password",
            errors=[{"field": "code", "message": "a code or the password is required", "source": "body"}],
        )
    async with res.db.transaction() as tx:
        user = await _load_user(tx, principal, for_update=True)
        if not user.totp_enabled:
            raise TwoFactorState("two-factor authentication is off already")
        limit = _second_factor_limit(res.settings, user.id)
        await ratelimit.hit(res.redis, limit)
        if password:
            matches, _ = await passwords.verify_password(user.password_hash, password)
            if not matches:
                raise _wrong("password", "is not right")
        else:
            assert code is not None
            if await _check_second_factor(res, tx, user, code) is None:
                raise _wrong("code", "is not right")
        await repo.disable_totp(tx, user.id)
        await _audit_user(tx, user.id, "auth.2fa_disabled", before={"totp": True}, after={"totp": False})
        await _mail_two_factor_changed(tx, user, enabled=False)
    await ratelimit.reset(res.redis, limit)


async def ensure_verified_user(tx: Tx, *, email: str, name: str, password_hash: str) -> uuid.UUID:
    """The user with this e-mail, created (with this name and password) if there is none, and
    its address marked verified: for accounts made by someone with shell access (operators)."""
    user = await repo.user_by_email(tx, email)
    user_id = user.id if user else uuid.uuid4()
    if user is None:
        await repo.insert_user(
            tx, user_id=user_id, email=email, name=name, password_hash=password_hash, locale="en"
        )
    await repo.mark_email_verified(tx, user_id)
    return user_id


async def create_verified_user(
    tx: Tx, *, user_id: uuid.UUID, email: str, name: str, password_hash: str
) -> bool:
    """A user with a given id and a verified address; False when the e-mail is taken (the demo seed)."""
    if not await repo.insert_user(
        tx, user_id=user_id, email=email, name=name, password_hash=password_hash, locale="en"
    ):
        return False
    await repo.mark_email_verified(tx, user_id)
    return True


async def user_exists(tx: Tx, email: str) -> bool:
    return await repo.user_by_email(tx, email) is not None


async def contacts(tx: Tx, user_ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, str, str, str]]:
    """(id, email, name, locale) of these users, by id; unknown ids are left out."""
    return [(r["id"], r["email"], r["name"], r["locale"]) for r in await repo.contacts(tx, user_ids)]


async def is_verified(tx: Tx, user_id: uuid.UUID) -> bool:
    """Whether this user exists and has confirmed its e-mail address."""
    user = await repo.user_by_id(tx, user_id)
    return user is not None and user.email_verified_at is not None


async def email_of(tx: Tx, user_id: uuid.UUID) -> str | None:
    found = await contacts(tx, [user_id])
    return found[0][1] if found else None


# -- how the audit trail names users and keys (registered in tasks.py: hansa.audit.labels) -------


async def audit_names(tx: Tx, user_id: uuid.UUID) -> tuple[str, str] | None:
    """The user's name and e-mail now."""
    found = await contacts(tx, [user_id])
    return (found[0][2], found[0][1]) if found else None


async def user_label(tx: Tx, user_id: uuid.UUID) -> str | None:
    names = await audit_names(tx, user_id)
    return f"{names[0]} <{names[1]}>" if names else None


async def api_key_label(tx: Tx, key_id: uuid.UUID) -> str | None:
    return await repo.api_key_label(tx, key_id)
