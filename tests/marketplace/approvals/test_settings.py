"""Approval settings over HTTP: limits per member and currency, rules with 1 to 3 levels;
bad input answers 4xx naming the field and changes nothing; the database refuses the
shapes too; only buyer admins manage them; every change is audited."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.conftest import unique_slug
from tests.fixtures.api import Api
from tests.fixtures.orgs import new_org
from tests.marketplace.approvals.company import company


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def rule(**more: Any) -> dict[str, Any]:
    return {
        "name": "Big orders",
        "condition": "total_above",
        "currency": "EUR",
        "amount": "10000",
        "levels": [{"roles": ["approver"]}, {"roles": ["admin", "owner"]}],
        **more,
    }


async def test_limits_and_rules(api: Api) -> None:
    firm = await company(api)
    base = f"/api/v1/orgs/{firm.id}/approval-settings"
    put = await api.client.put(
        f"{base}/limits/{firm.purchaser.id}",
        json={
            "limits": [
                {"currency": "EUR", "per_order": "5000.50", "per_month": None},
                {"currency": "RON", "per_month": "100000"},
                {"currency": "USD"},  # neither: no limit, left out
            ]
        },
        headers=firm.owner.headers,
    )
    assert put.status_code == 200, put.text
    assert put.json()["limits"] == [
        {"currency": "EUR", "per_order": "5000.50", "per_month": None},
        {"currency": "RON", "per_order": None, "per_month": "100000"},
    ]
    created = await api.client.post(f"{base}/rules", json=rule(), headers=firm.admin.headers)
    assert created.status_code == 201, created.text
    rule_id = created.json()["id"]
    assert created.json()["levels"] == [{"roles": ["approver"]}, {"roles": ["admin", "owner"]}]
    replaced = await api.client.put(
        f"{base}/rules/{rule_id}",
        json=rule(name="Huge", amount="50000", levels=[{"roles": ["owner"]}]),
        headers=firm.owner.headers,
    )
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["name"], replaced.json()["amount"], replaced.json()["levels"]) == (
        "Huge",
        "50000",
        [{"roles": ["owner"]}],
    )
    settings = (await api.client.get(base, headers=firm.owner.headers)).json()
    assert [r["name"] for r in settings["rules"]] == ["Huge"]
    assert [m["user_id"] for m in settings["limits"]] == [str(firm.purchaser.id)]
    # an empty list removes a member's limits
    cleared = await api.client.put(
        f"{base}/limits/{firm.purchaser.id}", json={"limits": []}, headers=firm.owner.headers
    )
    assert cleared.json()["limits"] == []
    assert (await api.client.delete(f"{base}/rules/{rule_id}", headers=firm.owner.headers)).status_code == 204
    assert (await api.client.get(f"{base}/rules/{rule_id}", headers=firm.owner.headers)).status_code == 404
    audit = (await api.client.get(f"/api/v1/orgs/{firm.id}/audit", headers=firm.owner.headers)).json()
    actions = {entry["action"] for entry in audit["items"]}
    assert {
        "approvals.limits_changed",
        "approvals.rule_created",
        "approvals.rule_updated",
        "approvals.rule_deleted",
    } <= actions


BAD_RULES = [
    (rule(amount=None), "amount"),
    (rule(amount="-1"), "amount"),
    (rule(currency="XXX"), "currency"),
    (rule(supplier_id=str(uuid.uuid4())), "supplier_id"),
    (rule(condition="supplier", currency=None, amount=None), "supplier_id"),
    (rule(condition="supplier", currency=None, amount=None, supplier_id=str(uuid.uuid4())), "supplier_id"),
    (rule(condition="category", currency=None, amount=None, category_id=str(uuid.uuid4())), "category_id"),
    (rule(levels=[]), "levels"),
    (rule(levels=[{"roles": ["admin"]}] * 4), "levels"),
    (rule(levels=[{"roles": ["purchaser"]}]), "levels"),
    (rule(levels=[{"roles": []}]), "levels"),
    (rule(name=""), "name"),
    (rule(condition="weather"), "condition"),
]


async def test_bad_input_changes_nothing(api: Api) -> None:
    firm = await company(api)
    base = f"/api/v1/orgs/{firm.id}/approval-settings"
    for body, field in BAD_RULES:
        answer = await api.client.post(f"{base}/rules", json=body, headers=firm.owner.headers)
        assert answer.status_code in (400, 422), (body, answer.text)
        assert field in answer.text, (field, answer.text)
    for limits, field in (
        ([{"currency": "EUR", "per_order": "-5"}], "per_order"),
        ([{"currency": "EUR", "per_month": "1e13"}], "per_month"),
        ([{"currency": "EUR", "per_order": "NaN"}], "per_order"),
        ([{"currency": "EUR", "per_order": "1"}, {"currency": "EUR", "per_order": "2"}], "currency"),
        ([{"currency": "ZZZ", "per_order": "1"}], "currency"),
        ([{"currency": "eur", "per_order": "1"}], "currency"),
        ([{"currency": "EUR", "per_order": "5.000,00"}], "per_order"),
    ):
        answer = await api.client.put(
            f"{base}/limits/{firm.purchaser.id}", json={"limits": limits}, headers=firm.owner.headers
        )
        assert answer.status_code in (400, 422), (limits, answer.text)
        assert field in answer.text, (field, answer.text)
    stranger = await api.client.put(
        f"{base}/limits/{uuid.uuid4()}",
        json={"limits": [{"currency": "EUR", "per_order": "1"}]},
        headers=firm.owner.headers,
    )
    assert (stranger.status_code, stranger.json()["code"]) == (404, "approvals.member_not_found")
    assert (await api.client.get(base, headers=firm.owner.headers)).json() == {"limits": [], "rules": []}


async def test_only_buyer_admins_manage(api: Api) -> None:
    firm = await company(api)
    base = f"/api/v1/orgs/{firm.id}/approval-settings"
    for who in (firm.purchaser, firm.approver):
        assert (await api.client.get(base, headers=who.headers)).status_code == 403
        assert (await api.client.post(f"{base}/rules", json=rule(), headers=who.headers)).status_code == 403
    supplier = await new_org(api, firm.owner.headers, kind="supplier", name="Sup SRL", slug=unique_slug("ap"))
    answer = await api.client.get(
        f"/api/v1/orgs/{supplier['id']}/approval-settings", headers=firm.owner.headers
    )
    assert answer.status_code in (403, 404)


async def test_the_database_refuses_bad_shapes(api: Api) -> None:
    firm = await company(api)
    created = await api.client.post(
        f"/api/v1/orgs/{firm.id}/approval-settings/rules", json=rule(), headers=firm.owner.headers
    )
    rule_id = uuid.UUID(created.json()["id"])
    statements = [
        ("INSERT INTO public.approval_rule_level (rule_id, level, roles) VALUES ($1, 4, '{admin}')", rule_id),
        (
            "INSERT INTO public.approval_rule_level (rule_id, level, roles) VALUES ($1, 3, '{purchaser}')",
            rule_id,
        ),
        ("UPDATE public.approval_rule SET amount = NULL WHERE id = $1", rule_id),
        ("UPDATE public.approval_rule SET condition = 'supplier' WHERE id = $1", rule_id),
        (
            "INSERT INTO public.spending_limit (org_id, user_id, currency) VALUES ($1, $2, 'EUR')",
            uuid.UUID(firm.id),
        ),
    ]
    for sql, *args in statements:
        if sql.count("$") == 2:
            args.append(firm.purchaser.id)
        with pytest.raises((asyncpg.CheckViolationError, asyncpg.NotNullViolationError)):
            async with api.db.transaction() as tx:
                await tx.execute(sql, *args)
