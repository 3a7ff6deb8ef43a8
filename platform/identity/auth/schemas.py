"""Request and response shapes of the auth domain (msgspec).

Request structs forbid unknown fields; a body that does not match answers 400
with one entry per field in ``errors``. Rules that need the database or a
policy (a weak password, a wrong current password) answer 422.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Name
from hansa.core.validation import EMAIL_PATTERN
from hansa.identity.auth.passwords import MAX_LENGTH

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254, pattern=EMAIL_PATTERN)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LENGTH)]
Token = Annotated[str, msgspec.Meta(min_length=16, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
Code = Annotated[str, msgspec.Meta(min_length=6, max_length=32, pattern=r"^[A-Za-z0-9 -]+$")]
Locale = Literal["en", "ro"]
LoginMode = Literal["cookie", "bearer"]


# -- requests --------------------------------------------------------------------------------------


class SignupIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Email
    name: Name
    password: Password
    locale: Locale = "en"


class VerifyEmailIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    token: Token


class LoginIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Email
    password: Password
    # "cookie": the web UI (HTTP-only session cookie + CSRF token);
    # "bearer": API clients get the session token in the body, no cookies
    mode: LoginMode = "cookie"


class LoginTwoFactorIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Code  # a 6-digit TOTP code or a recovery code


class ForgotPasswordIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Email


class ResetPasswordIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    token: Token
    password: Password


class ChangePasswordIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


class TotpCodeIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Code


class DisableTwoFactorIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Either a current code (TOTP or recovery) or the password."""

    code: Code | None = None
    password: Password | None = None


# -- responses -------------------------------------------------------------------------------------


class StatusOut(msgspec.Struct, frozen=True):
    status: str
    detail: str


class MeOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    email: str
    name: str
    email_verified: bool
    totp_enabled: bool
    locale: str
    active_org_id: uuid.UUID | None = None
    # the caller's role and permitted actions in the active organisation (the same
    # compiled authorizer the server checks with), so the UI hides what would be refused;
    # empty while the organisation is suspended, whose routes answer 403
    role: str | None = None
    actions: list[str] = msgspec.field(default_factory=list)


class LoginOut(msgspec.Struct, frozen=True, omit_defaults=True):
    """``mfa_required: true`` means: send a code to ``/api/v1/auth/login/2fa`` with
    this (half-authenticated) session; it is good for nothing else."""

    mfa_required: bool
    csrf_token: str | None = None  # cookie mode: send it back as X-CSRF-Token
    token: str | None = None  # bearer mode: Authorization: Bearer <token>
    expires_at: datetime | None = None
    user: MeOut | None = None


class TotpEnrolOut(msgspec.Struct, frozen=True):
    secret: str
    otpauth_uri: str


class RecoveryCodesOut(msgspec.Struct, frozen=True):
    """Shown once: only their hashes are kept."""

    recovery_codes: list[str]


class ApiKeyOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    org_id: uuid.UUID
    prefix: str
    name: str
    role: str
    created_by: uuid.UUID | None
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class ApiKeyCreatedOut(msgspec.Struct, frozen=True):
    """The answer to a key's creation: ``secret`` (the whole bearer credential) is shown once."""

    key: ApiKeyOut
    secret: str
