"""The RFQ's and the quotes' transitions: the database triggers list exactly the pairs
states.py declares (the triggers refusing every other pair is tested against the database
in test_states.py)."""

from __future__ import annotations

import re
from pathlib import Path

from hansa.rfq.requests import states

MIGRATION = Path(__file__).parents[3] / "platform/migrations/public/0013_rfq.sql"


def _trigger_pairs(function: str) -> set[tuple[str, str]]:
    sql = MIGRATION.read_text()
    body = sql[sql.index(f"CREATE FUNCTION public.{function}()") :]
    body = body[: body.index("$$;")]
    return set(re.findall(r"\('([a-z_]+)', '([a-z_]+)'\)", body))


def test_the_triggers_list_the_declared_transitions() -> None:
    sql = MIGRATION.read_text()
    assert states.transition_sql(states.RFQ_TRANSITIONS) in sql
    assert states.transition_sql(states.QUOTE_TRANSITIONS) in sql
    assert _trigger_pairs("rfq_check_transition") == {(a, b) for a, b, _ in states.RFQ_TRANSITIONS}
    quote_pairs = {(a, b) for a, b, _ in states.QUOTE_TRANSITIONS}
    assert _trigger_pairs("rfq_invitation_check_transition") == quote_pairs


def test_the_rules_by_side() -> None:
    assert states.rfq_allowed("draft", "open", "buyer")
    assert not states.rfq_allowed("pending_approval", "open", "buyer")
    assert states.rfq_allowed("open", "closed", "system")
    assert not states.rfq_allowed("awarded", "cancelled", "buyer")
    assert states.quote_allowed("countered", "revised", "supplier")
    assert not states.quote_allowed("submitted", "countered", "supplier")
    assert not states.quote_allowed("accepted", "withdrawn", "supplier")
    assert states.quote_next("invited", "supplier") == ["draft", "submitted", "declined"]
