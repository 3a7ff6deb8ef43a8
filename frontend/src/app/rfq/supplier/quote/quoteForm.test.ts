import { describe, expect, it } from "vitest";
import type { RfqLine } from "../api/types";
import { addDecimal, multiplyDecimal, roundDecimal } from "./decimalMath";
import { asksOwnSku, draftPayload, lineTotal, priceAt, quoteTotal, quoteValues, validateQuote, type LineValues, type QuoteValues } from "./quoteForm";

const rfqLines: RfqLine[] = [
  { id: "l1", position: 1, kind: "sku", tenant_id: "t1", target_visible: false, sku: "BOLT-M8", description: "Bolt M8", unit: "pcs", quantity: "1000" },
  { id: "l2", position: 2, kind: "text", target_visible: false, description: "Bracket per drawing", unit: "pcs", quantity: "250" },
];

function line(overrides: Partial<LineValues> = {}): LineValues {
  return { line_id: "l1", status: "quoted", unit_price: "1.50", breaks: [], moq: "", lead_time_days: "", sku: "BOLT-M8", alternative_kind: "none", alternative: "", note: "", internal_note: "", ...overrides };
}

function quote(lines: LineValues[], overrides: Partial<QuoteValues> = {}): QuoteValues {
  return { payment_terms_days: "30", incoterms: "DAP", delivery_terms: "", valid_until: "2030-01-31", note: "", internal_note: "", lines, ...overrides };
}

describe("decimal arithmetic", () => {
  it("multiplies, adds and rounds exactly, without floats", () => {
    expect(multiplyDecimal("0.1", "3")).toBe("0.3");
    expect(multiplyDecimal("1.005", "1000")).toBe("1005");
    expect(addDecimal("0.1", "0.2")).toBe("0.3");
    expect(roundDecimal("12.345", 2)).toBe("12.35");
    expect(roundDecimal("12.344", 2)).toBe("12.34");
    expect(roundDecimal("0.005", 2)).toBe("0.01");
  });
});

describe("validateQuote", () => {
  it("accepts a valid quote", () => {
    expect(validateQuote(quote([line(), line({ line_id: "l2", status: "not_quoted", unit_price: "" })]), "en", { forSend: true, today: "2029-01-01" })).toEqual({});
  });

  it("refuses negative, non-numeric and over-precise prices", () => {
    const errors = validateQuote(quote([line({ unit_price: "-1" }), line({ line_id: "l2", unit_price: "abc" })]), "en");
    expect(errors["lines.0.unit_price"]).toBe("rfqSupplier.error.negativePrice");
    expect(errors["lines.1.unit_price"]).toBe("validation.price");
    expect(validateQuote(quote([line({ unit_price: "1.1234567" })]), "en")["lines.0.unit_price"]).toBe("tiers.tooManyDecimals");
    expect(validateQuote(quote([line({ unit_price: "0" })]), "en")).toEqual({});
  });

  it("requires a price on a quoted line only", () => {
    expect(validateQuote(quote([line({ unit_price: "" })]), "en")["lines.0.unit_price"]).toBe("validation.required");
    expect(validateQuote(quote([line({ status: "not_quoted", unit_price: "" })]), "en")).toEqual({});
  });

  it("reads prices in the UI language's decimals", () => {
    expect(validateQuote(quote([line({ unit_price: "1,50" })]), "ro")).toEqual({});
    expect(validateQuote(quote([line({ unit_price: "1.234,5" })]), "ro")).toEqual({});
    expect(validateQuote(quote([line({ unit_price: "1,234.5" })]), "en")).toEqual({});
    expect(validateQuote(quote([line({ unit_price: "1,2,3" })]), "ro")["lines.0.unit_price"]).toBe("validation.price");
  });

  it("wants breaks strictly ascending, with positive quantities and valid prices", () => {
    const breaks = [
      { min_quantity: "500", unit_price: "1.40" },
      { min_quantity: "100", unit_price: "1.45" },
      { min_quantity: "100", unit_price: "1.30" },
      { min_quantity: "0", unit_price: "1" },
      { min_quantity: "2000", unit_price: "-2" },
    ];
    const errors = validateQuote(quote([line({ breaks })]), "en");
    expect(errors["lines.0.breaks.0.min_quantity"]).toBeUndefined();
    expect(errors["lines.0.breaks.1.min_quantity"]).toBe("tiers.notAscending");
    expect(errors["lines.0.breaks.2.min_quantity"]).toBe("tiers.notAscending");
    expect(errors["lines.0.breaks.3.min_quantity"]).toBe("validation.positiveDecimal");
    expect(errors["lines.0.breaks.4.unit_price"]).toBe("rfqSupplier.error.negativePrice");
    const equal = validateQuote(quote([line({ breaks: [breaks[0]!, { min_quantity: "500", unit_price: "1" }] })]), "en");
    expect(equal["lines.0.breaks.1.min_quantity"]).toBe("tiers.duplicate");
  });

  it("checks MOQ, lead time, payment days and alternatives", () => {
    const errors = validateQuote(quote([line({ moq: "-3", lead_time_days: "2.5", alternative_kind: "description", alternative: " " })], { payment_terms_days: "thirty" }), "en");
    expect(errors["lines.0.moq"]).toBe("validation.positiveDecimal");
    expect(errors["lines.0.lead_time_days"]).toBe("rfqSupplier.error.days");
    expect(errors["lines.0.alternative"]).toBe("validation.required");
    expect(errors.payment_terms_days).toBe("rfqSupplier.error.days");
  });

  it("sending needs a validity not in the past and one quoted line", () => {
    const errors = validateQuote(quote([line({ status: "not_quoted" })], { valid_until: "2020-01-01" }), "en", { forSend: true, today: "2029-01-01" });
    expect(errors.valid_until).toBe("rfqSupplier.error.validInPast");
    expect(errors.lines).toBe("rfqSupplier.error.nothingQuoted");
    expect(validateQuote(quote([line()], { valid_until: "" }), "en", { forSend: true }).valid_until).toBe("validation.required");
    // a draft may be saved without them
    expect(validateQuote(quote([line({ status: "not_quoted" })], { valid_until: "" }), "en")).toEqual({});
  });
});

describe("totals", () => {
  it("prices a line at the break that applies to the asked quantity", () => {
    const breaks = [
      { min_quantity: "100", unit_price: "1.40" },
      { min_quantity: "1000", unit_price: "1.20" },
      { min_quantity: "5000", unit_price: "1.00" },
    ];
    expect(priceAt(line({ breaks }), "50", "en")).toBe("1.50");
    expect(priceAt(line({ breaks }), "100", "en")).toBe("1.40");
    expect(priceAt(line({ breaks }), "1000", "en")).toBe("1.20");
    expect(lineTotal(line({ breaks }), "1000", "en")).toBe("1200");
    expect(lineTotal(line({ unit_price: "0.333" }), "3", "en")).toBe("1");
    expect(lineTotal(line({ unit_price: "0,335", breaks: [] }), "3", "ro")).toBe("1.01");
  });

  it("sums quoted lines and counts those not priced yet", () => {
    const values = quote([line({ unit_price: "1,25" }), line({ line_id: "l2", unit_price: "" })]);
    expect(quoteTotal(values, rfqLines, "ro")).toEqual({ total: "1250", unpriced: 1 });
    values.lines[1] = line({ line_id: "l2", unit_price: "4" });
    expect(quoteTotal(values, rfqLines, "ro")).toEqual({ total: "2250", unpriced: 0 });
    values.lines[1] = line({ line_id: "l2", status: "not_quoted", unit_price: "" });
    expect(quoteTotal(values, rfqLines, "en").total).toBe("1250");
  });
});

describe("payload and round trip", () => {
  it("sends typed numbers as decimal strings and nothing priced on a line not quoted", () => {
    const values = quote([
      line({ unit_price: "1.234,5", breaks: [{ min_quantity: "1.000", unit_price: "1.100,25" }], moq: "10", lead_time_days: "14", alternative_kind: "sku", alternative: "BOLT-M8-ZN" }),
      line({ line_id: "l2", status: "not_quoted", unit_price: "3", sku: "BRK-1", note: "ask again" }),
    ]);
    const body = draftPayload(values, "ro");
    expect(body.lines[0]).toMatchObject({ unit_price: "1234.5", breaks: [{ min_quantity: "1000", unit_price: "1100.25" }], moq: "10", lead_time_days: 14, alternative: { sku: "BOLT-M8-ZN" } });
    expect(body.lines[1]).toMatchObject({ status: "not_quoted", unit_price: null, breaks: [], sku: "BRK-1", note: "ask again" });
    expect(body).toMatchObject({ payment_terms_days: 30, incoterms: "DAP", valid_until: "2030-01-31", delivery_terms: null });
  });

  it("starts from a saved draft in the UI language, one row per RFQ line in order", () => {
    const values = quoteValues(
      "ro",
      rfqLines,
      { rfq_id: "r1", currency: "EUR", status: "editing", base_revision: 0, total: "0", approval_needed: false, lines: [{ line_id: "l2", status: "quoted", unit_price: "2.500000", breaks: [{ min_quantity: "100.000", unit_price: "2.25" }], alternative: { description: "Steel S355" } }], payment_terms_days: 45 },
      { payment_terms_days: 30, tenant_id: "t1" },
    );
    expect(values.lines.map((l) => l.line_id)).toEqual(["l1", "l2"]);
    expect(values.lines[0]).toMatchObject({ status: "quoted", unit_price: "", sku: "BOLT-M8" });
    expect(values.lines[1]).toMatchObject({ unit_price: "2,5", breaks: [{ min_quantity: "100", unit_price: "2,25" }], alternative_kind: "description", alternative: "Steel S355" });
    expect(values.payment_terms_days).toBe("45");
  });

  it("starts another supplier's SKU line without that SKU: it is answered with one of the own catalog", () => {
    const own = quoteValues("en", rfqLines, null, { tenant_id: "t1" });
    const other = quoteValues("en", rfqLines, null, { tenant_id: "t2" });
    expect(own.lines[0]?.sku).toBe("BOLT-M8");
    expect(other.lines[0]?.sku).toBe("");
    expect(asksOwnSku(rfqLines[0]!, "t1")).toBe(true);
    expect(asksOwnSku(rfqLines[0]!, "t2")).toBe(false);
    expect(asksOwnSku(rfqLines[1]!, "t1")).toBe(false);
  });
});
