import type { Locale } from "../../../i18n/format";
import type { MessageKey } from "../../../i18n/messages";
import { formatDecimalInput, isZero, typedDecimal } from "../../../lib/decimal";
import type { LineKind, Rfq, RfqIn, RfqLineIn } from "./api/types";

/** At most this many lines per RFQ and suppliers invited (docs/rfq.md). */
export const MAX_LINES = 200;
export const MAX_INVITATIONS = 50;

/** One line as the wizard edits it: numbers as typed in the user's separators. */
export interface LineDraft {
  kind: LineKind;
  tenant_id: string;
  supplier_name: string;
  sku: string;
  category_id: string;
  category_name: string;
  attributes: Record<string, string>;
  description: string;
  unit: string;
  quantity: string;
  target_price: string;
  target_visible: boolean;
  note: string;
}

/** The wizard's form: the header, then the lines. */
export interface RfqDraft {
  title: string;
  marketplace: string;
  currency: string;
  /** A `datetime-local` value in the user's time zone. */
  deadline: string;
  delivery_date: string;
  delivery_location_id: string;
  payment_terms_days: string;
  sealed: boolean;
  note: string;
  lines: LineDraft[];
}

export function emptyLine(kind: LineKind, fields: Partial<LineDraft> = {}): LineDraft {
  return { kind, tenant_id: "", supplier_name: "", sku: "", category_id: "", category_name: "", attributes: {}, description: "", unit: "pcs", quantity: "1", target_price: "", target_visible: false, note: "", ...fields };
}

/** A `datetime-local` value ("2026-12-01T12:00") for a moment, in the browser's time zone. */
export function localDateTime(moment: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

export function emptyDraft(now: Date, marketplace = "", currency = "EUR"): RfqDraft {
  const inAWeek = new Date(now.getTime() + 7 * 86_400_000);
  inAWeek.setHours(17, 0, 0, 0);
  return { title: "", marketplace, currency, deadline: localDateTime(inAWeek), delivery_date: "", delivery_location_id: "", payment_terms_days: "30", sealed: false, note: "", lines: [] };
}

const CURRENCY_RE = /^[A-Z]{3}$/;
const YEAR_MS = 366 * 86_400_000;

/** A typed quantity: a positive decimal, else null. */
function positive(locale: Locale, text: string): string | null {
  const value = typedDecimal(locale, text);
  return value !== null && !isZero(value) ? value : null;
}

function lineProblems(locale: Locale, line: LineDraft, at: string): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (line.kind === "sku" && (!line.tenant_id || !line.sku.trim())) problems[`${at}.sku`] = "rfq.v.skuMissing";
  if (line.kind === "category" && !line.category_id) problems[`${at}.category_id`] = "rfq.v.categoryMissing";
  if (line.kind !== "sku" && !line.description.trim()) problems[`${at}.description`] = "rfq.v.descriptionMissing";
  if (line.description.length > 2000) problems[`${at}.description`] = "rfq.v.tooLong";
  if (!line.unit.trim()) problems[`${at}.unit`] = "rfq.v.required";
  if (positive(locale, line.quantity) === null) problems[`${at}.quantity`] = "rfq.v.quantity";
  if (line.target_price.trim() && typedDecimal(locale, line.target_price) === null) problems[`${at}.target_price`] = "rfq.v.price";
  return problems;
}

/**
 * What is wrong with the draft, field path → message: the header's fields, then each line's.
 * `submitting` also asks for what only sending needs (at least one line).
 */
export function validateRfqDraft(locale: Locale, draft: RfqDraft, now: Date, submitting = false): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (!draft.title.trim()) problems.title = "rfq.v.required";
  else if (draft.title.length > 200) problems.title = "rfq.v.tooLong";
  if (!draft.marketplace) problems.marketplace = "rfq.v.required";
  if (!CURRENCY_RE.test(draft.currency)) problems.currency = "rfq.v.currency";
  const deadline = new Date(draft.deadline);
  if (!draft.deadline || Number.isNaN(deadline.getTime())) problems.deadline = "rfq.v.required";
  else if (deadline.getTime() <= now.getTime()) problems.deadline = "rfq.v.deadlinePast";
  else if (deadline.getTime() - now.getTime() > YEAR_MS) problems.deadline = "rfq.v.deadlineFar";
  if (draft.delivery_date && !problems.deadline && draft.delivery_date < draft.deadline.slice(0, 10)) problems.delivery_date = "rfq.v.deliveryBeforeDeadline";
  if (draft.payment_terms_days.trim() && !/^\d{1,3}$/.test(draft.payment_terms_days.trim())) problems.payment_terms_days = "rfq.v.days";
  if (submitting && draft.lines.length === 0) problems.lines = "rfq.v.noLines";
  if (draft.lines.length > MAX_LINES) problems.lines = "rfq.v.tooManyLines";
  draft.lines.forEach((line, index) => Object.assign(problems, lineProblems(locale, line, `lines.${index}`)));
  return problems;
}

function lineIn(locale: Locale, line: LineDraft): RfqLineIn {
  const common = {
    kind: line.kind,
    description: line.description.trim() || null,
    quantity: typedDecimal(locale, line.quantity) ?? line.quantity.trim(),
    unit: line.unit.trim(),
    target_price: line.target_price.trim() ? (typedDecimal(locale, line.target_price) ?? line.target_price.trim()) : null,
    target_visible: line.target_visible,
    note: line.note.trim() || null,
  };
  if (line.kind === "sku") return { ...common, tenant_id: line.tenant_id, sku: line.sku.trim() };
  if (line.kind === "category") {
    const attributes = Object.fromEntries(Object.entries(line.attributes).filter(([, value]) => value.trim() !== ""));
    return { ...common, category_id: line.category_id, attributes };
  }
  return common;
}

/** The draft as the API takes it: decimals as strings, the deadline as an ISO moment. */
export function toRfqIn(locale: Locale, draft: RfqDraft): RfqIn {
  return {
    marketplace: draft.marketplace,
    title: draft.title.trim(),
    currency: draft.currency,
    deadline: new Date(draft.deadline).toISOString(),
    delivery_date: draft.delivery_date || null,
    delivery_location_id: draft.delivery_location_id || null,
    payment_terms_days: draft.payment_terms_days.trim() ? Number(draft.payment_terms_days) : null,
    note: draft.note.trim() || null,
    sealed: draft.sealed,
    lines: draft.lines.map((line) => lineIn(locale, line)),
  };
}

/** A saved draft back into the wizard's form (`marketplace`: the slug of its marketplace). */
export function fromRfq(locale: Locale, rfq: Rfq, marketplace: string): RfqDraft {
  return {
    title: rfq.title,
    marketplace,
    currency: rfq.currency,
    deadline: localDateTime(new Date(rfq.deadline)),
    delivery_date: rfq.delivery_date ?? "",
    delivery_location_id: rfq.delivery_location_id ?? "",
    payment_terms_days: rfq.payment_terms_days == null ? "" : String(rfq.payment_terms_days),
    sealed: rfq.sealed,
    note: rfq.note ?? "",
    lines: rfq.lines.map((line) =>
      emptyLine(lineKind(line.kind), {
        tenant_id: line.tenant_id ?? "",
        sku: line.sku ?? "",
        category_id: line.category_id ?? "",
        attributes: Object.fromEntries(Object.entries(line.attributes ?? {}).map(([code, value]) => [code, String(value)])),
        description: line.description,
        unit: line.unit,
        quantity: formatDecimalInput(locale, line.quantity),
        target_price: line.target_price ? formatDecimalInput(locale, line.target_price) : "",
        target_visible: line.target_visible,
        note: line.note ?? "",
      }),
    ),
  };
}

function lineKind(kind: string): LineKind {
  return kind === "sku" || kind === "category" ? kind : "text";
}

/** The estimated value the approval rules see: Σ target × quantity (lines without a target count 0), exact to the cent. */
export function estimatedValue(locale: Locale, lines: readonly LineDraft[]): string {
  let cents = 0n;
  for (const line of lines) {
    const price = typedDecimal(locale, line.target_price);
    const quantity = typedDecimal(locale, line.quantity);
    if (price === null || quantity === null) continue;
    cents += scaled(price, 4) * scaled(quantity, 4);
  }
  // two factors at 4 decimals each: 8 decimals, rounded half up to 2
  const rounded = (cents + 500_000n) / 1_000_000n;
  const text = rounded.toString().padStart(3, "0");
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

function scaled(value: string, places: number): bigint {
  const [int = "0", frac = ""] = value.split(".");
  return BigInt(int + frac.slice(0, places).padEnd(places, "0"));
}
