"""One copy of a new price list's rules (pricing's), used by ``POST /price-lists`` and by imports."""

from __future__ import annotations

import uuid
from datetime import date

from hansa.marketplace.imports import apply
from hansa.marketplace.pricing.service import assignment_problems, new_list_problems

SEGMENT, BUYER = uuid.uuid4(), uuid.uuid4()


def test_each_kind_names_whom_it_may() -> None:
    known = {"segments": {SEGMENT}, "buyers": {BUYER}}
    assert assignment_problems("base", None, None, **known) == []
    assert assignment_problems("segment", SEGMENT, None, **known) == []
    assert assignment_problems("contract", None, BUYER, **known) == []
    assert assignment_problems("segment", None, BUYER, **known) == [
        {"field": "segment_id", "message": "required for a segment list"},
        {"field": "buyer_org_id", "message": "not allowed for a segment list"},
    ]
    assert assignment_problems("customer", None, uuid.uuid4(), **known) == [
        {"field": "buyer_org_id", "message": "not a buyer organisation"}
    ]


def test_a_new_list_needs_a_currency_code_and_a_window_in_order() -> None:
    problems = new_list_problems(
        "base", "EURO", date(2026, 2, 1), date(2026, 1, 1), None, None, segments=set(), buyers=set()
    )
    assert problems == [
        {"field": "currency", "message": "not an ISO 4217 currency code"},
        {"field": "valid_to", "message": "before valid_from"},
    ]


def test_imports_check_a_new_list_with_pricing_rules() -> None:
    given = {"list_kind": "segment", "currency": "EUR", "segment_id": uuid.uuid4()}
    assert apply._new_list(7, given, segments=set(), buyers=set()) == [
        {"row": 7, "column": "segment_id", "message": "unknown segment"}
    ]
