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
    default_code = "orgs.not_found"


class OrganisationSuspended(Forbidden):
    default_code = "orgs.suspended"


class EmailNotVerified(Forbidden):
    default_code = "auth.email_not_verified"


class LastOwner(Conflict):
    default_code = "orgs.last_owner"


class InvitationInvalid(NotFound):
    default_code = "orgs.invitation_invalid"


class InvitationPending(Conflict):
    default_code = "orgs.invitation_pending"


class KeysMintKeys(Forbidden):
    default_code = "orgs.api_keys_user_only"
