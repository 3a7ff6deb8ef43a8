"""Expected failures of membership writes."""

from __future__ import annotations

from hansa.core.errors import Conflict, NotFound, ValidationFailed


class InvalidRole(ValidationFailed):
    """The role does not exist for the organisation kind of the domain."""

    default_code = "permissions.invalid_role"


class InvalidSubject(ValidationFailed):
    """Not ``user:<uuid>`` or ``key:<uuid>``, or not an organisation domain."""

    default_code = "permissions.invalid_subject"


class AlreadyMember(Conflict):
    """The subject already holds a role in that organisation (one role per organisation)."""

    default_code = "permissions.already_member"


class NotMember(NotFound):
    """The subject holds no role in that organisation."""

    default_code = "permissions.not_member"
