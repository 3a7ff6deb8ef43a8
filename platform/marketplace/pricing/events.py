"""Pricing's event names (outbox events, ``emit(tx, NAME, ...)``)."""

from __future__ import annotations

PRICE_LIST_CHANGED = "pricing.price_list_changed"  # payload: price_list_id, change
