from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class AlreadyAwarded(Conflict):
    """An RFQ is awarded once."""

    default_code = "rfq.already_awarded"


class NotAwardable(Conflict):
    """The RFQ's status does not allow an award (only open, not sealed, or closed)."""

    default_code = "rfq.not_awardable"


class InvalidAward(ValidationFailed):
    default_code = "rfq.invalid_award"


class AwardNotFound(NotFound):
    default_code = "rfq.award_not_found"
