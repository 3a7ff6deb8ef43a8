from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class RfqNotFound(NotFound):
    """No such RFQ for this caller: another company's, or a supplier not invited to it."""

    default_code = "rfq.not_found"


class RfqTransitionRefused(Conflict):
    """The RFQ's status does not allow this step (states.py)."""

    default_code = "rfq.transition_refused"


class QuoteTransitionRefused(Conflict):
    """The quote's status does not allow this step (states.py)."""

    default_code = "rfq.quote_transition_refused"


class InvalidRfq(ValidationFailed):
    default_code = "rfq.invalid"
