"""TOTP (RFC 6238) with pyotp, and recovery codes.

A code is accepted for the current 30-second step and one step either side
(clock drift); each step's code is accepted once per user (Redis remembers the
used steps), so a code seen over someone's shoulder cannot be replayed.
Recovery codes are 80-bit random strings, stored as sha256 and usable once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import uuid

import pyotp
from redis.asyncio import Redis

ISSUER = "Hansa"
VALID_WINDOW = 1  # steps either side of now
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_TOTP_RE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def is_totp_code(code: str) -> bool:
    return bool(_TOTP_RE.fullmatch(normalise_code(code)))


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step whose code ``code`` is (within the window), or ``None``."""
    code = normalise_code(code)
    if not _TOTP_RE.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret)
    at = time.time() if now is None else now
    current = totp.timecode(at)
    found: int | None = None
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        step = current + offset
        if hmac.compare_digest(totp.generate_otp(step), code):  # no early exit: constant work
            found = step
    return found


async def verify_totp(redis: Redis, namespace: str, user_id: uuid.UUID, secret: str, code: str) -> bool:
    """``True`` when ``code`` is valid now and its step was not used before with this
    secret; ``namespace`` is the deployment's Redis key prefix (``settings.queue_prefix``)."""
    step = matching_step(secret, code)
    if step is None:
        return False
    secret_tag = hashlib.sha256(secret.encode()).hexdigest()[:16]
    key = f"{namespace}:auth:totp-used:{user_id}:{secret_tag}:{step}"
    ttl = 30 * (2 * VALID_WINDOW + 2)
    return bool(await redis.set(key, b"1", nx=True, ex=ttl))


def new_recovery_codes() -> list[str]:
    """Ten codes like ``abcd-efgh-jkmn-pqrs`` (16 characters of a 31-letter alphabet, ~80 bits)."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_code_hash(code: str) -> bytes:
    return hashlib.sha256(normalise_code(code).encode()).digest()
