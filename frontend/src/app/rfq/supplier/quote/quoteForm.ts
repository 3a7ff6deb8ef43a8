import { z } from "zod";
import type { Locale } from "../../../../i18n/format";
import type { MessageKey } from "../../../../i18n/messages";
import { compareDecimal, formatDecimalInput, isDecimal, isZero, parseDecimal } from "../../../../lib/decimal";
import type { DraftIn, DraftLine, LineAnswer, QuoteDraft, Revision, RfqLine } from "../api/types";
import { addDecimal, multiplyDecimal, roundDecimal } from "./decimalMath";

export const INCOTERMS = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"] as const;

export type AlternativeKind = "none" | "sku" | "description";

export interface BreakValues {
  min_quantity: string;
  unit_price: string;
}

/** One RFQ line's answer as typed (numbers in the UI language). */
export interface LineValues {
  line_id: string;
  status: LineAnswer;
  unit_price: string;
  breaks: BreakValues[];
  moq: string;
  lead_time_days: string;
  sku: string;
  alternative_kind: AlternativeKind;
  alternative: string;
  note: string;
  internal_note: string;
}

export interface QuoteValues {
  payment_terms_days: string;
  incoterms: string;
  delivery_terms: string;
  valid_until: string;
  note: string;
  internal_note: string;
  lines: LineValues[];
}

/**
 * Does the line ask for this supplier's own SKU (a catalog line of its catalog)? Then the SKU is
 * fixed. Another supplier's SKU line is answered like a free-text line: with a SKU of its own.
 */
export function asksOwnSku(line: RfqLine, tenantId: string | undefined): boolean {
  return line.kind === "sku" && line.tenant_id != null && line.tenant_id === tenantId;
}

const blankLine = (line: RfqLine, tenantId: string | undefined): LineValues => ({
  line_id: line.id,
  status: "quoted",
  unit_price: "",
  breaks: [],
  moq: "",
  lead_time_days: "",
  sku: asksOwnSku(line, tenantId) ? (line.sku ?? "") : "",
  alternative_kind: "none",
  alternative: "",
  note: "",
  internal_note: "",
});

const typed = (locale: Locale, value: string | null | undefined) => (value ? formatDecimalInput(locale, value) : "");

/**
 * The form's values: the saved draft's answers (or the last sent revision's, for "revise"),
 * one row per RFQ line in the request's order, so row i is the API's `lines[i]`. `tenant_id`
 * is the supplier's own: only its own SKU lines start with the buyer's SKU.
 */
export function quoteValues(locale: Locale, lines: readonly RfqLine[], from: QuoteDraft | Revision | null, defaults: { payment_terms_days?: number | null; tenant_id?: string } = {}): QuoteValues {
  const saved = new Map<string, Partial<DraftLine>>((from?.lines ?? []).map((line) => [line.line_id, line]));
  return {
    payment_terms_days: String(from?.payment_terms_days ?? defaults.payment_terms_days ?? ""),
    incoterms: from?.incoterms ?? "",
    delivery_terms: from?.delivery_terms ?? "",
    valid_until: from?.valid_until ?? "",
    note: from?.note ?? "",
    internal_note: (from && "internal_note" in from ? from.internal_note : null) ?? "",
    lines: lines.map((line) => {
      const answer = saved.get(line.id);
      if (!answer) return blankLine(line, defaults.tenant_id);
      const alternative = answer.alternative;
      return {
        line_id: line.id,
        status: answer.status ?? "quoted",
        unit_price: typed(locale, answer.unit_price),
        breaks: (answer.breaks ?? []).map((b) => ({ min_quantity: typed(locale, b.min_quantity), unit_price: typed(locale, b.unit_price) })),
        moq: typed(locale, answer.moq),
        lead_time_days: answer.lead_time_days == null ? "" : String(answer.lead_time_days),
        sku: answer.sku ?? "",
        alternative_kind: alternative?.sku ? "sku" : alternative?.description ? "description" : "none",
        alternative: alternative?.sku ?? alternative?.description ?? "",
        note: answer.note ?? "",
        internal_note: answer.internal_note ?? "",
      };
    }),
  };
}

/** Field path (react-hook-form's, `lines.2.unit_price`) → message key. */
export type QuoteErrors = Record<string, MessageKey>;

const INTEGER = /^\d{1,6}$/;

function checkPrice(errors: QuoteErrors, path: string, locale: Locale, text: string, required: boolean): void {
  if (!text.trim()) {
    if (required) errors[path] = "validation.required";
    return;
  }
  if (text.trim().startsWith("-")) errors[path] = "rfqSupplier.error.negativePrice";
  else {
    const value = parseDecimal(locale, text);
    if (value === null || !isDecimal(value, 20)) errors[path] = "validation.price";
    else if (!isDecimal(value, 6)) errors[path] = "tiers.tooManyDecimals";
  }
}

function checkQuantity(errors: QuoteErrors, path: string, locale: Locale, text: string, required: boolean): void {
  if (!text.trim()) {
    if (required) errors[path] = "validation.required";
    return;
  }
  const value = parseDecimal(locale, text);
  if (value === null || !isDecimal(value, 3) || isZero(value)) errors[path] = "validation.positiveDecimal";
}

function checkBreaks(errors: QuoteErrors, base: string, locale: Locale, breaks: readonly BreakValues[]): void {
  breaks.forEach((row, i) => {
    checkQuantity(errors, `${base}.${i}.min_quantity`, locale, row.min_quantity, true);
    checkPrice(errors, `${base}.${i}.unit_price`, locale, row.unit_price, true);
  });
  // strictly ascending, among rows whose quantity is valid
  let previous: string | null = null;
  breaks.forEach((row, i) => {
    const path = `${base}.${i}.min_quantity`;
    if (errors[path]) return;
    const qty = parseDecimal(locale, row.min_quantity) ?? "";
    if (previous !== null && compareDecimal(previous, qty) >= 0) errors[path] = compareDecimal(previous, qty) === 0 ? "tiers.duplicate" : "tiers.notAscending";
    else previous = qty;
  });
}

function checkLine(errors: QuoteErrors, i: number, locale: Locale, line: LineValues): void {
  if (line.status !== "quoted") return;
  const base = `lines.${i}`;
  checkPrice(errors, `${base}.unit_price`, locale, line.unit_price, true);
  checkBreaks(errors, `${base}.breaks`, locale, line.breaks);
  checkQuantity(errors, `${base}.moq`, locale, line.moq, false);
  if (line.lead_time_days.trim() && !INTEGER.test(line.lead_time_days.trim())) errors[`${base}.lead_time_days`] = "rfqSupplier.error.days";
  if (line.alternative_kind !== "none" && !line.alternative.trim()) errors[`${base}.alternative`] = "validation.required";
}

/**
 * Checks the quote as the API will, before a call: prices ≥ 0 with at most 6 decimals,
 * breaks' minimum quantities positive and strictly ascending, MOQ positive, lead time
 * and payment days whole numbers, an alternative described when offered. Sending also
 * needs a validity date not in the past and at least one line quoted.
 */
export function validateQuote(values: QuoteValues, locale: Locale, { forSend = false, today = "" }: { forSend?: boolean; today?: string } = {}): QuoteErrors {
  const errors: QuoteErrors = {};
  values.lines.forEach((line, i) => checkLine(errors, i, locale, line));
  if (values.payment_terms_days.trim() && !INTEGER.test(values.payment_terms_days.trim())) errors.payment_terms_days = "rfqSupplier.error.days";
  if (forSend) {
    if (!values.valid_until) errors.valid_until = "validation.required";
    else if (today && values.valid_until < today) errors.valid_until = "rfqSupplier.error.validInPast";
    if (!values.lines.some((line) => line.status === "quoted")) errors.lines = "rfqSupplier.error.nothingQuoted";
  }
  return errors;
}

const decimalOrNull = (locale: Locale, text: string) => (text.trim() ? (parseDecimal(locale, text) ?? text.trim()) : null);
const textOrNull = (text: string) => (text.trim() ? text.trim() : null);
const intOrNull = (text: string) => (text.trim() ? Number(text.trim()) : null);

function alternativeOf(line: LineValues): DraftLine["alternative"] {
  const value = line.alternative.trim();
  if (!value || line.alternative_kind === "none") return null;
  return line.alternative_kind === "sku" ? { sku: value } : { description: value };
}

/** The body of `PUT /draft`: typed numbers as decimal strings, a line not quoted carries no prices. */
export function draftPayload(values: QuoteValues, locale: Locale): DraftIn {
  return {
    payment_terms_days: intOrNull(values.payment_terms_days),
    incoterms: textOrNull(values.incoterms),
    delivery_terms: textOrNull(values.delivery_terms),
    valid_until: values.valid_until || null,
    note: textOrNull(values.note),
    internal_note: textOrNull(values.internal_note),
    lines: values.lines.map((line): DraftLine => {
      const quoted = line.status === "quoted";
      return {
        line_id: line.line_id,
        status: line.status,
        unit_price: quoted ? decimalOrNull(locale, line.unit_price) : null,
        breaks: quoted ? line.breaks.map((b) => ({ min_quantity: decimalOrNull(locale, b.min_quantity) ?? "", unit_price: decimalOrNull(locale, b.unit_price) ?? "" })) : [],
        moq: quoted ? decimalOrNull(locale, line.moq) : null,
        lead_time_days: quoted ? intOrNull(line.lead_time_days) : null,
        sku: textOrNull(line.sku),
        alternative: quoted ? alternativeOf(line) : null,
        note: textOrNull(line.note),
        internal_note: textOrNull(line.internal_note),
      };
    }),
  };
}

/**
 * The unit price at `quantity`: the break with the largest minimum quantity not above it,
 * else the line's unit price. Null while the typed numbers are not valid.
 */
export function priceAt(line: Pick<LineValues, "unit_price" | "breaks">, quantity: string, locale: Locale): string | null {
  let price = parseDecimal(locale, line.unit_price);
  if (price === null || !isDecimal(price, 6)) return null;
  let reached: string | null = null;
  for (const row of line.breaks) {
    const min = parseDecimal(locale, row.min_quantity);
    const unit = parseDecimal(locale, row.unit_price);
    if (min === null || unit === null || !isDecimal(unit, 6)) return null;
    if (compareDecimal(min, quantity) <= 0 && (reached === null || compareDecimal(min, reached) > 0)) {
      reached = min;
      price = unit;
    }
  }
  return price;
}

/** The line's total at the asked quantity, to the cent; null when not quoted or not yet valid. */
export function lineTotal(line: LineValues, quantity: string, locale: Locale): string | null {
  if (line.status !== "quoted") return null;
  const price = priceAt(line, quantity, locale);
  return price === null ? null : roundDecimal(multiplyDecimal(price, quantity), 2);
}

/** The quote's total at the asked quantities, and how many quoted lines are not priced yet. */
export function quoteTotal(values: QuoteValues, lines: readonly RfqLine[], locale: Locale): { total: string; unpriced: number } {
  const quantity = new Map(lines.map((line) => [line.id, line.quantity]));
  let total = "0";
  let unpriced = 0;
  for (const line of values.lines) {
    if (line.status !== "quoted") continue;
    const value = lineTotal(line, quantity.get(line.line_id) ?? "0", locale);
    if (value === null) unpriced += 1;
    else total = addDecimal(total, value);
  }
  return { total, unpriced };
}

/** The form's zod schema: {@link validateQuote}'s verdicts on the fields, in the UI language. */
export function quoteSchema(t: (key: MessageKey) => string, locale: Locale) {
  const breakShape = z.object({ min_quantity: z.string(), unit_price: z.string() });
  const lineShape = z.object({
    line_id: z.string(),
    status: z.enum(["quoted", "not_quoted"]),
    unit_price: z.string(),
    breaks: z.array(breakShape),
    moq: z.string(),
    lead_time_days: z.string(),
    sku: z.string(),
    alternative_kind: z.enum(["none", "sku", "description"]),
    alternative: z.string(),
    note: z.string(),
    internal_note: z.string(),
  });
  return z
    .object({
      payment_terms_days: z.string(),
      incoterms: z.string(),
      delivery_terms: z.string(),
      valid_until: z.string(),
      note: z.string(),
      internal_note: z.string(),
      lines: z.array(lineShape),
    })
    .superRefine((values, ctx) => {
      for (const [path, key] of Object.entries(validateQuote(values, locale))) {
        ctx.addIssue({ code: "custom", path: path.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part)), message: t(key) });
      }
    });
}
