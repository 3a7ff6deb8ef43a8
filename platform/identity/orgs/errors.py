from __future__ import annotations

from hansa.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class OrganisationNotFound(NotFound):
    default_code = "org.not_found"


class OrganisationSuspended(Forbidden):
    default_code = "org.suspended"


class EmailNotVerified(Forbidden):
    default_code = "auth.email_not_verified"


class LastOwner(Conflict):
    default_code = "org.last_owner"


class AlreadyMember(Conflict):
    default_code = "org.already_member"


class InvitationInvalid(NotFound):
    default_code = "invitation.invalid"


class InvitationPending(Conflict):
    default_code = "invitation.pending"


class InvalidRole(ValidationFailed):
    default_code = "org.invalid_role"
