from __future__ import annotations

from hansa.core.errors import Conflict, Forbidden, NotFound
from hansa.identity.permissions.errors import AlreadyMember, InvalidRole

__all__ = [
    "AlreadyMember",
    "EmailNotVerified",
    "InvalidRole",
    "InvitationInvalid",
    "InvitationPending",
    "KeysMintKeys",
    "LastOwner",
    "OrganisationNotFound",
    "OrganisationSuspended",
]


class OrganisationNotFound(NotFound):
    default_code = "org.not_found"


class OrganisationSuspended(Forbidden):
    default_code = "org.suspended"


class EmailNotVerified(Forbidden):
    default_code = "auth.email_not_verified"


class LastOwner(Conflict):
    default_code = "org.last_owner"


class InvitationInvalid(NotFound):
    default_code = "invitation.invalid"


class InvitationPending(Conflict):
    default_code = "invitation.pending"


class KeysMintKeys(Forbidden):
    default_code = "api_keys.user_only"
