"""Approvals and spending limits, docs/approvals.md."""

from __future__ import annotations

from hansa.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class NotABuyer(NotFound):
    """Only buyer companies have approvals."""

    default_code = "approvals.not_a_buyer"


class RuleNotFound(NotFound):
    default_code = "approvals.rule_not_found"


class RequestNotFound(NotFound):
    default_code = "approvals.request_not_found"


class InvalidSettings(ValidationFailed):
    default_code = "approvals.invalid_settings"


class NotWaiting(Conflict):
    """The request was decided, cancelled or moved on since it was read."""

    default_code = "approvals.not_waiting"


class NotYourLevel(Forbidden):
    default_code = "approvals.not_your_level"


class OwnRequest(Forbidden):
    default_code = "approvals.own_request"


class MemberNotFound(NotFound):
    default_code = "approvals.member_not_found"
