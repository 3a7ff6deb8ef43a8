"""The order's states and the transitions between them, declared once (docs/ordering.md).

The service checks ``allowed`` before it changes a status; the database refuses any other
change of ``sales_order.status`` (trigger of tenant migration 0009_order_transitions.sql,
whose list ``transition_sql`` generates and a test compares with this table)."""

from __future__ import annotations

from typing import Final, Literal

Status = Literal[
    "placed", "credit_hold", "confirmed", "partially_shipped", "shipped", "delivered", "cancelled", "rejected"
]
Side = Literal["buyer", "supplier", "system"]

STATUSES: Final[tuple[Status, ...]] = (
    "placed",
    "credit_hold",
    "confirmed",
    "partially_shipped",
    "shipped",
    "delivered",
    "cancelled",
    "rejected",
)

# (from, to, who may make it)
TRANSITIONS: Final[tuple[tuple[Status, Status, frozenset[Side]], ...]] = (
    ("placed", "confirmed", frozenset({"supplier"})),
    ("placed", "rejected", frozenset({"supplier"})),
    ("placed", "cancelled", frozenset({"buyer", "supplier"})),
    ("credit_hold", "placed", frozenset({"supplier"})),  # the hold is released
    ("credit_hold", "rejected", frozenset({"supplier"})),
    ("credit_hold", "cancelled", frozenset({"buyer"})),  # the buyer withdraws before confirmation
    ("confirmed", "cancelled", frozenset({"supplier"})),  # before anything shipped
    ("confirmed", "partially_shipped", frozenset({"supplier"})),
    ("confirmed", "shipped", frozenset({"supplier"})),
    ("partially_shipped", "shipped", frozenset({"supplier"})),
    ("shipped", "delivered", frozenset({"supplier", "buyer"})),
)

# the buyer may ask for a change, the supplier propose one, while nothing has shipped
CHANGEABLE: Final[frozenset[Status]] = frozenset({"placed", "credit_hold", "confirmed"})
OPEN: Final[frozenset[Status]] = frozenset({"placed", "credit_hold", "confirmed", "partially_shipped"})

_ALLOWED: Final[dict[tuple[str, str], frozenset[Side]]] = {
    (before, after): sides for before, after, sides in TRANSITIONS
}


def allowed(before: str, after: str, side: Side) -> bool:
    """May ``side`` move an order from ``before`` to ``after``?"""
    return side in _ALLOWED.get((before, after), frozenset())


def next_states(before: str, side: Side) -> list[str]:
    """Where ``side`` may take an order in status ``before`` (the UI's buttons)."""
    return [after for (start, after), sides in _ALLOWED.items() if start == before and side in sides]


def transition_sql() -> str:
    """The ``(from, to)`` pairs of the database trigger, as SQL rows (one per line)."""
    return ",\n".join(f"        ('{before}', '{after}')" for before, after, _ in TRANSITIONS)
