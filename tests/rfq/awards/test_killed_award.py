"""An award whose process is killed (SIGKILL, in a separate process) after the award's commit,
between its orders, or between its contract lists: the server rolls back the open
transaction, and the resume job (``rfq.award_resume``) completes the award with each order
and each contract list exactly once."""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest

from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, get_job
from hansa.core.tenancy import TenantContext, tenant_transaction
from tests.fixtures.api import Api
from tests.rfq.awards.award_world import Ready, award_body, ready

ROOT = Path(__file__).resolve().parents[3]


async def _count(db: Database, tenant_id: Any, sql: str) -> int:
    async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
        return int(await tx.fetchval(sql))


async def _written(r: Ready) -> list[tuple[int, int]]:
    """(orders, contract lists) of each winner, in its schema."""
    return [
        (
            await _count(r.w.api.db, s.tenant_id, "SELECT count(*) FROM sales_order"),
            await _count(r.w.api.db, s.tenant_id, "SELECT count(*) FROM price_list WHERE kind = 'contract'"),
        )
        for s in (r.supplier(0), r.supplier(1))
    ]


async def _killed(r: Ready, database_url: str, where: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.rfq.awards.die_during_award", database_url, where,
        str(r.w.buyer_org), str(r.w.buyer_user), str(r.rfq_id), msgspec.json.encode(award_body(r)).decode(),
        cwd=ROOT,
    )  # fmt: skip
    assert await process.wait() == -signal.SIGKILL


@pytest.mark.parametrize(
    ("where", "left"),
    [
        ("after-commit", [(0, 0), (0, 0)]),  # the award committed, nothing of it ran
        ("second-order", [(1, 0), (0, 0)]),  # the second order's transaction rolled back
        ("second-list", [(1, 1), (1, 0)]),  # both orders, one list; the other list rolled back
    ],
)
async def test_a_killed_award_is_completed_once_by_the_resume_job(
    api: Api, database_url: str, where: str, left: list[tuple[int, int]]
) -> None:
    r = await ready(api)
    await _killed(r, database_url, where)
    award = await api.db.pool.fetchrow("SELECT id, status FROM public.rfq_award WHERE rfq_id = $1", r.rfq_id)
    assert award is not None and award["status"] == "placing"
    assert sorted(await _written(r)) == sorted(left)  # contract steps run in tenant id order
    # the job takes an award only once it was left idle for a minute
    spec = get_job("rfq.award_resume")
    context = JobContext(api.db, api.settings, None)  # type: ignore[arg-type]
    await spec.handler(context, Event(uuid.uuid4(), "rfq.award_resume"))
    assert sorted(await _written(r)) == sorted(left)
    await api.db.pool.execute(
        "UPDATE public.rfq_award SET updated_at = now() - interval '2 minutes' WHERE id = $1", award["id"]
    )
    await spec.handler(context, Event(uuid.uuid4(), "rfq.award_resume"))
    await spec.handler(context, Event(uuid.uuid4(), "rfq.award_resume"))  # nothing left for a second run
    assert await _written(r) == [(1, 1), (1, 1)]  # each order and each contract list once
    answer = (await api.client.get(r.url, headers=r.w.buyer)).json()
    assert answer["status"] == "completed"
    assert {(s["order_status"], s["contract_status"]) for s in answer["suppliers"]} == {("placed", "done")}
