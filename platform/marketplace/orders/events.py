"""The orders domain's events (``emit(tx, NAME, ...)`` in the transaction of the change).

No job consumes them yet (webhooks and search will): they are recorded in the outbox and
not sent to the broker (``hansa.core.jobs.declare_event``). Payload: order_id, number,
buyer_org_id, status, revision."""

from __future__ import annotations

from hansa.core.jobs import declare_event

# -- placement (orders/placement.py): payload order_id, checkout_id, buyer_org_id
ORDER_PLACED = declare_event("orders.placed")
ORDER_CREDIT_HOLD = declare_event("orders.credit_hold")
CONFIRMED = declare_event("orders.confirmed")
REJECTED = declare_event("orders.rejected")
CANCELLED = declare_event("orders.cancelled")
RELEASED = declare_event("orders.released")
CHANGE_PROPOSED = declare_event("orders.change_proposed")
CHANGE_REQUESTED = declare_event("orders.change_requested")
CHANGE_ACCEPTED = declare_event("orders.change_accepted")
CHANGE_DECLINED = declare_event("orders.change_declined")
SHIPPED = declare_event("orders.shipped")
PARTIALLY_SHIPPED = declare_event("orders.partially_shipped")
DELIVERED = declare_event("orders.delivered")

# the event of each status an order moves to
OF_STATUS = {
    "confirmed": CONFIRMED,
    "rejected": REJECTED,
    "cancelled": CANCELLED,
    "placed": RELEASED,
    "partially_shipped": PARTIALLY_SHIPPED,
    "shipped": SHIPPED,
    "delivered": DELIVERED,
}
