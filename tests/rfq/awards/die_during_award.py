"""Run as a separate process by test_killed_award.py: award an RFQ (as the route does) and
kill this very process (SIGKILL: no cleanup, no exception handler) at one point of the award:

- ``after-commit``: the award is committed, nothing of its orders or contract lists ran;
- ``second-order``: the first supplier's order is committed, the second one's transaction is
  open (its order written, not committed);
- ``second-list``: both orders and the first contract list are committed, the second list is
  written in its open transaction.

    python -m tests.rfq.awards.die_during_award <database url> <where> <org id> <user id> <rfq id> <body json>
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec

from hansa.core.db import Database
from hansa.core.jobs import discover_jobs
from hansa.core.principal import Principal, org_domain
from hansa.identity.orgs.schemas import OrganisationOut
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.orders import placement
from hansa.marketplace.pricing import service as pricing
from hansa.rfq.awards import service
from hansa.rfq.awards.schemas import AwardIn


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def kill_at(where: str) -> None:
    """Replace the function the award calls at ``where`` by one that kills the process there."""
    if where == "after-commit":

        async def run_award(db: Database, award_id: Any, checkout_id: Any) -> None:
            die()

        service.run_award = run_award  # type: ignore[assignment]
        return
    calls: list[Any] = []
    if where == "second-order":
        real_place = placement.place_supplier_order

        async def place(tx: Any, tenant: Any, order: Any) -> Any:
            calls.append(tenant.id)
            placed = await real_place(tx, tenant, order)
            if len(calls) == 2:
                die()  # the second order is written in its transaction, not committed
            return placed

        placement.place_supplier_order = place  # type: ignore[assignment]
        return
    assert where == "second-list", where
    real_list = pricing.create_contract_list

    async def create(tx: Any, tenant_id: Any, **kwargs: Any) -> Any:
        calls.append(tenant_id)
        written = await real_list(tx, tenant_id, **kwargs)
        if len(calls) == 2:
            die()
        return written

    pricing.create_contract_list = create  # type: ignore[assignment]


async def main(
    url: str, where: str, org_id: uuid.UUID, user_id: uuid.UUID, rfq_id: uuid.UUID, body: str
) -> None:
    discover_jobs()  # the hooks the award relies on (notifications' directory, audit labels)
    kill_at(where)
    principal = Principal(kind="user", id=user_id, user_id=user_id, org_id=org_id)
    org = OrganisationOut(
        id=org_id, kind="buyer", name="Buyer", status="active", created_at=datetime.now(UTC)
    )
    ctx = OrgContext(principal, org, org_domain("buyer", org_id))
    db = Database(url, min_size=1, max_size=2)
    await db.connect()
    await service.award(db, ctx, rfq_id, msgspec.json.decode(body, type=AwardIn), None)
    raise SystemExit("the process was meant to be killed before this line")


if __name__ == "__main__":
    url, where, org, user, rfq, body = sys.argv[1:7]
    asyncio.run(main(url, where, uuid.UUID(org), uuid.UUID(user), uuid.UUID(rfq), body))
