"""Pricing's events (``emit(tx, NAME, ...)`` in the transaction of the change).

No job consumes it yet (price caches and search will): it is recorded in the outbox
and not sent to the broker (``hansa.core.jobs.declare_event``).
"""

from __future__ import annotations

from hansa.core.jobs import declare_event

PRICE_LIST_CHANGED = declare_event("pricing.price_list_changed")  # price_list_id, change
