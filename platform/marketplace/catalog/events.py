"""The catalog's events (``emit(tx, NAME, ...)`` in the transaction of the change).

Search consumes them (``hansa.search.tasks``: the index follows the catalog).
"""

from __future__ import annotations

from hansa.core.jobs import declare_event

PRODUCT_CHANGED = declare_event("catalog.product_changed")  # product_id, change[, variant_id | media_id]
INVENTORY_CHANGED = declare_event("catalog.inventory_changed")  # variant_ids (INVENTORY_EVENT_BATCH at most)
INVENTORY_EVENT_BATCH = 500  # events carry ids; keep each one small
