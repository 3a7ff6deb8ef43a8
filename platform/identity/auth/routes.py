"""Routes of sign-up, login, sessions and the signed-in user: thin, the rules
live in service.py."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import JSONBody

from hansa.config import Settings
from hansa.core.http import problems
from hansa.core.resources import Resources
from hansa.identity.auth import service
from hansa.identity.auth.dependencies import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    USER_DEPENDENCIES,
    current_session,
)
from hansa.identity.auth.errors import NotAuthenticated
from hansa.identity.auth.schemas import (
    ChangePasswordIn,
    DisableTwoFactorIn,
    ForgotPasswordIn,
    LoginIn,
    LoginMode,
    LoginOut,
    LoginTwoFactorIn,
    MeOut,
    RecoveryCodesOut,
    ResetPasswordIn,
    SignupIn,
    StatusOut,
    TotpCodeIn,
    TotpEnrolOut,
    VerifyEmailIn,
)
from hansa.identity.principal import Principal

ACCEPTED = StatusOut(
    status="accepted",
    detail="if the address can receive it, a mail is on its way",
)


def _client_ip(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def _cookies(settings: Settings, token: str, csrf_token: str, max_age: int) -> list[Cookie]:
    secure = settings.env == "production"
    common: dict[str, Any] = {"path": "/", "max_age": max_age, "secure": secure, "samesite": "lax"}
    return [
        Cookie(key=SESSION_COOKIE, value=token, httponly=True, **common),
        Cookie(key=CSRF_COOKIE, value=csrf_token, httponly=False, **common),
    ]


def _login_response(settings: Settings, result: service.LoginResult, mode: LoginMode) -> Response[LoginOut]:
    body = LoginOut(
        mfa_required=result.mfa_required,
        csrf_token=result.csrf_token if mode == "cookie" else None,
        token=result.token if mode == "bearer" else None,
        expires_at=result.expires_at,
        user=None if result.mfa_required else result.me(),
    )
    if mode == "bearer":
        return Response(body, status_code=200)
    lifetime = (
        service.MFA_PENDING_TTL.total_seconds() if result.mfa_required else settings.session_lifetime_seconds
    )
    return Response(
        body, status_code=200, cookies=_cookies(settings, result.token, result.csrf_token, int(lifetime))
    )


def _signed_out(content: Any = None, status_code: int = 204) -> Response[Any]:
    response: Response[Any] = Response(content, status_code=status_code)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/signup",
        status_code=202,
        summary="Sign up with e-mail, name and password",
        description=(
            "Creates an unverified account and mails a verification link (valid 48 hours). "
            "The answer is the same 202 whether or not the address is registered already; "
            "its owner gets a mail instead. A weak password answers 422."
        ),
    )
    async def signup(self, data: JSONBody[SignupIn], resources: NamedDependency[Resources]) -> StatusOut:
        await service.signup(resources, data)
        return ACCEPTED

    @post(
        "/verify-email",
        status_code=200,
        summary="Confirm an e-mail address with the token from the verification mail",
        description="The token is single use and valid 48 hours; otherwise 400 auth.invalid_token.",
    )
    async def verify_email(
        self, data: JSONBody[VerifyEmailIn], resources: NamedDependency[Resources]
    ) -> StatusOut:
        await service.verify_email(resources.db, data.token)
        return StatusOut(status="verified", detail="the e-mail address is confirmed")

    @post(
        "/login",
        status_code=200,
        summary="Sign in with e-mail and password",
        description=(
            "mode=cookie (the web UI) sets the HTTP-only session cookie `hansa_session` and the "
            "`hansa_csrf` cookie, and returns the CSRF token to send as `X-CSRF-Token` with every "
            "POST/PUT/PATCH/DELETE. mode=bearer returns the session token for "
            "`Authorization: Bearer`. With two-factor authentication on, the answer is "
            '`{"mfa_required": true}` and a half-authenticated session that only '
            "`POST /api/v1/auth/login/2fa` accepts. Every failure is one generic 401; too many "
            "tries per e-mail or client IP answer 429 with Retry-After."
        ),
        responses=problems(401, 429),
    )
    async def login(
        self, data: JSONBody[LoginIn], request: Request[Any, Any, Any], resources: NamedDependency[Resources]
    ) -> Response[LoginOut]:
        result = await service.login(resources, data.email, data.password, client_ip=_client_ip(request))
        return _login_response(resources.settings, result, data.mode)

    @post(
        "/login/2fa",
        status_code=200,
        summary="Finish a sign-in with a TOTP code or a recovery code",
        description=(
            "Authenticated by the half session from /login (cookie with X-CSRF-Token, or bearer). "
            "Replaces it with a full session (new token and CSRF token). A recovery code works once."
        ),
        responses=problems(401, 429),
    )
    async def login_second_factor(
        self,
        data: JSONBody[LoginTwoFactorIn],
        request: Request[Any, Any, Any],
        resources: NamedDependency[Resources],
    ) -> Response[LoginOut]:
        found = await current_session(request, resources, allow_pending=True)
        if found is None or not found[1].mfa_pending:
            raise NotAuthenticated("sign in with your password first")
        creds, pending = found
        result = await service.login_second_factor(resources, pending, data.code)
        return _login_response(resources.settings, result, "cookie" if creds.via == "cookie" else "bearer")

    @post(
        "/logout",
        status_code=204,
        summary="Sign out: revoke the current session",
        description="Cookie sessions need X-CSRF-Token. Clears the session cookies.",
        responses=problems(401),
    )
    async def logout(
        self, request: Request[Any, Any, Any], resources: NamedDependency[Resources]
    ) -> Response[None]:
        found = await current_session(request, resources, allow_pending=True)
        if found is None:
            raise NotAuthenticated()
        await service.logout(resources.db, found[1].id)
        return _signed_out()

    @post(
        "/password/forgot",
        status_code=202,
        summary="Ask for a password reset link",
        description="Always 202: a link valid one hour is mailed only if the account exists.",
    )
    async def forgot_password(
        self, data: JSONBody[ForgotPasswordIn], resources: NamedDependency[Resources]
    ) -> StatusOut:
        await service.forgot_password(resources, data.email)
        return ACCEPTED

    @post(
        "/password/reset",
        status_code=200,
        summary="Set a new password with the token from the reset mail",
        description="The token is single use; every session of the account is signed out.",
    )
    async def reset_password(
        self, data: JSONBody[ResetPasswordIn], resources: NamedDependency[Resources]
    ) -> StatusOut:
        await service.reset_password(resources, data.token, data.password)
        return StatusOut(status="password_reset", detail="sign in with the new password")


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["me"]
    dependencies = USER_DEPENDENCIES

    @get(
        "/",
        summary="The signed-in user",
        description="Also renews the session cookies' lifetime when called with the cookie.",
    )
    async def me(
        self,
        request: Request[Any, Any, Any],
        user: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> Response[MeOut]:
        body = await service.me(resources, user)
        token, csrf = request.cookies.get(SESSION_COOKIE), request.cookies.get(CSRF_COOKIE)
        if token and csrf and not request.headers.get("authorization"):
            cookies = _cookies(resources.settings, token, csrf, resources.settings.session_lifetime_seconds)
            return Response(body, cookies=cookies)
        return Response(body)

    @post(
        "/password",
        status_code=200,
        summary="Change the password (signs out every other session)",
        responses=problems(429),
    )
    async def change_password(
        self,
        data: JSONBody[ChangePasswordIn],
        user: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> StatusOut:
        await service.change_password(resources, user, data.current_password, data.new_password)
        return StatusOut(status="password_changed", detail="other sessions were signed out")

    @post(
        "/2fa/enrol",
        status_code=200,
        summary="Start enrolling a TOTP authenticator",
        description="Returns the secret and an otpauth:// URI (for a QR code); not active until verified.",
    )
    async def enrol_totp(
        self, user: NamedDependency[Principal], resources: NamedDependency[Resources]
    ) -> TotpEnrolOut:
        secret, uri = await service.enrol_totp(resources.db, user)
        return TotpEnrolOut(secret=secret, otpauth_uri=uri)

    @post(
        "/2fa/verify",
        status_code=200,
        summary="Turn two-factor authentication on with a code from the authenticator",
        description="Returns 10 single-use recovery codes, shown this once only.",
        responses=problems(429),
    )
    async def confirm_totp(
        self,
        data: JSONBody[TotpCodeIn],
        user: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> RecoveryCodesOut:
        codes = await service.confirm_totp(resources, user, data.code)
        return RecoveryCodesOut(recovery_codes=codes)

    @post(
        "/2fa/disable",
        status_code=200,
        summary="Turn two-factor authentication off",
        description="Needs a current code (TOTP or recovery) or the password.",
        responses=problems(429),
    )
    async def disable_totp(
        self,
        data: JSONBody[DisableTwoFactorIn],
        user: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> StatusOut:
        await service.disable_totp(resources, user, code=data.code, password=data.password)
        return StatusOut(status="2fa_disabled", detail="two-factor authentication is off")
