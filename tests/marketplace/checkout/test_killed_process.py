"""A placement whose process is killed (SIGKILL) between two supplier steps: the first
supplier's order stays placed, the second one's transaction is rolled back by the
server, and the resume job places the remaining order exactly once."""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, get_job
from hansa.marketplace.checkout import service as checkout_service
from tests.fixtures.api import Api
from tests.marketplace.checkout.shop import fill_cart, open_shop, place_body

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _statuses(db: Database, checkout_id: uuid.UUID) -> list[str]:
    rows = await db.pool.fetch(
        "SELECT status FROM public.checkout_step WHERE checkout_id = $1 ORDER BY position", checkout_id
    )
    return [row["status"] for row in rows]


async def _order_count(db: Database, checkout_id: uuid.UUID) -> int:
    return int(
        await db.pool.fetchval("SELECT count(*) FROM public.order_ref WHERE checkout_id = $1", checkout_id)
    )


async def test_a_killed_process_between_two_steps_is_completed_once_by_the_resume_job(
    api: Api, db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = await open_shop(api)
    await fill_cart(db, shop, {"AL-1": "1", "BE-1": "1"})

    async def not_here(db: Database, checkout_id: Any) -> None:
        return None  # the steps run in the process that gets killed, not in the request

    monkeypatch.setattr(checkout_service, "run_steps", not_here)
    response = await api.client.post(
        f"/api/v1/orgs/{shop.buyer_id}/checkout",
        json=place_body(shop, {0: "1.01", 1: "2.50"}),
        headers={**shop.buyer, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code in (200, 201), response.text
    checkout_id = uuid.UUID(response.json()["id"])
    monkeypatch.undo()

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.marketplace.checkout.die_between_steps", database_url, str(checkout_id),
        cwd=ROOT,
    )  # fmt: skip
    assert await process.wait() == -signal.SIGKILL
    assert await _statuses(db, checkout_id) == ["placed", "pending"]
    assert await _order_count(db, checkout_id) == 1  # the killed step left nothing behind

    await db.pool.execute(
        "UPDATE public.checkout SET updated_at = now() - interval '2 minutes' WHERE id = $1", checkout_id
    )
    spec = get_job("checkout.resume")
    context = JobContext(db, api.settings, None)  # type: ignore[arg-type]
    await spec.handler(context, Event(checkout_id, "checkout.resume"))
    await spec.handler(context, Event(checkout_id, "checkout.resume"))  # nothing left for a second run
    assert await _statuses(db, checkout_id) == ["placed", "placed"]
    assert await _order_count(db, checkout_id) == 2
