"""Fixed-window attempt counters in Redis.

``hit`` counts an attempt before the work is done (so concurrent attempts cannot
slip past the limit) and raises ``RateLimited`` with the seconds left in the
window once the limit is passed. ``undo`` takes one attempt back (a successful
login is not held against a shared office IP); ``reset`` clears a counter.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from redis.asyncio import Redis

from hansa.identity.auth.errors import RateLimited

_UNDO = """
if redis.call('exists', KEYS[1]) == 1 and tonumber(redis.call('get', KEYS[1])) > 0 then
    return redis.call('decr', KEYS[1])
end
return 0
"""


@dataclass(frozen=True, slots=True)
class Limit:
    key: str
    max_attempts: int
    window_seconds: int


def key(namespace: str, *parts: str) -> str:
    """A counter key under the deployment's namespace (``settings.queue_prefix``)."""
    return ":".join((namespace, "auth", "rl", *parts))


def digest(value: str) -> str:
    """Keys carry no e-mail addresses in clear."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


async def hit(redis: Redis, *limits: Limit) -> None:
    """Count one attempt against every limit; raise ``RateLimited`` if any is exceeded."""
    retry_after = 0
    for limit in limits:
        async with redis.pipeline(transaction=True) as pipe:
            pipe.set(limit.key, 0, ex=limit.window_seconds, nx=True)
            pipe.incr(limit.key)
            pipe.ttl(limit.key)
            _, count, ttl = await pipe.execute()
        if int(count) > limit.max_attempts:
            retry_after = max(retry_after, int(ttl) if int(ttl) > 0 else limit.window_seconds)
    if retry_after:
        raise RateLimited(retry_after)


async def allowed(redis: Redis, limit: Limit) -> bool:
    """Count one attempt; ``False`` once the limit is passed (for silent limits)."""
    try:
        await hit(redis, limit)
    except RateLimited:
        return False
    return True


async def undo(redis: Redis, limit: Limit) -> None:
    await redis.eval(_UNDO, 1, limit.key)


async def reset(redis: Redis, limit: Limit) -> None:
    await redis.delete(limit.key)
