"""Events of approvals. Checkout consumes ``approvals.approved`` and ``approvals.rejected``
with ``@job``s (checkout/tasks.py); ``approvals.requested`` nothing consumes yet, so it is
declared (recorded in the outbox, not sent: ``hansa.core.jobs.declare_event``)."""

from __future__ import annotations

from hansa.core.jobs import declare_event

REQUESTED = declare_event("approvals.requested")  # checkout_id, request_id
APPROVED = "approvals.approved"  # checkout_id, request_id; its job: checkout.tasks
REJECTED = "approvals.rejected"  # checkout_id, request_id, reason; its job: checkout.tasks
