"""rfq.awards' events (``emit(tx, NAME, ...)`` in the transaction of the change). Nothing
consumes them yet: they are recorded in the outbox; the mails go with the change itself."""

from __future__ import annotations

from hansa.core.jobs import declare_event

RFQ_AWARDED = declare_event("rfq.awarded")  # rfq_id, award_id, org_id, tenant_ids (the winners)
RFQ_LOST = declare_event("rfq.lost")  # rfq_id, award_id, org_id (tenant_id: the supplier told)
RFQ_CONTRACT_LIST = declare_event("rfq.contract_list_created")  # rfq_id, award_id, price_list_id
