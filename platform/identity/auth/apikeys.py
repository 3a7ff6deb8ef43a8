"""API keys of an organisation: created with a role, shown once, stored hashed.

A key reads ``hk_<prefix>_<secret>``: ``prefix`` is 8 lower-case letters and
digits (unique, stored in clear, shown in listings), ``secret`` 43 URL-safe
characters (256 random bits, stored as sha256 only). Sent as
``Authorization: Bearer hk_...`` it authenticates as the key
(``Principal(kind="api_key")``) in its own organisation.

These are service functions for the organisation routes, which check the
caller's permission and grant the key's role (casbin subject ``key:<id>``);
creating and revoking write an audit record in the caller's transaction.
"""

from __future__ import annotations

import hmac
import re
import secrets
import string
import uuid

from hansa.audit.service import record
from hansa.core.db import Database, Tx
from hansa.core.errors import NotFound, ValidationFailed
from hansa.core.logging import request_id_var
from hansa.core.tenancy import SYSTEM, Actor
from hansa.identity.auth import repository as repo
from hansa.identity.auth.organisations import organisations
from hansa.identity.auth.schemas import ApiKeyOut
from hansa.identity.auth.service import token_hash
from hansa.identity.principal import Principal, org_domain

KEY_MARK = "hk_"
PREFIX_LENGTH = 8
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
_KEY_RE = re.compile(r"^hk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$")
_ROLE_RE = re.compile(r"^[a-z][a-z_]{0,63}$")


class ApiKeyNotFound(NotFound):
    default_code = "auth.api_key_not_found"


def looks_like_api_key(token: str) -> bool:
    """The shape of an API key (55 characters): a 43-character session token never has it."""
    return _KEY_RE.fullmatch(token) is not None


async def _domain(tx: Tx, org_id: uuid.UUID) -> str:
    org = await organisations().get(tx, org_id)
    if org is None:
        raise NotFound("no such organisation", code="orgs.not_found")
    return org_domain(org.kind, org_id)


async def create_api_key(
    tx: Tx,
    org_id: uuid.UUID,
    name: str,
    role: str,
    created_by: uuid.UUID | None,
    *,
    actor: Actor | None = None,
) -> tuple[ApiKeyOut, str]:
    """Create a key; ``(key, plaintext)`` where the plaintext is shown once and never again.

    ``actor`` defaults to the user ``created_by`` (the system when ``None``).
    """
    name = name.strip()
    errors = []
    if not 1 <= len(name) <= 100:
        errors.append({"field": "name", "message": "must be 1 to 100 characters", "source": "body"})
    if not _ROLE_RE.fullmatch(role):
        errors.append({"field": "role", "message": "is not a role name", "source": "body"})
    if errors:
        raise ValidationFailed("the API key is not valid", errors=errors)
    domain = await _domain(tx, org_id)
    key: ApiKeyOut | None = None
    for _ in range(5):  # 36^8 prefixes: a collision is rare, five in a row is a bug
        prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
        secret = secrets.token_urlsafe(32)
        key = await repo.insert_api_key(
            tx,
            key_id=uuid.uuid4(),
            org_id=org_id,
            name=name,
            prefix=prefix,
            secret_hash=token_hash(secret),
            role=role,
            created_by=created_by,
        )
        if key is not None:
            break
    if key is None:
        raise RuntimeError("could not draw a free API key prefix")
    who = actor or (Actor(kind="user", id=str(created_by)) if created_by else SYSTEM)
    await record(
        tx,
        actor=who,
        org=domain,
        action="api_keys.created",
        target_type="api_key",
        target_id=str(key.id),
        after={"name": key.name, "role": key.role, "prefix": key.prefix},
        request_id=request_id_var.get(),
    )
    return key, f"{KEY_MARK}{key.prefix}_{secret}"


async def list_api_keys(tx: Tx, org_id: uuid.UUID) -> list[ApiKeyOut]:
    """The organisation's keys, newest first, revoked ones included (never a secret)."""
    return await repo.api_keys_of(tx, org_id)


async def revoke_api_key(
    tx: Tx, org_id: uuid.UUID, key_id: uuid.UUID, *, actor: Actor | None = None
) -> ApiKeyOut:
    """Revoke a key of ``org_id`` (idempotent); a key of another organisation is ``ApiKeyNotFound``."""
    key = await repo.api_key_in_org(tx, org_id, key_id)
    if key is None:
        raise ApiKeyNotFound("no such API key")
    if key.revoked_at is not None:
        return key
    revoked = await repo.revoke_api_key(tx, key.id)
    await record(
        tx,
        actor=actor or SYSTEM,
        org=await _domain(tx, org_id),
        action="api_keys.revoked",
        target_type="api_key",
        target_id=str(key.id),
        before={"revoked": False},
        after={"revoked": True, "name": key.name, "prefix": key.prefix},
        request_id=request_id_var.get(),
    )
    return revoked


async def authenticate_api_key(db: Database, token: str) -> Principal | None:
    """The principal of a live key ``hk_...``; ``None`` for anything else."""
    if _KEY_RE.fullmatch(token) is None:
        return None
    async with db.transaction() as tx:
        return await authenticate_api_key_in(tx, token)


async def authenticate_api_key_in(tx: Tx, token: str) -> Principal | None:
    """``authenticate_api_key`` on ``tx`` (the request edge's transaction)."""
    match = _KEY_RE.fullmatch(token)
    if match is None:
        return None
    prefix, secret = match.groups()
    row = await repo.api_key_by_prefix(tx, prefix)
    if row is None:
        return None
    if not hmac.compare_digest(token_hash(secret), row.secret_hash):
        return None
    if row.key.revoked_at is not None:
        return None
    await repo.touch_api_key(tx, row.key.id)
    return Principal(
        kind="api_key",
        id=row.key.id,
        user_id=None,
        org_id=row.key.org_id,
        request_id=request_id_var.get(),
    )
