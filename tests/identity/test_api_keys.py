"""API keys: created with a role and shown once, stored hashed, listed without
secrets, revoked per organisation, and usable as bearer credentials."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import get, post
from litestar.di import NamedDependency
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.errors import NotFound, ValidationFailed
from hansa.core.tenancy import Actor
from hansa.identity.auth import apikeys
from hansa.identity.auth.dependencies import AUTH_DEPENDENCIES
from hansa.identity.principal import Principal

Client = AsyncTestClient  # type: ignore[type-arg]
KEY_RE = re.compile(r"^hk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$")


def _who(principal: Principal) -> dict[str, Any]:
    return {
        "kind": principal.kind,
        "id": str(principal.id),
        "user_id": principal.user_id and str(principal.user_id),
        "org_id": principal.org_id and str(principal.org_id),
    }


@get("/test/whoami", dependencies=AUTH_DEPENDENCIES)
async def whoami(principal: NamedDependency[Principal]) -> dict[str, Any]:
    return _who(principal)


@post("/test/whoami", dependencies=AUTH_DEPENDENCIES, status_code=200)
async def whoami_post(principal: NamedDependency[Principal]) -> dict[str, Any]:
    return _who(principal)


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[Client]:
    app = create_app(settings)
    app.register(whoami)
    app.register(whoami_post)
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


async def new_org(db: Database, kind: str = "buyer") -> uuid.UUID:
    org_id = uuid.uuid4()
    await db.pool.execute(
        "INSERT INTO public.organisation (id, kind, name) VALUES ($1, $2, $3)", org_id, kind, f"Org {org_id}"
    )
    return org_id


async def new_user(db: Database) -> uuid.UUID:
    user_id = uuid.uuid4()
    await db.pool.execute(
        "INSERT INTO public.app_user (id, email, name, password_hash) VALUES ($1, $2, 'Key Maker', 'x')",
        user_id,
        f"keys-{user_id.hex[:12]}@example.com",
    )
    return user_id


async def create(db: Database, org_id: uuid.UUID, name: str = "ERP sync", role: str = "purchaser") -> Any:
    user_id = await new_user(db)
    async with db.transaction() as tx:
        return await apikeys.create_api_key(tx, org_id, name, role, user_id)


def bearer(plaintext: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plaintext}"}


async def test_create_shows_the_key_once_and_stores_only_its_hash(db: Database) -> None:
    org_id = await new_org(db)
    key, plaintext = await create(db, org_id)
    match = KEY_RE.fullmatch(plaintext)
    assert match, plaintext
    prefix, secret = match.groups()
    assert key.prefix == prefix
    assert (key.org_id, key.name, key.role, key.revoked_at, key.last_used_at) == (
        org_id,
        "ERP sync",
        "purchaser",
        None,
        None,
    )
    row = await db.pool.fetchrow("SELECT * FROM public.api_key WHERE id = $1", key.id)
    assert bytes(row["secret_hash"]) == hashlib.sha256(secret.encode()).digest()
    assert secret not in str(dict(row))
    audit = await db.pool.fetchrow(
        "SELECT actor_kind, actor_id, org, action FROM public.audit_log WHERE target_id = $1", str(key.id)
    )
    assert dict(audit) == {
        "actor_kind": "user",
        "actor_id": str(key.created_by),
        "org": f"buyer:{org_id}",
        "action": "api_keys.created",
    }


async def test_list_shows_prefixes_and_never_a_secret(db: Database) -> None:
    org_id, other_org = await new_org(db), await new_org(db)
    first, _ = await create(db, org_id, "first")
    second, _ = await create(db, org_id, "second", role="viewer")
    await create(db, other_org, "not mine")
    async with db.transaction() as tx:
        listed = await apikeys.list_api_keys(tx, org_id)
    assert [k.id for k in listed] == [second.id, first.id], "newest first, this organisation only"
    assert {"secret", "secret_hash"}.isdisjoint(type(listed[0]).__struct_fields__)


async def test_bad_names_roles_and_organisations_are_refused(db: Database) -> None:
    org_id = await new_org(db)
    for name, role in (("  ", "viewer"), ("ok", "Not A Role"), ("x" * 101, "viewer")):
        with pytest.raises(ValidationFailed):
            await create(db, org_id, name, role)
    with pytest.raises(NotFound):
        await create(db, uuid.uuid4())


async def test_a_key_authenticates_as_itself_in_its_organisation(db: Database, client: Client) -> None:
    org_id = await new_org(db)
    key, plaintext = await create(db, org_id)
    response = await client.get("/test/whoami", headers=bearer(plaintext))
    assert response.status_code == 200
    assert response.json() == {"kind": "api_key", "id": str(key.id), "user_id": None, "org_id": str(org_id)}
    posted = await client.post("/test/whoami", headers=bearer(plaintext))
    assert posted.status_code == 200, "bearer credentials need no CSRF token"


async def test_last_used_is_written_at_most_once_a_minute(db: Database, client: Client) -> None:
    key, plaintext = await create(db, await new_org(db))
    assert (await client.get("/test/whoami", headers=bearer(plaintext))).status_code == 200
    first = await db.pool.fetchval("SELECT last_used_at FROM public.api_key WHERE id = $1", key.id)
    assert first is not None
    assert (await client.get("/test/whoami", headers=bearer(plaintext))).status_code == 200
    assert await db.pool.fetchval("SELECT last_used_at FROM public.api_key WHERE id = $1", key.id) == first
    await db.pool.execute(
        "UPDATE public.api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1", key.id
    )
    assert (await client.get("/test/whoami", headers=bearer(plaintext))).status_code == 200
    assert await db.pool.fetchval("SELECT last_used_at FROM public.api_key WHERE id = $1", key.id) > first


async def test_wrong_secrets_and_unknown_prefixes_are_refused(db: Database, client: Client) -> None:
    _, plaintext = await create(db, await new_org(db))
    prefix = KEY_RE.fullmatch(plaintext).group(1)  # type: ignore[union-attr]
    for wrong in (f"hk_{prefix}_{'A' * 43}", f"hk_zzzzzzzz_{'A' * 43}", plaintext[:-1], plaintext + "x"):
        response = await client.get("/test/whoami", headers=bearer(wrong))
        assert response.status_code == 401, wrong
    assert await apikeys.authenticate_api_key(db, f"hk_{prefix}_{'A' * 43}") is None


async def test_revoke_stops_the_key_and_another_organisation_cannot_revoke_it(
    db: Database, client: Client
) -> None:
    org_id, stranger = await new_org(db), await new_org(db)
    key, plaintext = await create(db, org_id)
    actor = Actor(kind="user", id=str(uuid.uuid4()))
    with pytest.raises(NotFound):
        async with db.transaction() as tx:
            await apikeys.revoke_api_key(tx, stranger, key.id, actor=actor)
    with pytest.raises(NotFound):
        async with db.transaction() as tx:
            await apikeys.revoke_api_key(tx, org_id, uuid.uuid4(), actor=actor)
    assert (await client.get("/test/whoami", headers=bearer(plaintext))).status_code == 200

    async with db.transaction() as tx:
        revoked = await apikeys.revoke_api_key(tx, org_id, key.id, actor=actor)
    assert revoked.revoked_at is not None
    async with db.transaction() as tx:
        again = await apikeys.revoke_api_key(tx, org_id, key.id, actor=actor)
    assert again.revoked_at == revoked.revoked_at, "revoking twice is harmless"
    assert (await client.get("/test/whoami", headers=bearer(plaintext))).status_code == 401
    actions = await db.pool.fetch(
        "SELECT action, actor_id FROM public.audit_log WHERE target_id = $1 ORDER BY id", str(key.id)
    )
    assert [(r["action"], r["actor_id"]) for r in actions][1:] == [("api_keys.revoked", actor.id)]
