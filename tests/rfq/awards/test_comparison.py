"""The buyer's comparison: lines x invited suppliers from public only, the break that applies
at the asked quantity, lowest and fastest marked, totals per supplier, sealed refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tests.fixtures.api import Api
from tests.rfq.world import money, open_rfq, rfq_world, sent_revision


async def test_the_matrix_prices_each_line_at_its_quantity_and_marks_the_best(api: Api) -> None:
    w = await rfq_world(api, suppliers=4)
    rfq_id, (first, second) = await open_rfq(w, lines=2, targets=[(Decimal("2.00"), False)])
    a, b, c, d = w.suppliers
    # line 1 asks 100: a's break from 100 applies (2.10 x 100 = 210)
    await sent_revision(
        w, rfq_id, a, {first: Decimal("2.50"), second: Decimal("3.00")},
        breaks={first: [(Decimal(50), Decimal("2.30")), (Decimal(100), Decimal("2.10"))]}, lead_time_days=20,
    )  # fmt: skip
    await sent_revision(w, rfq_id, b, {first: Decimal("2.20"), second: None}, lead_time_days=5)
    await sent_revision(w, rfq_id, c, {first: Decimal("1.00"), second: Decimal("1.00")}, status="expired")
    # d never answers
    answer = await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers=w.buyer)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [s["tenant_id"] for s in body["suppliers"]] == [str(s.tenant_id) for s in (a, b, c, d)]
    by = {s["tenant_id"]: s for s in body["suppliers"]}
    assert by[str(a.tenant_id)]["status"] == "submitted" and by[str(a.tenant_id)]["live"]
    assert money(by[str(a.tenant_id)]["total"]) == Decimal("810.00")  # 210 + 3.00 x 200
    assert by[str(b.tenant_id)]["quoted_lines"] == 1 and money(by[str(b.tenant_id)]["total"]) == Decimal(
        "220.00"
    )
    assert by[str(c.tenant_id)]["status"] == "expired" and not by[str(c.tenant_id)]["live"]
    assert by[str(d.tenant_id)]["status"] == "invited" and by[str(d.tenant_id)]["total"] is None
    line1, line2 = body["lines"]
    assert money(line1["target_price"]) == Decimal("2.00") and money(line1["target_total"]) == Decimal(
        "200.00"
    )
    cells = {cell["tenant_id"]: cell for cell in line1["cells"]}
    assert money(cells[str(a.tenant_id)]["unit_price"]) == Decimal("2.10")
    assert money(cells[str(a.tenant_id)]["line_total"]) == Decimal("210.00")
    assert cells[str(c.tenant_id)]["status"] == "quoted" and not cells[str(c.tenant_id)]["live"]
    assert cells[str(d.tenant_id)]["status"] == "no_answer"
    # the expired quote (100.00) is greyed, never the best; a wins on price, b on speed
    assert line1["lowest"] == [str(a.tenant_id)] and line1["fastest"] == [str(b.tenant_id)]
    assert cells[str(a.tenant_id)]["lowest"] and cells[str(b.tenant_id)]["fastest"]
    assert {cell["tenant_id"]: cell["status"] for cell in line2["cells"]}[str(b.tenant_id)] == "not_quoted"
    assert line2["lowest"] == [str(a.tenant_id)]


async def test_a_sealed_rfq_before_its_deadline_shows_no_prices(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    rfq_id, _ = await open_rfq(w, sealed=True)
    answer = await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers=w.buyer)
    assert answer.status_code == 409 and answer.json()["code"] == "rfq.sealed"
    closed, _ = await open_rfq(
        w, sealed=True, status="closed", deadline=datetime.now(UTC) - timedelta(hours=1)
    )
    assert (await api.client.get(f"{w.org}/rfqs/{closed}/comparison", headers=w.buyer)).status_code == 200


async def test_another_company_and_a_supplier_cannot_compare(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    rfq_id, _ = await open_rfq(w)
    other = await api.client.get(
        f"/api/v1/orgs/{w.other_buyer_org}/rfqs/{rfq_id}/comparison", headers=w.other_buyer
    )
    assert other.status_code == 404
    stranger = await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers=w.suppliers[0].owner)
    assert stranger.status_code == 404
    anonymous = await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers={"Cookie": ""})
    assert anonymous.status_code in (401, 404)
