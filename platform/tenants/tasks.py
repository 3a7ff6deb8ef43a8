"""Tenants has no jobs. ``discover_jobs`` imports every ``tasks`` module in the app, the
worker and the CLI, so this is where tenants registers how the audit trail names a
tenant (``hansa.audit.labels``)."""

from __future__ import annotations

from hansa.audit.labels import register_labels
from hansa.tenants.service import tenant_label

register_labels({"tenant": tenant_label})
