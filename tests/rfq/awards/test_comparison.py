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


async def test_after_an_award_the_losers_prices_stay_greyed_beside_the_winners(api: Api) -> None:
    w = await rfq_world(api, suppliers=2)
    rfq_id, (first,) = await open_rfq(w, lines=1)
    winner, loser = w.suppliers
    await sent_revision(w, rfq_id, winner, {first: Decimal("2.00")}, status="accepted")
    await sent_revision(w, rfq_id, loser, {first: Decimal("1.50")}, status="rejected")
    body = (await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers=w.buyer)).json()
    cells = {cell["tenant_id"]: cell for cell in body["lines"][0]["cells"]}
    assert cells[str(loser.tenant_id)]["status"] == "quoted" and not cells[str(loser.tenant_id)]["live"]
    assert money(cells[str(loser.tenant_id)]["unit_price"]) == Decimal("1.50")
    assert body["lines"][0]["lowest"] == [str(winner.tenant_id)]


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


async def test_break_edges_rounding_alternatives_and_quotes_not_compared(api: Api) -> None:
    """Priced by the database: a break applies from its minimum exactly, below it the line's unit
    price; totals rounded once, half up; a not quoted line keeps its alternative and note; an
    expired quote is greyed, a withdrawn one or one in another currency is not compared; ties
    are all marked."""
    w = await rfq_world(api, suppliers=6)
    rfq_id, (l1, l2, l3, l4) = await open_rfq(w, lines=4)  # quantities 100, 200, 300, 400
    a, b, c, d, e, f = w.suppliers
    await sent_revision(
        w, rfq_id, a, {l1: Decimal("3.00"), l2: Decimal("3"), l3: Decimal("2.9"), l4: Decimal("1.00")},
        breaks={
            l1: [(Decimal(100), Decimal("2.00"))],  # from exactly 100
            l2: [(Decimal(201), Decimal("1.00"))],  # 200 is below it
            l3: [(Decimal(10), Decimal("2.5")), (Decimal(300), Decimal("2.40")), (Decimal(1000), Decimal(1))],
        },
        lead_times={l1: 3, l2: 4, l3: 7, l4: 5},
    )  # fmt: skip
    await sent_revision(
        w, rfq_id, b, {l1: Decimal("1.23445"), l2: None, l3: Decimal("2.41"), l4: Decimal("1.000")},
        alternatives={l3: ("ALT-1", None), l2: (None, "a substitute")}, notes={l2: "cannot", l3: "alt"},
        lead_times={l4: 5},
    )  # fmt: skip
    await sent_revision(
        w,
        rfq_id,
        c,
        {l1: Decimal("0.10"), l2: Decimal("0.10"), l3: None, l4: Decimal("0.1")},
        status="expired",
    )
    await sent_revision(w, rfq_id, d, {l1: Decimal("0.20"), l2: None, l3: None, l4: None}, status="withdrawn")
    await sent_revision(w, rfq_id, e, {l1: Decimal("0.30"), l2: None, l3: None, l4: None}, currency="USD")
    await sent_revision(w, rfq_id, f, {l1: Decimal("5"), l2: Decimal("5")}, status="countered")
    answer = await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers=w.buyer)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    id_a, id_b, id_c, id_d, id_e, id_f = (str(s.tenant_id) for s in w.suppliers)
    cells = [{cell["tenant_id"]: cell for cell in line["cells"]} for line in body["lines"]]
    prices = [{t: (c["unit_price"], c["line_total"]) for t, c in line.items()} for line in cells]
    assert prices[0][id_a] == ("2.00", "200.00")  # the break's price as the supplier wrote it
    assert prices[1][id_a] == ("3.000000", "600.00")  # below the first break: the unit price
    assert prices[2][id_a] == ("2.40", "720.00")  # the greatest break reached
    assert prices[0][id_b] == ("1.234450", "123.45")  # 123.445 rounded half up, once
    assert cells[1][id_b] == {
        "tenant_id": id_b, "status": "not_quoted", "live": True, "sku": None, "unit_price": None,
        "line_total": None, "lead_time_days": None, "moq": None,
        "valid_until": body["suppliers"][1]["valid_until"], "alternative_sku": None,
        "alternative_description": "a substitute", "note": "cannot",
        "lowest": False, "fastest": False,
    }  # fmt: skip
    assert cells[2][id_b]["alternative_sku"] == "ALT-1" and cells[2][id_b]["note"] == "alt"
    assert cells[0][id_c]["live"] is False and cells[0][id_c]["line_total"] == "10.00"
    for gone in (id_d, id_e):
        assert {line[gone]["status"] for line in cells} == {"no_answer"}
    assert cells[2][id_f]["status"] == "no_answer"  # f's revision does not answer line 3
    best = [(line["lowest"], line["fastest"]) for line in body["lines"]]
    assert best == [
        ([id_b], [id_a]),
        ([id_a], [id_a]),  # the expired 20.00 is never the best
        ([id_a], [id_a]),
        ([id_a, id_b], [id_a, id_b]),  # ties: both
    ]
    totals = {s["tenant_id"]: (s["quoted_lines"], s["total"], s["live"]) for s in body["suppliers"]}
    assert totals == {
        id_a: (4, "1920.00", True),
        id_b: (3, "1246.45", True),
        id_c: (3, "70.00", False),
        id_d: (0, None, False),
        id_e: (0, None, False),
        id_f: (2, "1500.00", True),
    }


async def test_an_rfq_nobody_was_invited_to_compares_its_lines_without_cells(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    rfq_id, lines = await open_rfq(w, invite=[])
    body = (await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers=w.buyer)).json()
    assert body["suppliers"] == []
    assert [(line["id"], line["cells"], line["lowest"]) for line in body["lines"]] == [
        (str(line_id), [], []) for line_id in lines
    ]


async def test_totals_round_to_the_currency_minor_unit(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    rfq_id, (line, _) = await open_rfq(w, currency="JPY")
    await sent_revision(w, rfq_id, w.suppliers[0], {line: Decimal("1.235"), _: None}, currency="JPY")
    body = (await api.client.get(f"{w.org}/rfqs/{rfq_id}/comparison", headers=w.buyer)).json()
    assert body["lines"][0]["cells"][0]["line_total"] == "124"  # 123.5 yen, half up
    assert body["suppliers"][0]["total"] == "124"
