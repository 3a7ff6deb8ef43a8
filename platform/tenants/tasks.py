"""Tenants has no jobs. ``discover_jobs`` imports every ``tasks`` module in the app, the
worker and the CLI, so this is where tenants registers how the audit trail names a
tenant (``hansa.audit.labels``) and which tenants core's retention sweep visits."""

from __future__ import annotations

from hansa.audit.labels import register_labels
from hansa.core.retention import register_live_tenants
from hansa.tenants.service import live_tenant_ids, tenant_label

register_labels({"tenant": tenant_label})
register_live_tenants(live_tenant_ids)
