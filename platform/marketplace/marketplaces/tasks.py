"""Marketplaces has no jobs. ``discover_jobs`` imports every ``tasks`` module in the app,
the worker and the CLI, so this is where marketplaces registers how the audit trail names
a marketplace, a category and a listing (``hansa.audit.labels``)."""

from __future__ import annotations

from hansa.audit.labels import register_labels
from hansa.marketplace.marketplaces.service import category_label, listing_label, marketplace_label

register_labels(
    {"marketplace": marketplace_label, "category": category_label, "marketplace_listing": listing_label}
)
