"""The shared RFQ test world writes an RFQ the database accepts (its triggers included)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.rfq.requests import service as requests
from tests.fixtures.api import Api
from tests.rfq.world import open_rfq, rfq_world


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_an_rfq_of_the_world_reads_through_the_requests_service(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    rfq_id, line_ids = await open_rfq(w, lines=3, status="closed")
    async with api.db.transaction() as tx:
        header = await requests.buyer_rfq(tx, w.buyer_org, rfq_id)
        lines = await requests.rfq_lines(tx, rfq_id)
        invited = await requests.invitations(tx, rfq_id)
        moved = await requests.set_quote_status(tx, rfq_id, w.suppliers[0].tenant_id, "draft", "supplier")
    assert header.status == "closed" and header.closed_at is None
    assert [line.id for line in lines] == line_ids
    assert [i.tenant_id for i in invited] == [s.tenant_id for s in w.suppliers]
    assert moved.status == "draft"
