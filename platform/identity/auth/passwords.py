"""Passwords: argon2id hashes and the password policy.

Hashing is CPU-bound (tens of milliseconds by design), so the async helpers run
it in a thread and the event loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
import functools
import threading

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 256

# argon2-cffi's defaults are RFC 9106's second recommended profile (t=3, m=64 MiB, p=4)
_HASHER = PasswordHasher(type=Type.ID)
# each hash takes 64 MiB for its duration: bound how many run at once per process
_SLOTS = threading.BoundedSemaphore(4)


def policy_errors(password: str, *, email: str | None = None) -> list[str]:
    """Why ``password`` is refused; an empty list when it is acceptable."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters long")
    if _classes(password) < 2:
        problems.append("must mix at least two of: lower case, upper case, digits, other characters")
    if email and password.strip().lower() == email.strip().lower():
        problems.append("must not be the e-mail address")
    return problems


def _classes(password: str) -> int:
    kinds = (
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    )
    return sum(kinds)


def hash_password_sync(password: str) -> str:
    with _SLOTS:
        return _HASHER.hash(password)


def verify_password_sync(password_hash: str, password: str) -> tuple[bool, bool]:
    """``(matches, needs_rehash)``; a malformed hash never matches."""
    try:
        with _SLOTS:
            _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, _HASHER.check_needs_rehash(password_hash)


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(hash_password_sync, password)


async def verify_password(password_hash: str, password: str) -> tuple[bool, bool]:
    return await asyncio.to_thread(verify_password_sync, password_hash, password)


@functools.cache
def _dummy_hash() -> str:
    return hash_password_sync("not a password of anyone: timing equaliser")


async def burn_verify(password: str) -> None:
    """Spend the time of one verification for an e-mail with no account, so the
    answer's timing does not tell registered e-mails apart."""
    dummy = await asyncio.to_thread(_dummy_hash)
    await verify_password(dummy, password)
