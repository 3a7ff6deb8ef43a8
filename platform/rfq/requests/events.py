"""Events of rfq.requests. Nothing consumes them yet (the mails and notifications are sent in
the transaction of the change): declared, recorded in the outbox for webhooks and search."""

from __future__ import annotations

from hansa.core.jobs import declare_event

SUBMITTED = declare_event("rfq.submitted")  # rfq_id, status (open or pending_approval)
INVITED = declare_event("rfq.invited")  # rfq_id; tenant_id: the supplier invited
DEADLINE_EXTENDED = declare_event("rfq.deadline_extended")  # rfq_id
CLOSED = declare_event("rfq.closed")  # rfq_id, by (buyer or system)
CANCELLED = declare_event("rfq.cancelled")  # rfq_id
