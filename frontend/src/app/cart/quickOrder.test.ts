import { describe, expect, it } from "vitest";
import type { QuickOrderReport, QuickRowOut } from "./api/cart";
import { apiQuantity, gridRows, lineOf, pastedLineCount, requestRows, rowsFromReport, shownRows, SHOWN_READY, typedNumbering, withAllSuggestions, withSupplier } from "./quickOrder";

function row(over: Partial<QuickRowOut> & { row: number }): QuickRowOut {
  return { sku: "A", quantity_text: "1", quantity: "1", status: "accepted", candidates: [], ...over };
}

function report(rows: QuickRowOut[]): QuickOrderReport {
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return { rows, accepted: count("accepted"), rejected: count("rejected"), ambiguous: count("ambiguous") };
}

const supplier = (slug: string) => ({ id: slug, slug, name: slug.toUpperCase() });

describe("quick order rows", () => {
  it("reads quantities with the user's separators", () => {
    expect(apiQuantity("ro", "1.234,5")).toBe("1234.5");
    expect(apiQuantity("en", "1,234.5")).toBe("1234.5");
    expect(apiQuantity("ro", "1,5")).toBe("1.5");
    expect(apiQuantity("en", " abc ")).toBe("abc"); // the server reports it as a bad quantity
  });

  it("skips blank grid rows and keeps the grid's numbering", () => {
    const rows = gridRows("en", [
      { sku: "A", quantity: "10" },
      { sku: "", quantity: "" },
      { sku: " B ", quantity: "2.5" },
    ]);
    expect(rows).toEqual([
      { line: 1, sku: "A", quantity: "10" },
      { line: 3, sku: "B", quantity: "2.5" },
    ]);
  });

  it("counts the non-blank pasted lines", () => {
    expect(pastedLineCount("A 1\n\n  \r\nB 2\rC 3")).toBe(3);
    expect(pastedLineCount("")).toBe(0);
  });

  it("turns a paste report into typed rows that keep the pasted line numbers", () => {
    const pasted = report([
      row({ row: 2, sku: "A", quantity: "10", supplier: supplier("s1") }),
      row({ row: 5, sku: "B", quantity: null, quantity_text: "x", status: "rejected", reason: "bad_quantity" }),
      row({ row: 7, sku: "C", quantity: "3", status: "ambiguous", supplier: null }),
    ]);
    const rows = rowsFromReport(pasted);
    expect(rows).toEqual([
      { line: 2, sku: "A", quantity: "10", supplier: "s1" },
      { line: 5, sku: "B", quantity: "x" },
      { line: 7, sku: "C", quantity: "3" },
    ]);
    const numbered = typedNumbering(pasted);
    expect(numbered.rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(numbered.rows.map((r) => lineOf(rows, r))).toEqual([2, 5, 7]);
    expect(requestRows(withSupplier(rows, 2, "s2"))).toEqual([
      { sku: "A", quantity: "10", supplier: "s1" },
      { sku: "B", quantity: "x" },
      { sku: "C", quantity: "3", supplier: "s2" },
    ]);
  });

  it("accepts every suggested quantity at once", () => {
    const rows = [
      { line: 1, sku: "A", quantity: "55" },
      { line: 2, sku: "B", quantity: "7" },
      { line: 3, sku: "C", quantity: "10" },
    ];
    const answer = report([
      row({ row: 1, status: "rejected", reason: "not_pack_multiple", suggested_quantity: "60" }),
      row({ row: 2, status: "rejected", reason: "below_minimum", suggested_quantity: "50" }),
      row({ row: 3 }),
    ]);
    expect(withAllSuggestions(rows, answer).map((r) => r.quantity)).toEqual(["60", "50", "10"]);
  });

  it("shows the rows needing the user first, and a bounded number of ready rows", () => {
    const many = report([
      ...Array.from({ length: SHOWN_READY + 5 }, (_, i) => row({ row: i + 1 })),
      row({ row: 200, status: "rejected", reason: "unknown_sku" }),
      row({ row: 300, status: "ambiguous" }),
    ]);
    const { rows, hiddenReady } = shownRows(many);
    expect(rows.slice(0, 2).map((r) => r.row)).toEqual([300, 200]);
    expect(rows).toHaveLength(SHOWN_READY + 2);
    expect(hiddenReady).toBe(5);
  });
});
