"""Issue 12, item 10: the demo has RFQs in every state across its buyers and suppliers,
written through the RFQ services, and loading them twice writes nothing more."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from hansa.config import Settings
from hansa.core.migrations import MigrationSet
from hansa.core.resources import Resources
from hansa.seed.demo import seed_demo
from hansa.seed.demo_rfqs import seed_demo_rfqs
from tests.seed.conftest import FreshDb

PRODUCTS = 60


async def test_the_demo_rfqs_cover_every_state(
    fresh_db: FreshDb, migrations: MigrationSet, settings: Settings
) -> None:
    db = await fresh_db()
    await seed_demo(db, migrations, products=PRODUCTS, seed=42)
    res = cast(
        Resources, SimpleNamespace(settings=settings.model_copy(update={"database_url": db.dsn}), db=db)
    )
    assert await seed_demo_rfqs(res) == 8
    async with db.transaction() as tx:
        rfqs = {row["status"] for row in await tx.fetch("SELECT status FROM public.rfq")}
        quotes = {row["status"] for row in await tx.fetch("SELECT status FROM public.rfq_invitation")}
        buyers = await tx.fetchval("SELECT count(DISTINCT org_id) FROM public.rfq")
        nowhere = await tx.fetchval("SELECT count(*) FROM public.rfq WHERE delivery_location_id IS NULL")
        revised = await tx.fetchval("SELECT count(*) FROM public.rfq_revision WHERE number = 2")
        orders = await tx.fetchval("SELECT count(*) FROM public.checkout_step WHERE status = 'placed'")
        failures = await tx.fetch(
            "SELECT status, failure_code, failure_reason, lines FROM public.checkout_step"
        )
        steps = await tx.fetch("SELECT status, price_list_id FROM public.rfq_award_step")
    assert rfqs == {"draft", "pending_approval", "open", "closed", "awarded", "cancelled"}
    assert quotes == {
        "invited",
        "declined",
        "draft",
        "submitted",
        "countered",
        "revised",
        "accepted",
        "rejected",
        "withdrawn",
        "expired",
    }
    assert buyers == 2 and revised == 1 and nowhere == 0
    assert orders == 2, [dict(row) for row in failures]
    assert [row["status"] for row in steps] == ["done", "done"]
    assert await seed_demo_rfqs(res) == 0
