"""rfq.quotes' events (``emit(tx, NAME, ...)`` in the transaction of the change). The mails and
in-app notifications are written in that same transaction (``notifications.notify``), so no
job consumes these yet: they are recorded in the outbox for later consumers (awards, search)."""

from __future__ import annotations

from hansa.core.jobs import declare_event

QUOTE_SENT = declare_event("rfq.quote_sent")  # rfq_id, tenant_id, revision
QUOTE_DECLINED = declare_event("rfq.quote_declined")  # rfq_id, tenant_id
QUOTE_WITHDRAWN = declare_event("rfq.quote_withdrawn")  # rfq_id, tenant_id
COUNTERED = declare_event("rfq.countered")  # rfq_id, tenant_id, counter_id
QUOTE_EXPIRED = declare_event("rfq.quote_expired")  # rfq_id, tenant_id, revision
MESSAGE = declare_event("rfq.message")  # rfq_id, tenant_id, message_id, side
