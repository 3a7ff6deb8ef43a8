"""The tenants' events (``emit(tx, NAME, ...)`` in the transaction of the change)."""

from __future__ import annotations

from hansa.core.jobs import declare_event

STATUS_CHANGED = declare_event("tenants.status_changed")  # status (search drops or re-indexes its products)
