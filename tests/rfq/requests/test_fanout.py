"""Fan-out (issue 12, Numbers): an RFQ submitted to 50 suppliers sends every invitation,
queues every mail and shows in every inbox in one request. How fast is measured by
bench/rfq.py (p95 < 1 s), never here."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.rfq.requests.helpers import draft
from tests.rfq.world import rfq_world

SUPPLIERS = 50
RUNS = 5


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _fillers(api: Api, count: int) -> list[uuid.UUID]:
    """Supplier tenants and their organisations (rows only: no schema, no catalog) each with
    an owner and a sales user: who is mailed."""
    tenant_ids = []
    async with api.db.transaction() as tx:
        for _ in range(count):
            tenant_id = uuid.uuid4()
            await tx.execute(
                "INSERT INTO public.tenant (id, slug, name, status, schema_name)"
                " VALUES ($1, $2, 'Fan-out Supplier', 'active', $3)",
                tenant_id,
                f"fan-{tenant_id.hex[:12]}",
                f"t_{tenant_id.hex}",
            )
            await tx.execute(
                "INSERT INTO public.organisation (id, kind, name, tenant_id)"
                " VALUES ($1, 'supplier', 'Fan-out Supplier', $1)",
                tenant_id,
            )
            for role in ("owner", "sales"):
                user_id = uuid.uuid4()
                await tx.execute(
                    "INSERT INTO public.app_user (id, email, name, password_hash, email_verified_at)"
                    " VALUES ($1, $2, 'Fan Out', 'x', now())",
                    user_id,
                    f"{role}-{user_id.hex[:12]}@fanout.example",
                )
                await tx.execute(
                    "INSERT INTO public.casbin_rule (ptype, v0, v1, v2) VALUES ('g', $1, $2, $3)",
                    f"user:{user_id}",
                    role,
                    f"tenant:{tenant_id}",
                )
            tenant_ids.append(tenant_id)
    return tenant_ids


async def test_an_rfq_fans_out_to_fifty_suppliers_in_one_request(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    s0 = w.suppliers[0]
    fillers = await _fillers(api, SUPPLIERS - 1)
    for _ in range(RUNS):
        rfq = await draft(w)
        url = f"{w.org}/rfqs/{rfq['id']}"
        await call(api, "POST", f"{url}/invitations", w.buyer, {"suppliers": [s0.slug]})
        async with api.db.transaction() as tx:  # staged like the API does (they are not listed)
            for position, tenant_id in enumerate(fillers, start=2):
                await tx.execute(
                    "INSERT INTO public.rfq_invitation (rfq_id, tenant_id, position)"
                    " VALUES ($1::uuid, $2, $3)",
                    rfq["id"],
                    tenant_id,
                    position,
                )
        opened = await call(api, "POST", f"{url}/submit", w.buyer)
        assert opened["status"] == "open" and all(i["invited_at"] for i in opened["invitations"])
        assert len(opened["invitations"]) == SUPPLIERS
        mails = await api.db.pool.fetchval(
            "SELECT count(*) FROM public.mail_message WHERE subject LIKE $1", f"%{rfq['number']}%"
        )
        assert mails == 2 * (SUPPLIERS - 1) + 1
    inbox = await call(api, "GET", f"{s0.base}/rfqs", s0.owner)
    assert len(inbox["items"]) == RUNS
