"""Orders' events (``emit(tx, NAME, ...)`` in the transaction of the change).

No job consumes them yet (webhooks and search will): they are recorded in the outbox
and not sent to the broker (``hansa.core.jobs.declare_event``).
"""

from __future__ import annotations

from hansa.core.jobs import declare_event

# -- placement (orders/placement.py): payload order_id, checkout_id, buyer_org_id
ORDER_PLACED = declare_event("orders.placed")
ORDER_CREDIT_HOLD = declare_event("orders.credit_hold")
