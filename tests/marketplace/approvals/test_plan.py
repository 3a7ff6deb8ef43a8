"""The approval plan, table-driven and without a database: per-order and per-month limits
(per currency), rules on the total, the supplier and the category (descendants too), and
the levels of everything that matched merged by position."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from hansa.marketplace.approvals.plan import evaluate
from hansa.marketplace.approvals.schemas import (
    ApprovalRuleOut,
    CurrencyLimit,
    PurchaseSummary,
    RuleLevel,
    SupplierPart,
)
from hansa.marketplace.approvals.service import month_start

NORDBAU = uuid.UUID(int=1)
OTHER = uuid.UUID(int=2)
TOOLS, DRILLS, PAPER = uuid.UUID(int=10), uuid.UUID(int=11), uuid.UUID(int=12)
# DRILLS is a child of TOOLS
LINEAGES = {TOOLS: {TOOLS}, DRILLS: {DRILLS, TOOLS}, PAPER: {PAPER}}
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def part(total: str, currency: str = "EUR", tenant: uuid.UUID = NORDBAU, categories=(PAPER,)) -> SupplierPart:
    return SupplierPart(
        tenant_id=tenant,
        supplier_name="Nordbau" if tenant == NORDBAU else "Other",
        currency=currency,
        total=Decimal(total),
        category_ids=list(categories),
    )


def rule(condition: str, levels: list[list[str]], **fields: object) -> ApprovalRuleOut:
    return ApprovalRuleOut(
        id=uuid.uuid4(),
        name=f"{condition} rule",
        condition=condition,  # type: ignore[arg-type]
        levels=[RuleLevel(roles=roles) for roles in levels],  # type: ignore[misc]
        currency=fields.get("currency"),  # type: ignore[arg-type]
        amount=Decimal(str(fields["amount"])) if "amount" in fields else None,
        supplier_id=fields.get("supplier_id"),  # type: ignore[arg-type]
        category_id=fields.get("category_id"),  # type: ignore[arg-type]
        created_at=NOW,
        updated_at=NOW,
    )


LIMIT = CurrencyLimit(currency="EUR", per_order=Decimal("5000"), per_month=Decimal("20000"))
ABOVE_10K = rule("total_above", [["approver"], ["admin"]], currency="EUR", amount="10000")

CASES = [
    # (name, parts, limits, spent, rules, expected levels [(roles)], expected codes)
    ("nothing set", [part("99999")], [], {}, [], [], []),
    ("within the per-order limit", [part("5000")], [LIMIT], {}, [], [], []),
    (
        "above the per-order limit",
        [part("5000.01")],
        [LIMIT],
        {},
        [],
        [["approver", "admin"]],
        ["spending_limit.per_order"],
    ),
    ("a limit in another currency", [part("9000", "RON")], [LIMIT], {}, [], [], []),
    (
        "the month's spend plus this checkout above the monthly limit",
        [part("3000"), part("2000", tenant=OTHER)],
        [LIMIT],
        {"EUR": Decimal("15000.01")},
        [],
        [["approver", "admin"]],
        ["spending_limit.per_month"],
    ),
    ("exactly the monthly limit", [part("5000")], [LIMIT], {"EUR": Decimal("15000")}, [], [], []),
    ("spend in another currency", [part("5000")], [LIMIT], {"RON": Decimal("99999")}, [], [], []),
    (
        "a total rule adds its two levels",
        [part("10000.50")],
        [],
        {},
        [ABOVE_10K],
        [["approver"], ["admin"]],
        ["rule.total_above"],
    ),
    ("a total rule in another currency", [part("20000", "RON")], [], {}, [ABOVE_10K], [], []),
    (
        "a supplier rule",
        [part("10"), part("10", tenant=OTHER)],
        [],
        {},
        [rule("supplier", [["owner"]], supplier_id=OTHER)],
        [["owner"]],
        ["rule.supplier"],
    ),
    (
        "a supplier rule, not ordered from",
        [part("10")],
        [],
        {},
        [rule("supplier", [["owner"]], supplier_id=OTHER)],
        [],
        [],
    ),
    (
        "a category rule matches a descendant",
        [part("10", categories=(DRILLS,))],
        [],
        {},
        [rule("category", [["admin"]], category_id=TOOLS)],
        [["admin"]],
        ["rule.category"],
    ),
    (
        "a category rule does not match the parent",
        [part("10", categories=(TOOLS,))],
        [],
        {},
        [rule("category", [["admin"]], category_id=DRILLS)],
        [],
        [],
    ),
    (
        "limits and rules merged by position",
        [part("12000", categories=(DRILLS,))],
        [LIMIT],
        {},
        [ABOVE_10K, rule("category", [["owner"], ["owner"], ["owner"]], category_id=TOOLS)],
        [["approver", "admin", "owner"], ["admin", "owner"], ["owner"]],
        ["spending_limit.per_order", "rule.total_above", "rule.category"],
    ),
]


@pytest.mark.parametrize(
    ("parts", "limits", "spent", "rules", "levels", "codes"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_plan(parts, limits, spent, rules, levels, codes) -> None:  # type: ignore[no-untyped-def]
    summary = PurchaseSummary(org_id=uuid.uuid4(), requester_id=uuid.uuid4(), parts=parts)
    plan = evaluate(summary, limits, spent, rules, LINEAGES)
    assert [level.roles for level in plan.levels] == levels
    assert [level.level for level in plan.levels] == list(range(1, len(levels) + 1))
    assert [reason.code for reason in plan.reasons] == codes
    # every level says why, in words
    assert all(level.reasons for level in plan.levels)


def test_reasons_are_readable() -> None:
    summary = PurchaseSummary(org_id=uuid.uuid4(), requester_id=uuid.uuid4(), parts=[part("12000")])
    plan = evaluate(summary, [LIMIT], {}, [ABOVE_10K], LINEAGES)
    assert plan.levels[0].reasons == [
        "Nordbau: EUR 12,000.00 is above the per-order limit of EUR 5,000.00",
        "Rule “total_above rule”: an order above EUR 10,000.00 (Nordbau)",
    ]
    assert plan.levels[1].reasons == ["Rule “total_above rule”: an order above EUR 10,000.00 (Nordbau)"]


def test_month_starts_on_the_first_utc() -> None:
    assert month_start(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == datetime(2026, 3, 1, tzinfo=UTC)
