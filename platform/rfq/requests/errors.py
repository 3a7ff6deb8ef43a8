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


class NotADraft(Conflict):
    """Only a draft is edited or deleted."""

    default_code = "rfq.not_draft"


class TooManyInvitations(ValidationFailed):
    default_code = "rfq.too_many_invitations"


class InvitationNotFound(NotFound):
    default_code = "rfq.invitation_not_found"


class FileNotFound(NotFound):
    default_code = "rfq.file_not_found"


class InvalidFile(ValidationFailed):
    default_code = "rfq.invalid_file"


class InvalidFiles(ValidationFailed):
    """Files named to attach that are not this side's unattached uploads of this RFQ."""

    default_code = "rfq.invalid_files"
