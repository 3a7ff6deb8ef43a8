"""Sign-up, verification, login, sessions, CSRF, password reset and TOTP 2FA,
through the HTTP API against the real PostgreSQL and Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pyotp
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from litestar.types import Receive, Scope, Send

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.identity.auth import apikeys, passwords, service
from hansa.identity.auth.tasks import PASSWORD_RESET_REQUESTED
from tests.fixtures.api import PASSWORD, Api, Client, new_email

NEW_PASSWORD = "Battery-Staple-2026"


def set_cookies(response: httpx.Response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


@pytest.fixture
def auth_settings_update() -> dict[str, Any]:
    return {}


@pytest.fixture
def auth_settings(settings: Settings, auth_settings_update: dict[str, Any]) -> Settings:
    return settings.model_copy(update=auth_settings_update)


@pytest.fixture
async def api(auth_settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(auth_settings)) as client:
        yield Api(client, db, auth_settings)


async def audit_actions(api: Api, user_email: str) -> list[str]:
    rows = await api.db.pool.fetch(
        "SELECT a.action FROM public.audit_log a JOIN public.app_user u ON a.target_id = u.id::text "
        "WHERE u.email = $1 ORDER BY a.id",
        user_email,
    )
    return [row["action"] for row in rows]


# -- sign-up, verification, login, /me -------------------------------------------------------------


async def test_signup_verify_login_and_me(api: Api) -> None:
    email = new_email()
    signed = await api.signup(email)
    assert signed.status_code == 202
    assert signed.json() == service_accepted()

    [verification] = await api.mails(email)
    assert verification.subject == "Confirm your e-mail address for Hansa"
    token = await api.token_from_mail(email, "Verification")
    assert f"{api.settings.public_url}/verify-email?token={token}" in verification.body
    stored = await api.db.fetchval(
        "SELECT encode(token_hash, 'hex') FROM public.email_token t "
        "JOIN public.app_user u ON u.id = t.user_id WHERE u.email = $1",
        email,
    )
    assert stored != token and len(stored) == 64, "only the sha256 of the token is stored"

    before = await api.login(email)
    assert before.status_code == 200
    assert before.json()["user"]["email_verified"] is False

    verified = await api.client.post("/api/v1/auth/verify-email", json={"token": token})
    assert verified.status_code == 200
    again = await api.client.post("/api/v1/auth/verify-email", json={"token": token})
    assert again.status_code == 400
    assert again.json()["code"] == "auth.invalid_token"

    response = await api.login(email)
    assert response.status_code == 200
    body = response.json()
    assert body["mfa_required"] is False
    assert "token" not in body, "cookie mode never shows the session token to scripts"
    cookies = set_cookies(response)
    session_cookie = cookies["hansa_session"].lower()
    assert "httponly" in session_cookie
    assert "samesite=lax" in session_cookie
    assert "secure" not in session_cookie, "Secure only in production"
    assert "httponly" not in cookies["hansa_csrf"].lower()
    assert f"hansa_csrf={body['csrf_token']}" in cookies["hansa_csrf"]

    me = await api.client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json() == {
        "id": body["user"]["id"],
        "email": email,
        "name": "Ada Buyer",
        "email_verified": True,
        "totp_enabled": False,
        "locale": "en",
        "active_org_id": None,
        "role": None,
        "actions": [],
    }
    assert "hansa_session" in set_cookies(me), "calling /me renews the cookie"


def service_accepted() -> dict[str, Any]:
    return {"status": "accepted", "detail": "if the address can receive it, a mail is on its way"}


async def test_secure_cookies_in_production(auth_settings: Settings, db: Database) -> None:
    production = auth_settings.model_copy(update={"env": "production"})
    async with AsyncTestClient(app=create_app(production)) as client:
        api = Api(client, db, production)
        email = await api.verified_user()
        response = await api.login(email)
        for header in set_cookies(response).values():
            assert "secure" in header.lower()


async def test_wrong_password_and_unknown_email_get_one_generic_401(api: Api) -> None:
    email = await api.verified_user()
    wrong = await api.login(email, "Wrong password 1")
    unknown = await api.login(new_email())
    assert wrong.status_code == unknown.status_code == 401
    strip = {"request_id"}
    assert {k: v for k, v in wrong.json().items() if k not in strip} == {
        k: v for k, v in unknown.json().items() if k not in strip
    }
    assert wrong.json()["code"] == "auth.invalid_credentials"
    assert "set-cookie" not in wrong.headers


async def test_signup_with_a_taken_address_answers_the_same_and_mails_the_owner(api: Api) -> None:
    email = await api.verified_user()
    fresh = await api.signup(new_email())
    taken = await api.signup(email.upper(), password="Another pass 99", name="Mallory")
    assert fresh.status_code == taken.status_code == 202
    assert fresh.json() == taken.json()
    newest = (await api.mails(email))[0]
    assert newest.subject == "Someone tried to sign up to Hansa with your e-mail address"
    assert (await api.login(email)).status_code == 200, "the owner's password is unchanged"
    assert (await api.login(email, "Another pass 99")).status_code == 401


async def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(api: Api) -> None:
    email = await api.verified_user()
    unknown = new_email()
    known = await api.client.post("/api/v1/auth/password/forgot", json={"email": email})
    other = await api.client.post("/api/v1/auth/password/forgot", json={"email": unknown})
    assert known.status_code == other.status_code == 202
    assert known.json() == other.json()
    assert (await api.mails(email))[0].subject == "Reset your Hansa password"
    assert await api.mails(unknown) == []


async def test_forgot_password_does_the_same_work_for_known_and_unknown_addresses(api: Api) -> None:
    """The request writes one outbox event either way and nothing else; the job mails."""
    email = await api.verified_user()
    await api.mails(email)  # the verification mail is out of the way

    async def footprint(address: str) -> dict[str, Any]:
        counts = (
            "SELECT (SELECT count(*) FROM public.email_token) AS tokens, "
            "(SELECT count(*) FROM public.mail_message) AS mails, "
            "(SELECT count(*) FROM public.outbox WHERE actor = $1 AND payload->>'email' = $2) AS requests"
        )
        before = await api.db.pool.fetchrow(counts, PASSWORD_RESET_REQUESTED, address)
        response = await api.client.post("/api/v1/auth/password/forgot", json={"email": address})
        after = await api.db.pool.fetchrow(counts, PASSWORD_RESET_REQUESTED, address)
        return {
            "status": response.status_code,
            "body": response.content,
            **{key: after[key] - before[key] for key in ("tokens", "mails", "requests")},
        }

    known, unknown = await footprint(email), await footprint(new_email())
    assert known == unknown
    assert (known["status"], known["tokens"], known["mails"], known["requests"]) == (202, 0, 0, 1)
    assert (await api.mails(email))[0].subject == "Reset your Hansa password", "the job mails the owner"


# -- rate limit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("auth_settings_update", [{"login_max_attempts": 3}])
async def test_login_rate_limit_per_email_answers_429_with_retry_after(
    api: Api, auth_settings_update: dict[str, Any]
) -> None:
    email = await api.verified_user()
    for _ in range(2):
        assert (await api.login(email, "Wrong password 1")).status_code == 401
    assert (await api.login(email)).status_code == 200, "a success clears the counter"
    for _ in range(3):
        assert (await api.login(email, "Wrong password 1")).status_code == 401
    limited = await api.login(email)  # even the right password is refused now
    assert limited.status_code == 429
    assert limited.json()["code"] == "auth.rate_limited"
    retry_after = int(limited.headers["retry-after"])
    assert 0 < retry_after <= api.settings.login_window_seconds
    unknown = new_email()
    for _ in range(3):
        assert (await api.login(unknown)).status_code == 401
    assert (await api.login(unknown)).status_code == 429, "unknown addresses are limited alike"


@pytest.mark.parametrize("auth_settings_update", [{"login_ip_max_attempts": 4}])
async def test_login_rate_limit_per_client_ip(api: Api, auth_settings_update: dict[str, Any]) -> None:
    email = await api.verified_user()
    for _ in range(3):
        assert (await api.login(email)).status_code == 200, "successes do not count against the IP"
    for _ in range(4):
        assert (await api.login(new_email())).status_code == 401
    limited = await api.login(email)
    assert limited.status_code == 429
    assert "retry-after" in limited.headers


class Peer:
    """The app behind a network peer of our choosing (the test client's is no IP)."""

    def __init__(self, app: Litestar, address: str) -> None:
        self.app, self.address = app, address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["client"] = (self.address, 40000)
        await self.app(scope, receive, send)


async def failed_logins_until_limited(client: Client, forwarded_for: Callable[[int], str]) -> int:
    for attempt in range(1, 10):
        response = await client.post(
            "/api/v1/auth/login",
            json={"email": new_email(), "password": PASSWORD},
            headers={"x-forwarded-for": forwarded_for(attempt)},
        )
        if response.status_code == 429:
            return attempt
        assert response.status_code == 401
    return 0


@pytest.mark.parametrize("auth_settings_update", [{"login_ip_max_attempts": 3}])
async def test_a_spoofed_x_forwarded_for_does_not_escape_the_ip_limit(auth_settings: Settings) -> None:
    """No trusted proxies (the default): the header is ignored, the peer is the client."""
    app = Peer(create_app(auth_settings), "203.0.113.9")
    async with AsyncTestClient(app=app) as client:  # type: ignore[arg-type]
        assert await failed_logins_until_limited(client, lambda n: f"198.51.100.{n}") == 4


@pytest.mark.parametrize(
    "auth_settings_update", [{"login_ip_max_attempts": 3, "trusted_proxies": "10.0.0.0/16"}]
)
async def test_behind_the_load_balancer_the_right_most_untrusted_address_is_limited(
    auth_settings: Settings,
) -> None:
    """The balancer (10.0.x.x) appends the address it saw; what the client wrote before it is ignored."""
    app = Peer(create_app(auth_settings), "10.0.3.4")
    async with AsyncTestClient(app=app) as client:  # type: ignore[arg-type]
        spoofing = await failed_logins_until_limited(client, lambda n: f"198.51.100.{n}, 203.0.113.9")
        assert spoofing == 4, "one real client, however many addresses it claims"
        other = await failed_logins_until_limited(client, lambda n: "10.0.9.9, 203.0.113.10, 10.0.1.1")
        assert other == 4, "another client behind the balancer has its own count"


# -- CSRF, bearer, logout --------------------------------------------------------------------------


async def test_cookie_authenticated_posts_need_the_csrf_header_bearer_ones_do_not(api: Api) -> None:
    email = await api.verified_user()
    csrf = (await api.login(email)).json()["csrf_token"]

    missing = await api.client.post("/api/v1/me/2fa/enrol")
    assert missing.status_code == 403
    assert missing.json()["code"] == "auth.csrf_failed"
    wrong = await api.client.post("/api/v1/me/2fa/enrol", headers={"X-CSRF-Token": "x" * 43})
    assert wrong.status_code == 403
    assert (await api.client.get("/api/v1/me")).status_code == 200, "safe methods need no token"
    ok = await api.client.post("/api/v1/me/2fa/enrol", headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200

    bearer = await api.bearer(email)
    api.client.cookies.clear()
    assert (await api.client.post("/api/v1/me/2fa/enrol", headers=bearer)).status_code == 200


async def test_logout_revokes_the_session(api: Api) -> None:
    email = await api.verified_user()
    bearer = await api.bearer(email)
    assert (await api.client.get("/api/v1/me", headers=bearer)).status_code == 200
    assert (await api.client.post("/api/v1/auth/logout", headers=bearer)).status_code == 204
    gone = await api.client.get("/api/v1/me", headers=bearer)
    assert gone.status_code == 401
    assert gone.json()["code"] == "auth.not_authenticated"

    csrf = (await api.login(email)).json()["csrf_token"]
    assert (await api.client.post("/api/v1/auth/logout")).status_code == 403, "cookie logout needs CSRF"
    out = await api.client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204
    assert "hansa_session" in set_cookies(out)
    assert (await api.client.get("/api/v1/me")).status_code == 401


async def test_anonymous_and_garbage_credentials_get_401(api: Api) -> None:
    assert (await api.client.get("/api/v1/me")).status_code == 401
    for header in ("Bearer nonsense", "Bearer hk_abcdefgh_" + "x" * 43, "Basic dXNlcjpwYXNz"):
        assert (await api.client.get("/api/v1/me", headers={"Authorization": header})).status_code == 401


async def test_sessions_slide_and_expire(api: Api) -> None:
    email = await api.verified_user()
    bearer = await api.bearer(email)
    token_hash = service.token_hash(bearer["Authorization"].removeprefix("Bearer "))
    await api.db.pool.execute(
        "UPDATE public.user_session SET last_seen_at = now() - interval '1 hour', "
        "expires_at = now() + interval '1 minute' WHERE token_hash = $1",
        token_hash,
    )
    assert (await api.client.get("/api/v1/me", headers=bearer)).status_code == 200
    expires_in = await api.db.pool.fetchval(
        "SELECT extract(epoch FROM expires_at - now()) FROM public.user_session WHERE token_hash = $1",
        token_hash,
    )
    assert float(expires_in) > api.settings.session_lifetime_seconds - 60, "the expiry slid forward"
    await api.db.pool.execute(
        "UPDATE public.user_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
        token_hash,
    )
    assert (await api.client.get("/api/v1/me", headers=bearer)).status_code == 401


async def test_active_org_is_set_on_the_session(api: Api) -> None:
    email = await api.verified_user()
    bearer = await api.bearer(email)
    org_id = uuid.uuid4()
    await api.db.pool.execute(
        "INSERT INTO public.organisation (id, kind, name) VALUES ($1, 'buyer', 'Acme Buying')", org_id
    )
    session_id = await api.db.pool.fetchval(
        "SELECT id FROM public.user_session WHERE token_hash = $1",
        service.token_hash(bearer["Authorization"].removeprefix("Bearer ")),
    )
    await service.set_active_org(api.db, session_id, org_id)
    assert (await api.client.get("/api/v1/me", headers=bearer)).json()["active_org_id"] == str(org_id)
    await service.set_active_org(api.db, session_id, None)
    assert (await api.client.get("/api/v1/me", headers=bearer)).json()["active_org_id"] is None


# -- password reset and change ---------------------------------------------------------------------


async def test_password_reset_revokes_every_session(api: Api) -> None:
    email = await api.verified_user()
    first, second = await api.bearer(email), await api.bearer(email)
    assert (await api.client.post("/api/v1/auth/password/forgot", json={"email": email})).status_code == 202
    old_token = await api.token_from_mail(email, "Reset")
    assert (await api.client.post("/api/v1/auth/password/forgot", json={"email": email})).status_code == 202
    token = await api.token_from_mail(email, "Reset")
    assert token != old_token
    stale = await api.client.post(
        "/api/v1/auth/password/reset", json={"token": old_token, "password": NEW_PASSWORD}
    )
    assert stale.status_code == 400, "only the newest link works"

    weak = await api.client.post("/api/v1/auth/password/reset", json={"token": token, "password": "short"})
    assert weak.status_code == 422
    reset = await api.client.post(
        "/api/v1/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
    )
    assert reset.status_code == 200
    again = await api.client.post(
        "/api/v1/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
    )
    assert again.status_code == 400, "single use"

    for headers in (first, second):
        assert (await api.client.get("/api/v1/me", headers=headers)).status_code == 401
    assert (await api.login(email)).status_code == 401
    assert (await api.login(email, NEW_PASSWORD)).status_code == 200
    assert (await api.mails(email))[0].subject == "Your Hansa password was changed"
    assert "auth.password_reset" in await audit_actions(api, email)


async def test_password_reset_token_expires(api: Api) -> None:
    email = await api.verified_user()
    await api.client.post("/api/v1/auth/password/forgot", json={"email": email})
    token = await api.token_from_mail(email, "Reset")
    await api.db.pool.execute(
        "UPDATE public.email_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
        service.token_hash(token),
    )
    expired = await api.client.post(
        "/api/v1/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
    )
    assert expired.status_code == 400


async def test_change_password_keeps_this_session_and_revokes_the_others(api: Api) -> None:
    email = await api.verified_user()
    other, this = await api.bearer(email), await api.bearer(email)
    wrong = await api.client.post(
        "/api/v1/me/password",
        headers=this,
        json={"current_password": "Wrong password 1", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "current_password"
    changed = await api.client.post(
        "/api/v1/me/password", headers=this, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 200
    assert (await api.client.get("/api/v1/me", headers=this)).status_code == 200
    assert (await api.client.get("/api/v1/me", headers=other)).status_code == 401
    assert (await api.login(email, NEW_PASSWORD)).status_code == 200
    assert "auth.password_changed" in await audit_actions(api, email)


# -- TOTP 2FA --------------------------------------------------------------------------------------


def code_at(secret: str, offset_steps: int) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


async def enable_2fa(api: Api, headers: dict[str, str]) -> tuple[str, list[str]]:
    enrol = await api.client.post("/api/v1/me/2fa/enrol", headers=headers)
    assert enrol.status_code == 200
    secret = enrol.json()["secret"]
    assert enrol.json()["otpauth_uri"].startswith("otpauth://totp/Hansa:")
    bad = await api.client.post("/api/v1/me/2fa/verify", headers=headers, json={"code": "000000"})
    assert bad.status_code == 422
    verified = await api.client.post(
        "/api/v1/me/2fa/verify", headers=headers, json={"code": code_at(secret, 0)}
    )
    assert verified.status_code == 200, verified.text
    codes = verified.json()["recovery_codes"]
    return secret, codes


async def test_totp_enrol_verify_and_login_with_a_second_factor(api: Api) -> None:
    email = await api.verified_user()
    headers = await api.bearer(email)
    secret, codes = await enable_2fa(api, headers)
    assert len(codes) == len(set(codes)) == 10
    stored = await api.db.pool.fetch(
        "SELECT encode(code_hash, 'hex') AS h FROM public.recovery_code r JOIN public.app_user u "
        "ON u.id = r.user_id WHERE u.email = $1",
        email,
    )
    assert len(stored) == 10 and not {row["h"] for row in stored} & set(codes), "stored hashed"
    assert (await api.client.get("/api/v1/me", headers=headers)).json()["totp_enabled"] is True
    again = await api.client.post("/api/v1/me/2fa/enrol", headers=headers)
    assert again.status_code == 409

    half = await api.login(email, mode="bearer")
    assert half.status_code == 200
    assert half.json()["mfa_required"] is True
    assert "user" not in half.json()
    pending = {"Authorization": f"Bearer {half.json()['token']}"}
    assert (await api.client.get("/api/v1/me", headers=pending)).status_code == 401, (
        "half sessions do nothing"
    )

    wrong = await api.client.post("/api/v1/auth/login/2fa", headers=pending, json={"code": "123456"})
    assert wrong.status_code == 401
    code = code_at(secret, 1)  # the next step: the enrolment code's step is spent
    done = await api.client.post("/api/v1/auth/login/2fa", headers=pending, json={"code": code})
    assert done.status_code == 200, done.text
    full = {"Authorization": f"Bearer {done.json()['token']}"}
    assert done.json()["token"] != half.json()["token"], "a new session replaces the half one"
    assert (await api.client.get("/api/v1/me", headers=full)).status_code == 200
    reused = await api.client.post("/api/v1/auth/login/2fa", headers=pending, json={"code": code})
    assert reused.status_code == 401, "the half session is spent"

    replay_half = await api.login(email, mode="bearer")
    replay_pending = {"Authorization": f"Bearer {replay_half.json()['token']}"}
    replay = await api.client.post("/api/v1/auth/login/2fa", headers=replay_pending, json={"code": code})
    assert replay.status_code == 401, "a TOTP code works once"


async def test_recovery_codes_work_once(api: Api) -> None:
    email = await api.verified_user()
    _, codes = await enable_2fa(api, await api.bearer(email))

    async def second_factor(code: str) -> int:
        half = await api.login(email, mode="bearer")
        pending = {"Authorization": f"Bearer {half.json()['token']}"}
        response = await api.client.post("/api/v1/auth/login/2fa", headers=pending, json={"code": code})
        return response.status_code

    assert await second_factor(codes[0].upper().replace("-", " ")) == 200, "case and separators do not matter"
    assert await second_factor(codes[0]) == 401, "spent"
    assert await second_factor(codes[1]) == 200
    assert "auth.recovery_code_used" in await audit_actions(api, email)


async def test_cookie_2fa_login_needs_csrf_and_sets_new_cookies(api: Api) -> None:
    email = await api.verified_user()
    secret, _ = await enable_2fa(api, await api.bearer(email))
    half = await api.login(email)
    assert half.json()["mfa_required"] is True
    pending_cookie = set_cookies(half)["hansa_session"]
    no_csrf = await api.client.post("/api/v1/auth/login/2fa", json={"code": code_at(secret, 1)})
    assert no_csrf.status_code == 403
    done = await api.client.post(
        "/api/v1/auth/login/2fa",
        json={"code": code_at(secret, 1)},
        headers={"X-CSRF-Token": half.json()["csrf_token"]},
    )
    assert done.status_code == 200
    assert set_cookies(done)["hansa_session"] != pending_cookie
    assert done.json()["csrf_token"] != half.json()["csrf_token"]
    assert (await api.client.get("/api/v1/me")).json()["totp_enabled"] is True


async def test_disable_2fa_needs_a_code_or_the_password(api: Api) -> None:
    email = await api.verified_user()
    headers = await api.bearer(email)
    secret, codes = await enable_2fa(api, headers)
    nothing = await api.client.post("/api/v1/me/2fa/disable", headers=headers, json={})
    assert nothing.status_code == 422
    wrong = await api.client.post(
        "/api/v1/me/2fa/disable", headers=headers, json={"password": "Wrong pass 1"}
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "password"
    bad_code = await api.client.post("/api/v1/me/2fa/disable", headers=headers, json={"code": "999999"})
    assert bad_code.status_code == 422
    off = await api.client.post("/api/v1/me/2fa/disable", headers=headers, json={"code": codes[3]})
    assert off.status_code == 200
    assert (await api.client.get("/api/v1/me", headers=headers)).json()["totp_enabled"] is False
    assert (await api.login(email)).json()["mfa_required"] is False

    await enable_2fa(api, headers)
    off = await api.client.post("/api/v1/me/2fa/disable", headers=headers, json={"password": PASSWORD})
    assert off.status_code == 200
    actions = await audit_actions(api, email)
    assert actions.count("auth.2fa_enabled") == 2
    assert actions.count("auth.2fa_disabled") == 2
    assert secret


# -- bad input and the OpenAPI document ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/auth/signup",
            {"email": "a@b.example", "name": "A", "password": PASSWORD, "admin": True},
            "admin",
        ),
        ("/api/v1/auth/signup", {"email": "not-an-email", "name": "A", "password": PASSWORD}, "email"),
        ("/api/v1/auth/signup", {"email": "a@b.example", "password": PASSWORD}, "name"),
        ("/api/v1/auth/signup", {"email": "a@b.example", "name": "A", "password": 12345678901}, "password"),
        ("/api/v1/auth/login", {"email": "a@b.example", "password": "x", "mode": "magic"}, "mode"),
        ("/api/v1/auth/verify-email", {"token": "short"}, "token"),
        ("/api/v1/auth/password/forgot", {}, "email"),
    ],
)
async def test_bad_bodies_answer_400_with_field_errors(
    api: Api, path: str, body: dict[str, Any], field: str
) -> None:
    response = await api.client.post(path, json=body)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "http.invalid_request"
    assert any(
        field in (error.get("message") or "") + str(error.get("field")) for error in problem["errors"]
    ), problem


async def test_weak_passwords_answer_422_with_the_rules_broken(api: Api) -> None:
    email = new_email()
    for password, rule in (
        ("Sh0rt!", "at least 10"),
        ("alllowercaseletters", "mix"),
        ("x" * 257, "at most 256"),
    ):
        response = await api.signup(email, password=password)
        if response.status_code == 400:  # over the schema's max length
            assert rule == "at most 256"
            continue
        assert response.status_code == 422
        problem = response.json()
        assert problem["code"] == "auth.weak_password"
        assert problem["errors"][0]["field"] == "password"
        assert any(rule in error["message"] for error in problem["errors"])
    assert await api.db.fetchval("SELECT count(*) FROM public.app_user WHERE email = $1", email) == 0


async def test_not_json_answers_400(api: Api) -> None:
    response = await api.client.post(
        "/api/v1/auth/login", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


async def test_every_auth_route_is_documented(api: Api) -> None:
    doc = (await api.client.get("/schema/openapi.json")).json()
    routes = {
        ("post", "/api/v1/auth/signup"),
        ("post", "/api/v1/auth/verify-email"),
        ("post", "/api/v1/auth/login"),
        ("post", "/api/v1/auth/login/2fa"),
        ("post", "/api/v1/auth/logout"),
        ("post", "/api/v1/auth/password/forgot"),
        ("post", "/api/v1/auth/password/reset"),
        ("get", "/api/v1/me"),
        ("post", "/api/v1/me/password"),
        ("post", "/api/v1/me/2fa/enrol"),
        ("post", "/api/v1/me/2fa/verify"),
        ("post", "/api/v1/me/2fa/disable"),
    }
    for method, path in routes:
        operation = doc["paths"][path][method]
        assert operation["summary"], path
        assert operation["tags"], path


# -- units -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("correct horse 42", True),
        ("Abcdefghij", True),
        ("abcdefghij", False),
        ("1234567890", False),
        ("Ab1!", False),
        ("é" * 9 + "1", True),
        ("x" * 256 + "1", False),
    ],
)
def test_password_policy(password: str, ok: bool) -> None:
    assert (passwords.policy_errors(password) == []) is ok


def test_the_password_may_not_be_the_email() -> None:
    assert passwords.policy_errors("Ada@Example.com", email="ada@example.com")


def test_a_session_token_is_never_taken_for_an_api_key() -> None:
    assert not apikeys.looks_like_api_key("hk_" + "a" * 40)  # a session token's length: 43
    assert apikeys.looks_like_api_key("hk_abcd1234_" + "a" * 43)
