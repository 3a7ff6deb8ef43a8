"""rfq.quotes' read functions for awards: the latest sent revision of each supplier, with lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.rfq.quotes import service as quotes
from tests.fixtures.api import Api
from tests.rfq.world import open_rfq, rfq_world, sent_revision


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_latest_revisions_are_the_highest_numbered_of_each_supplier(api: Api) -> None:
    w = await rfq_world(api, suppliers=3)
    rfq_id, (first, second) = await open_rfq(w, lines=2)
    a, b, _ = w.suppliers
    await sent_revision(w, rfq_id, a, {first: Decimal("2.50"), second: None})
    newer = await sent_revision(w, rfq_id, a, {first: Decimal("2.40"), second: Decimal("3")}, number=2)
    only = await sent_revision(w, rfq_id, b, {first: Decimal("2.60"), second: Decimal("3.10")})
    async with api.db.transaction() as tx:
        latest = await quotes.latest_revisions(tx, rfq_id)
        one = await quotes.revision(tx, only)
    by_tenant = {r.tenant_id: r for r in latest}
    assert set(by_tenant) == {a.tenant_id, b.tenant_id}
    assert by_tenant[a.tenant_id].id == newer and by_tenant[a.tenant_id].number == 2
    # a revision's lines are keyed by the RFQ line they answer (readers map them by line_id)
    a_lines = {line.line_id: line for line in by_tenant[a.tenant_id].lines}
    assert set(a_lines) == {first, second}
    assert a_lines[first].unit_price == Decimal("2.40")
    assert one is not None and one.currency == "EUR"
    assert {line.line_id: line.unit_price for line in one.lines}[second] == Decimal("3.10")
    async with api.db.transaction() as tx:
        assert await quotes.revision(tx, rfq_id) is None
