"""The RFQ's states and each invited supplier's quote states, declared once (docs/rfq.md).

Services check ``rfq_allowed`` / ``quote_allowed`` before a change; the database refuses
any other change of ``rfq.status`` and ``rfq_invitation.status`` (triggers of public
migration 0013_rfq.sql, whose pair lists ``transition_sql`` generates and a test compares)."""

from __future__ import annotations

from typing import Final, Literal, get_args

RfqStatus = Literal["draft", "pending_approval", "open", "closed", "awarded", "cancelled"]
QuoteStatus = Literal[
    "invited",
    "declined",
    "draft",
    "submitted",
    "countered",
    "revised",
    "accepted",
    "rejected",
    "expired",
    "withdrawn",
]
Side = Literal["buyer", "supplier", "system"]

RFQ_STATUSES: Final[tuple[RfqStatus, ...]] = get_args(RfqStatus)
QUOTE_STATUSES: Final[tuple[QuoteStatus, ...]] = get_args(QuoteStatus)

_BUYER: Final[frozenset[Side]] = frozenset({"buyer"})
_SUPPLIER: Final[frozenset[Side]] = frozenset({"supplier"})
_SYSTEM: Final[frozenset[Side]] = frozenset({"system"})
_BUYER_OR_SYSTEM: Final[frozenset[Side]] = frozenset({"buyer", "system"})

RFQ_TRANSITIONS: Final[tuple[tuple[str, str, frozenset[Side]], ...]] = (
    ("draft", "pending_approval", _BUYER),
    ("draft", "open", _BUYER),
    ("draft", "cancelled", _BUYER),
    ("pending_approval", "open", _SYSTEM),  # approved
    ("pending_approval", "draft", _SYSTEM),  # rejected: back to its author with the reason
    ("pending_approval", "cancelled", _BUYER),
    ("open", "closed", _BUYER_OR_SYSTEM),  # closed early, or the deadline passed
    ("open", "awarded", _BUYER),
    ("open", "cancelled", _BUYER),
    ("closed", "awarded", _BUYER),
    ("closed", "cancelled", _BUYER),
)

LIVE_QUOTES: Final[frozenset[QuoteStatus]] = frozenset({"submitted", "countered", "revised"})

QUOTE_TRANSITIONS: Final[tuple[tuple[str, str, frozenset[Side]], ...]] = (
    ("invited", "draft", _SUPPLIER),
    ("invited", "submitted", _SUPPLIER),
    ("draft", "submitted", _SUPPLIER),
    ("invited", "declined", _SUPPLIER),
    ("draft", "declined", _SUPPLIER),
    *((live, "countered", _BUYER) for live in ("submitted", "revised")),
    *((before, "revised", _SUPPLIER) for before in ("submitted", "countered", "expired")),
    *((live, "withdrawn", _SUPPLIER) for live in ("submitted", "countered", "revised")),
    *((live, "expired", _SYSTEM) for live in ("submitted", "countered", "revised")),
    *((live, "accepted", _BUYER) for live in ("submitted", "countered", "revised")),
    *(
        (before, "rejected", _BUYER_OR_SYSTEM)
        for before in ("invited", "draft", "submitted", "countered", "revised", "expired")
    ),
)

_RFQ_ALLOWED: Final[dict[tuple[str, str], frozenset[Side]]] = {
    (before, after): sides for before, after, sides in RFQ_TRANSITIONS
}
_QUOTE_ALLOWED: Final[dict[tuple[str, str], frozenset[Side]]] = {
    (before, after): sides for before, after, sides in QUOTE_TRANSITIONS
}


def rfq_allowed(before: str, after: str, side: Side) -> bool:
    """May ``side`` move an RFQ from ``before`` to ``after``?"""
    return side in _RFQ_ALLOWED.get((before, after), frozenset())


def quote_allowed(before: str, after: str, side: Side) -> bool:
    """May ``side`` move an invited supplier's quote from ``before`` to ``after``?"""
    return side in _QUOTE_ALLOWED.get((before, after), frozenset())


def rfq_next(before: str, side: Side) -> list[str]:
    """Where ``side`` may take an RFQ in status ``before`` (the UI's buttons)."""
    return [after for (start, after), sides in _RFQ_ALLOWED.items() if start == before and side in sides]


def quote_next(before: str, side: Side) -> list[str]:
    """Where ``side`` may take a quote in status ``before``."""
    return [after for (start, after), sides in _QUOTE_ALLOWED.items() if start == before and side in sides]


def transition_sql(pairs: tuple[tuple[str, str, frozenset[Side]], ...]) -> str:
    """The ``(from, to)`` pairs of a database trigger, as SQL rows (one per line)."""
    return ",\n".join(f"        ('{before}', '{after}')" for before, after, _ in pairs)
