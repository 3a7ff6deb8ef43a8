"""Events of approvals. Checkout consumes ``approvals.approved`` and ``approvals.rejected``
with ``@job``s (checkout/tasks.py); a purchase request for an RFQ ends in
``approvals.rfq_approved`` / ``approvals.rfq_rejected`` instead (one job per event name:
rfq.requests consumes those, checkout never sees an RFQ's); ``approvals.requested``
nothing consumes yet, so it is declared (recorded in the outbox, not sent:
``hansa.core.jobs.declare_event``)."""

from __future__ import annotations

from hansa.core.jobs import declare_event

REQUESTED = declare_event("approvals.requested")  # checkout_id or rfq_id, request_id
APPROVED = "approvals.approved"  # checkout_id, request_id; its job: checkout.tasks
REJECTED = "approvals.rejected"  # checkout_id, request_id, reason; its job: checkout.tasks
RFQ_APPROVED = "approvals.rfq_approved"  # rfq_id, request_id; its job: rfq.requests.tasks
RFQ_REJECTED = "approvals.rfq_rejected"  # rfq_id, request_id, reason; its job: rfq.requests.tasks
