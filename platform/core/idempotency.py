"""``Idempotency-Key`` for any route that changes data (docs/imports.md, "Idempotency").

A client that may retry (an ERP on a flaky link) sends ``Idempotency-Key: <1-255
printable ASCII>``. The route runs its effect through ``run_idempotent`` inside
the transaction that applies it:

1. ``INSERT INTO public.idempotency_key ... ON CONFLICT DO NOTHING``: the first
   request claims ``(scope, key)``. A concurrent request with the same key blocks
   on the unique index until the first one commits (then it sees the stored
   response) or rolls back (then it claims the key itself): it *waits*, it never
   applies twice.
2. A key already stored with the same request hash returns the stored status and
   body without running anything (``replayed=True``); with a different hash it
   answers 422 ``idempotency.key_reused``.
3. Otherwise the effect runs and its encoded response is stored in the same
   transaction, so a stored response always matches committed data. A failing
   request (4xx, 5xx) rolls back its claim: the key stays free for the retry.

``scope`` keeps keys apart: use the caller's organisation domain plus the route
(``scope_for``), so two organisations (or two routes) can reuse the same key.
Without the header, ``run_idempotent`` just runs the effect.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from hansa.core.db import Tx
from hansa.core.errors import BadRequest, ValidationFailed

HEADER = "Idempotency-Key"
_KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")


class InvalidIdempotencyKey(BadRequest):
    default_code = "idempotency.invalid_key"


class IdempotencyKeyReused(ValidationFailed):
    default_code = "idempotency.key_reused"


@dataclass(frozen=True, slots=True)
class IdempotentResult:
    status_code: int
    body: bytes
    replayed: bool


def check_key(key: str | None) -> str | None:
    """``key`` when it is a valid Idempotency-Key (or None when absent); 400 otherwise."""
    if key is None:
        return None
    if not _KEY_RE.fullmatch(key):
        raise InvalidIdempotencyKey(f"{HEADER} must be 1-255 printable ASCII characters without spaces")
    return key


def scope_for(org: str | None, method: str, route: str) -> str:
    """The namespace of a key: who calls (organisation domain) and which route."""
    return f"{org or '-'} {method.upper()} {route}"


def request_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


async def run_idempotent(
    tx: Tx,
    *,
    scope: str,
    key: str | None,
    body: bytes,
    effect: Callable[[], Awaitable[bytes]],
    status_code: int = 200,
) -> IdempotentResult:
    """Run ``effect`` (which returns the encoded response body) at most once per ``(scope, key)``.

    Must be called inside the transaction the effect writes in (``tx``).
    """
    if key is None:
        return IdempotentResult(status_code, await effect(), replayed=False)
    digest = request_hash(body)
    claimed = await tx.fetchval(
        "INSERT INTO public.idempotency_key (scope, key, request_hash, status_code, response_body) "
        "VALUES ($1, $2, $3, $4, ''::bytea) ON CONFLICT (scope, key) DO NOTHING RETURNING true",
        scope,
        key,
        digest,
        status_code,
    )
    if not claimed:
        row = await tx.fetchrow(
            "SELECT request_hash, status_code, response_body FROM public.idempotency_key "
            "WHERE scope = $1 AND key = $2",
            scope,
            key,
        )
        assert row is not None  # committed by the request that claimed it (we waited for it)
        if row["request_hash"] != digest:
            raise IdempotencyKeyReused(
                f"this {HEADER} was used with a different request body",
                errors=[{"field": HEADER, "message": "already used with another body"}],
            )
        return IdempotentResult(row["status_code"], bytes(row["response_body"]), replayed=True)
    response = await effect()
    await tx.execute(
        "UPDATE public.idempotency_key SET response_body = $3 WHERE scope = $1 AND key = $2",
        scope,
        key,
        response,
    )
    return IdempotentResult(status_code, response, replayed=False)


async def stored_result(tx: Tx, *, scope: str, key: str | None, body: bytes) -> IdempotentResult | None:
    """The answer stored for ``(scope, key)`` (replayed), or None when the key is free.

    For a route whose checks read other transactions before the one that applies it
    (a checkout prices in each supplier's schema first): a retry must replay, not be
    checked again against data its first run changed. ``run_idempotent`` still guards
    the write (a concurrent twin waits there and replays).
    """
    if key is None:
        return None
    row = await tx.fetchrow(
        "SELECT request_hash, status_code, response_body FROM public.idempotency_key "
        "WHERE scope = $1 AND key = $2",
        scope,
        key,
    )
    if row is None:
        return None
    if row["request_hash"] != request_hash(body):
        raise IdempotencyKeyReused(
            f"this {HEADER} was used with a different request body",
            errors=[{"field": HEADER, "message": "already used with another body"}],
        )
    return IdempotentResult(row["status_code"], bytes(row["response_body"]), replayed=True)
