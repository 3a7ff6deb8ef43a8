import { describe, expect, it } from "vitest";
import type { PricedLine, RequisitionList } from "./api/lists";
import { allOrNone, cartReport, keptSelection, listsOfPages, reasonKey, suppliersOf, toggled } from "./listLogic";

function line(id: string, supplier: string, name: string | null): PricedLine {
  return {
    id,
    tenant_id: supplier,
    supplier_name: name,
    supplier_slug: null,
    sku: `SKU-${id}`,
    quantity: "1",
    note: null,
    added_at: "2026-03-05T10:00:00Z",
    orderable: true,
  };
}

function list(id: string, name: string): RequisitionList {
  return { id, name } as RequisitionList;
}

describe("requisition list logic", () => {
  it("joins pages, keeping a list that moved between pages once", () => {
    const pages = [{ items: [list("a", "A"), list("b", "B")] }, { items: [list("b", "B"), list("c", "C")] }];
    expect(listsOfPages(pages).map((l) => l.id)).toEqual(["a", "b", "c"]);
    expect(listsOfPages(undefined)).toEqual([]);
  });

  it("selects, unselects, all or none, and forgets removed lines", () => {
    const lines = [line("1", "s1", "Bolts"), line("2", "s1", "Bolts")];
    const one = toggled(new Set(), "1");
    expect([...one]).toEqual(["1"]);
    expect([...toggled(one, "1")]).toEqual([]);
    expect([...allOrNone(one, lines)].sort()).toEqual(["1", "2"]);
    expect([...allOrNone(new Set(["1", "2"]), lines)]).toEqual([]);
    expect([...keptSelection(new Set(["1", "gone"]), lines)]).toEqual(["1"]);
  });

  it("offers the list's suppliers by name, once each", () => {
    const lines = [line("1", "s2", "Zinc SRL"), line("2", "s1", "Bolts SRL"), line("3", "s2", "Zinc SRL")];
    expect(suppliersOf(lines)).toEqual([
      { id: "s1", name: "Bolts SRL" },
      { id: "s2", name: "Zinc SRL" },
    ]);
  });

  it("reports what went to the cart and why the rest did not", () => {
    const report = cartReport({
      added: [{ line_id: "1", tenant_id: "s1", sku: "HB-M8", quantity: "100" }],
      skipped: [{ line_id: "2", tenant_id: "s1", sku: "WR-13", quantity: "5", reason: "below_minimum" }],
    });
    expect(report).toEqual({ added: 1, skipped: [{ sku: "WR-13", reason: "requisitions.reason.belowMinimum" }] });
    expect(reasonKey("supplier_unavailable")).toBe("requisitions.reason.supplierUnavailable");
  });
});
