import { describe, expect, it } from "vitest";
import { emptyDraft, emptyLine, estimatedValue, toRfqIn, validateRfqDraft, type RfqDraft } from "./wizard";

const NOW = new Date("2026-11-28T10:00:00");

function draft(overrides: Partial<RfqDraft> = {}): RfqDraft {
  return {
    ...emptyDraft(NOW, "industrial", "RON"),
    title: "Fasteners Q1",
    lines: [emptyLine("text", { description: "Custom bracket, 3 mm steel", quantity: "1.000,5", unit: "pcs", target_price: "12,50" })],
    ...overrides,
  };
}

describe("validateRfqDraft", () => {
  it("accepts a complete draft, numbers in the user's separators", () => {
    expect(validateRfqDraft("ro", draft(), NOW, true)).toEqual({});
  });

  it("names each header field that is wrong", () => {
    const problems = validateRfqDraft("ro", draft({ title: " ", marketplace: "", currency: "eur", deadline: "2026-11-27T10:00", payment_terms_days: "30 days" }), NOW);
    expect(problems).toEqual({ title: "rfq.v.required", marketplace: "rfq.v.required", currency: "rfq.v.currency", deadline: "rfq.v.deadlinePast", payment_terms_days: "rfq.v.days" });
  });

  it("refuses a deadline more than a year away and a delivery before the deadline", () => {
    expect(validateRfqDraft("en", draft({ deadline: "2028-01-01T10:00" }), NOW).deadline).toBe("rfq.v.deadlineFar");
    expect(validateRfqDraft("en", draft({ deadline: "2026-12-10T17:00", delivery_date: "2026-12-09" }), NOW).delivery_date).toBe("rfq.v.deliveryBeforeDeadline");
    expect(validateRfqDraft("en", draft({ deadline: "2026-12-10T17:00", delivery_date: "2026-12-10" }), NOW).delivery_date).toBeUndefined();
  });

  it("asks for at least one line only when submitting, and at most 200", () => {
    expect(validateRfqDraft("en", draft({ lines: [] }), NOW)).toEqual({});
    expect(validateRfqDraft("en", draft({ lines: [] }), NOW, true)).toEqual({ lines: "rfq.v.noLines" });
    const many = Array.from({ length: 201 }, () => emptyLine("text", { description: "x" }));
    expect(validateRfqDraft("en", draft({ lines: many }), NOW).lines).toBe("rfq.v.tooManyLines");
  });

  it("checks each line by its kind: SKU, category, description, quantity, unit, target", () => {
    const problems = validateRfqDraft(
      "en",
      draft({
        lines: [
          emptyLine("sku", { sku: "B-M8", tenant_id: "" }),
          emptyLine("category", { description: "Bolts" }),
          emptyLine("text", { description: "", quantity: "0" }),
          emptyLine("text", { description: "Washers", quantity: "-3", unit: " ", target_price: "abc" }),
        ],
      }),
      NOW,
    );
    expect(problems).toEqual({
      "lines.0.sku": "rfq.v.skuMissing",
      "lines.1.category_id": "rfq.v.categoryMissing",
      "lines.2.description": "rfq.v.descriptionMissing",
      "lines.2.quantity": "rfq.v.quantity",
      "lines.3.quantity": "rfq.v.quantity",
      "lines.3.unit": "rfq.v.required",
      "lines.3.target_price": "rfq.v.price",
    });
  });
});

describe("toRfqIn", () => {
  it("sends decimals as API strings, the deadline as an ISO moment, each kind's own fields", () => {
    const body = toRfqIn(
      "ro",
      draft({
        payment_terms_days: "45",
        lines: [
          emptyLine("sku", { tenant_id: "t-1", sku: "B-M8", description: "Hex bolt M8", quantity: "1.000", target_price: "0,085", target_visible: true }),
          emptyLine("category", { category_id: "c-1", attributes: { thread: "M8", finish: "" }, description: "Bolts M8" }),
        ],
      }),
    );
    expect(body.deadline).toBe(new Date(emptyDraft(NOW).deadline).toISOString());
    expect(body.payment_terms_days).toBe(45);
    expect(body.lines?.[0]).toMatchObject({ kind: "sku", tenant_id: "t-1", sku: "B-M8", quantity: "1000", target_price: "0.085", target_visible: true });
    expect(body.lines?.[1]).toMatchObject({ kind: "category", category_id: "c-1", attributes: { thread: "M8" }, target_price: null });
  });
});

describe("estimatedValue", () => {
  it("sums target × quantity exactly, lines without a target counting 0", () => {
    const lines = [
      emptyLine("text", { description: "a", quantity: "3", target_price: "0.1" }),
      emptyLine("text", { description: "b", quantity: "1,000.5", target_price: "2.25" }),
      emptyLine("text", { description: "c", quantity: "7", target_price: "" }),
    ];
    expect(estimatedValue("en", lines)).toBe("2251.43");
  });
});
