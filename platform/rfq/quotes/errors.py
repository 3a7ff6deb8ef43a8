from __future__ import annotations

from hansa.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class InvalidQuote(ValidationFailed):
    """A draft, a send, a counter or a message that breaks a rule; ``errors`` name the fields."""

    default_code = "rfq.invalid_quote"


class DeadlinePassed(Conflict):
    """The RFQ is not open any more, or its deadline passed: no quote is sent."""

    default_code = "rfq.deadline_passed"


class RfqNotOpen(Conflict):
    """The RFQ's status does not allow this step (a draft, cancelled, awarded)."""

    default_code = "rfq.not_open"


class QuoteClosed(Conflict):
    """The supplier's quote is in a state that allows no draft or no such step."""

    default_code = "rfq.quote_closed"


class Sealed(Conflict):
    """A sealed RFQ before its deadline: no prices, no lines, no counter-offer."""

    default_code = "rfq.sealed"


class ApprovalNeeded(Conflict):
    """The draft's total is above the supplier's approval limit and it is not approved."""

    default_code = "rfq.approval_needed"


class ApprovalRefused(Forbidden):
    """The caller may not approve this draft (its own last edit, and not an owner)."""

    default_code = "rfq.approval_refused"


class NoDraft(NotFound):
    """No open draft for this RFQ."""

    default_code = "rfq.no_draft"


class QuoteNotFound(NotFound):
    """No such supplier quote on this RFQ for this caller."""

    default_code = "rfq.quote_not_found"
