"""The catalog's event names (outbox events, ``emit(tx, NAME, ...)``)."""

from __future__ import annotations

PRODUCT_CHANGED = "catalog.product_changed"  # payload: product_id, change[, variant_id]
INVENTORY_CHANGED = "catalog.inventory_changed"  # payload: variant_ids (at most INVENTORY_EVENT_BATCH)
INVENTORY_EVENT_BATCH = 500  # events carry ids; keep each one small
