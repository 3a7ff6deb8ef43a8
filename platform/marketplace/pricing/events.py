"""Pricing's events (``emit(tx, NAME, ...)`` in the transaction of the change).

Search consumes it (``hansa.search.tasks``: documents carry the base price).
"""

from __future__ import annotations

from hansa.core.jobs import declare_event

PRICE_LIST_CHANGED = declare_event("pricing.price_list_changed")  # price_list_id, change
