"""Events of approvals. Checkout (issue 11) consumes ``approvals.approved`` and
``approvals.rejected`` with ``@job``s; until then they are declared (recorded in the
outbox, not sent: ``hansa.core.jobs.declare_event``)."""

from __future__ import annotations

from hansa.core.jobs import declare_event

REQUESTED = declare_event("approvals.requested")  # checkout_id, request_id
APPROVED = declare_event("approvals.approved")  # checkout_id, request_id
REJECTED = declare_event("approvals.rejected")  # checkout_id, request_id, reason
