"""Run as a separate process by test_killed_process.py: place a checkout's steps and
kill this very process (SIGKILL: no cleanup, no exception handler) once the first
supplier's step has committed and the second one's transaction is open.

    python -m tests.marketplace.checkout.die_between_steps <database url> <checkout id>
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from typing import Any

from hansa.core.db import Database
from hansa.core.jobs import discover_jobs
from hansa.marketplace.checkout import service as checkout_service
from hansa.marketplace.orders import placement


async def main(url: str, checkout_id: uuid.UUID) -> None:
    discover_jobs()  # the hooks placement relies on (notifications' directory, audit labels)
    real = placement.place_supplier_order
    calls: list[uuid.UUID] = []

    async def killed_on_second_step(tx: Any, tenant: Any, order: Any) -> Any:
        calls.append(tenant.id)
        if len(calls) == 2:
            await tx.fetchval("SELECT 1")  # the second step's transaction is open on the server
            os.kill(os.getpid(), signal.SIGKILL)
        return await real(tx, tenant, order)

    placement.place_supplier_order = killed_on_second_step  # type: ignore[assignment]
    db = Database(url, min_size=1, max_size=2)
    await db.connect()
    await checkout_service.run_steps(db, checkout_id)
    raise SystemExit("the process was meant to be killed before this line")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], uuid.UUID(sys.argv[2])))
