"""Checkout's events (``emit(tx, NAME, ...)`` in the transaction of the change).

No job consumes them yet: they are recorded in the outbox, not sent to the broker.
"""

from __future__ import annotations

from hansa.core.jobs import declare_event

CHECKOUT_SUBMITTED = declare_event("checkout.submitted")  # checkout_id, org_id
CHECKOUT_PLACED = declare_event("checkout.placed")  # checkout_id, org_id: every step ran
