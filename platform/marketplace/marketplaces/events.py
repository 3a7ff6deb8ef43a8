"""Marketplaces' events (``emit(tx, NAME, ...)`` in the transaction of the change)."""

from __future__ import annotations

from hansa.core.jobs import declare_event

LISTING_CHANGED = declare_event("marketplaces.listing_changed")  # listing_id, marketplace_id, status
# renamed or moved: the names or ancestors of it and its descendants changed (category_id, marketplace_id)
CATEGORY_CHANGED = declare_event("marketplaces.category_changed")
