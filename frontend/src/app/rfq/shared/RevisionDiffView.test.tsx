import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithI18n } from "../../../test/utils";
import { diffRevisions, revisionDiff } from "./diff";
import { RevisionDiffView } from "./RevisionDiffView";
import type { Revision } from "./types";

const LABELS: Record<string, string> = { l1: "1. Hex bolt M8", l2: "2. Washer", l3: "3. Custom bracket" };

function revision(number: number, overrides: Partial<Revision> = {}): Revision {
  return {
    number,
    sent_at: "2026-11-20T10:00:00Z",
    currency: "EUR",
    payment_terms_days: 30,
    valid_until: "2026-12-31",
    lines: [
      { line_id: "l1", status: "quoted", unit_price: "9.50", breaks: [], moq: "100", lead_time_days: 10 },
      { line_id: "l2", status: "quoted", unit_price: "0.10", moq: "1000", lead_time_days: 5 },
      { line_id: "l3", status: "not_quoted" },
    ],
    ...overrides,
  };
}

describe("diffRevisions", () => {
  it("lists per line each field that changed, old and new, and the changed terms", () => {
    const next = revision(2, {
      payment_terms_days: 60,
      lines: [
        { line_id: "l1", status: "quoted", unit_price: "9.5000", breaks: [{ min_quantity: "500", unit_price: "9.00" }], moq: "100", lead_time_days: 7 },
        { line_id: "l2", status: "quoted", unit_price: "0.10", moq: "1000", lead_time_days: 5 },
        { line_id: "l3", status: "quoted", unit_price: "42", alternative: { description: "Bent steel plate" } },
      ],
    });
    const diff = diffRevisions(revision(1), next);
    expect(diff.lines).toEqual([
      {
        line_id: "l1",
        changes: [
          { field: "breaks", old: [], new: [{ min_quantity: "500", unit_price: "9.00" }] },
          { field: "lead_time_days", old: 10, new: 7 },
        ],
      },
      {
        line_id: "l3",
        changes: [
          { field: "status", old: "not_quoted", new: "quoted" },
          { field: "unit_price", old: null, new: "42" },
          { field: "alternative", old: null, new: { description: "Bent steel plate" } },
        ],
      },
    ]);
    expect(diff.terms).toEqual([{ field: "payment_terms_days", old: 30, new: 60 }]);
  });

  it("uses the server's diff when a revision carries one, and none for the first revision", () => {
    const served = { lines: [], terms: [{ field: "incoterms", old: "EXW", new: "DAP" }] };
    const first = revision(1);
    const second = revision(2, { diff: served });
    expect(revisionDiff([first, second], second)).toBe(served);
    expect(revisionDiff([first, second], first)).toBeNull();
  });
});

describe("RevisionDiffView", () => {
  it("shows each changed field of each line as old → new in the UI language", () => {
    const diff = diffRevisions(revision(1), revision(2, { lines: [{ line_id: "l1", status: "quoted", unit_price: "8.75", breaks: [], moq: "100", lead_time_days: 10 }, revision(1).lines[1]!, revision(1).lines[2]!], valid_until: "2027-01-31" }));
    renderWithI18n(<RevisionDiffView diff={diff} currency="EUR" lineLabel={(id) => LABELS[id] ?? id} />, "ro");
    const lines = screen.getByRole("list", { name: "Linii modificate" });
    const bolt = within(lines).getByText("1. Hex bolt M8").closest("li") as HTMLElement;
    expect(bolt).toHaveTextContent("Preț unitar: 9,50 EUR → 8,75 EUR");
    expect(within(bolt).getByLabelText("înainte")).toHaveTextContent("9,50 EUR");
    expect(within(bolt).getByLabelText("acum")).toHaveTextContent("8,75 EUR");
    expect(within(lines).queryByText("2. Washer")).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Condiții" })).toHaveTextContent("Valabilă până la: 31 dec. 2026 → 31 ian. 2027");
  });

  it("reads the API's plain-text values (breaks as \"min @ price\") in the UI language", () => {
    const diff = { terms: [{ field: "total", old: "102.5", new: "96.5" }], lines: [{ line_id: "l1", changes: [{ field: "breaks", old: "100 @ 1.1", new: "100 @ 0.98; 500 @ 0.9" }, { field: "lead_time_days", old: "10", new: "7" }] }] };
    renderWithI18n(<RevisionDiffView diff={diff} currency="EUR" lineLabel={(id) => LABELS[id] ?? id} />, "ro");
    const bolt = screen.getByText("1. Hex bolt M8").closest("li") as HTMLElement;
    expect(bolt).toHaveTextContent("Praguri de cantitate: de la 100: 1,10 EUR → de la 100: 0,98 EUR; de la 500: 0,90 EUR");
    expect(bolt).toHaveTextContent("Termen de livrare: 10 zile → 7 zile");
    expect(screen.getByRole("region", { name: "Condiții" })).toHaveTextContent("Total: 102,50 EUR → 96,50 EUR");
  });

  it("says so when nothing changed", () => {
    renderWithI18n(<RevisionDiffView diff={{ lines: [], terms: [] }} currency="EUR" lineLabel={(id) => id} />);
    expect(screen.getByText("Nothing changed from the previous revision.")).toBeInTheDocument();
  });
});
