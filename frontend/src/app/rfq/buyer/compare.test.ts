import { describe, expect, it } from "vitest";
import type { Comparison, ComparisonCell, ComparisonSupplier } from "./api/types";
import { addDecimals, awardAllCheapest, awardBody, awardedSuppliers, bestOfLine, multiplyDecimals, selectionTotals, selectWinner, splitProblem, supplierTotals } from "./compare";

function cell(tenant_id: string, unit_price: string | null, line_total: string | null, lead_time_days: number | null = null): ComparisonCell {
  const shown = { tenant_id, live: true, lowest: false, fastest: false };
  return unit_price === null ? { ...shown, status: "not_quoted" } : { ...shown, status: "quoted", unit_price, line_total, lead_time_days };
}

function supplier(tenant_id: string, name: string, status: ComparisonSupplier["status"], revision_number: number): ComparisonSupplier {
  return { tenant_id, name, slug: tenant_id, status, live: true, quoted_lines: 0, revision_number };
}

const COMPARISON: Comparison = {
  rfq_id: "r-1",
  number: "RFQ-2026-000001",
  title: "Fixings",
  status: "closed",
  sealed: false,
  deadline: "2026-11-01T10:00:00Z",
  currency: "EUR",
  suppliers: [
    supplier("alpha", "Alpha", "submitted", 1),
    supplier("beta", "Beta", "revised", 2),
    supplier("gamma", "Gamma", "submitted", 1),
  ],
  lines: [
    { id: "l1", kind: "text", position: 1, description: "Bolts", quantity: "1000", unit: "pcs", target_price: "0.09", cells: [cell("alpha", "0.10", "100.00", 10), cell("beta", "0.085", "85.00", 14), cell("gamma", "0.09", "90.00", 5)] },
    { id: "l2", kind: "text", position: 2, description: "Nuts", quantity: "500", unit: "pcs", cells: [cell("alpha", "0.05", "25.00", 3), cell("beta", "0.05", "25.00", 3), cell("gamma", null, null)] },
    { id: "l3", kind: "text", position: 3, description: "Bracket", quantity: "10", unit: "pcs", cells: [cell("alpha", null, null), cell("beta", null, null), cell("gamma", null, null)] },
  ],
};

describe("bestOfLine", () => {
  it("marks the lowest line total and the shortest lead time", () => {
    expect(bestOfLine(COMPARISON.lines[0]!)).toEqual({ cheapest: ["beta"], fastest: ["gamma"] });
  });

  it("marks every supplier of a tie, and nobody on a line nobody quoted", () => {
    expect(bestOfLine(COMPARISON.lines[1]!)).toEqual({ cheapest: ["alpha", "beta"], fastest: ["alpha", "beta"] });
    expect(bestOfLine(COMPARISON.lines[2]!)).toEqual({ cheapest: [], fastest: [] });
  });

  it("never marks or awards an expired or withdrawn quote", () => {
    const line = { ...COMPARISON.lines[0]!, cells: [{ ...cell("alpha", "0.01", "10.00", 1), live: false }, cell("beta", "0.085", "85.00", 14)] };
    expect(bestOfLine(line)).toEqual({ cheapest: ["beta"], fastest: ["beta"] });
    expect(splitProblem(line, [{ tenant_id: "alpha", quantity: "1000" }])).toBe("notQuoted");
  });

  it("compares totals as decimals, not as text", () => {
    const line = { ...COMPARISON.lines[0]!, cells: [cell("alpha", "9", "9.00"), cell("beta", "10", "10.00")] };
    expect(bestOfLine(line).cheapest).toEqual(["alpha"]);
  });
});

describe("award all cheapest", () => {
  it("gives each quoted line, whole, to its cheapest supplier (the first of a tie) and leaves unquoted lines out", () => {
    const selection = awardAllCheapest(COMPARISON);
    expect(selection).toEqual({ l1: [{ tenant_id: "beta", quantity: "1000" }], l2: [{ tenant_id: "alpha", quantity: "500" }] });
    expect(awardedSuppliers(COMPARISON, selection)).toEqual(["alpha", "beta"]);
    expect(selectionTotals(COMPARISON, selection)).toEqual({ beta: "85.00", alpha: "25.00" });
  });

  it("builds the award body with only the selected lines", () => {
    const selection = awardAllCheapest(COMPARISON);
    const body = awardBody(COMPARISON, selection, null, { valid_until: "2027-06-30" });
    expect(body).toEqual({
      lines: [
        { line_id: "l1", splits: [{ tenant_id: "beta", quantity: "1000" }] },
        { line_id: "l2", splits: [{ tenant_id: "alpha", quantity: "500" }] },
      ],
      orders: null,
      contract: { valid_until: "2027-06-30" },
    });
  });
});

describe("selection and splits", () => {
  it("selects or clears the winner of a line", () => {
    const line = COMPARISON.lines[0]!;
    const chosen = selectWinner({}, line, "gamma");
    expect(chosen).toEqual({ l1: [{ tenant_id: "gamma", quantity: "1000" }] });
    expect(selectWinner(chosen, line, null)).toEqual({});
  });

  it("accepts shares that add up to the quantity and prices a part at its unit price", () => {
    const line = COMPARISON.lines[0]!;
    const splits = [
      { tenant_id: "beta", quantity: "600" },
      { tenant_id: "gamma", quantity: "400" },
    ];
    expect(splitProblem(line, splits)).toBeNull();
    expect(selectionTotals(COMPARISON, { l1: splits })).toEqual({ beta: "51.00", gamma: "36.00" });
  });

  it("names what is wrong with a split", () => {
    const line = COMPARISON.lines[1]!;
    expect(splitProblem(line, [{ tenant_id: "alpha", quantity: "300" }, { tenant_id: "beta", quantity: "250" }])).toBe("sum");
    expect(splitProblem(line, [{ tenant_id: "alpha", quantity: "200" }, { tenant_id: "beta", quantity: "200" }])).toBeNull(); // a part awarded
    expect(splitProblem(line, [{ tenant_id: "alpha", quantity: "0" }])).toBe("empty");
    expect(splitProblem(line, [{ tenant_id: "alpha", quantity: "250" }, { tenant_id: "alpha", quantity: "250" }])).toBe("duplicate");
    expect(splitProblem(line, [{ tenant_id: "alpha", quantity: "250" }, { tenant_id: "gamma", quantity: "250" }])).toBe("notQuoted");
  });
});

describe("decimal arithmetic", () => {
  it("adds and multiplies exactly, to the cent", () => {
    expect(addDecimals("0.1", "0.2")).toBe("0.30");
    expect(supplierTotals(COMPARISON)).toEqual({ alpha: "125.00", beta: "110.00", gamma: "90.00" });
    expect(multiplyDecimals("0.085", "333")).toBe("28.31"); // 28.305 rounds half up
    expect(multiplyDecimals("19.999999", "3")).toBe("60.00");
  });
});
