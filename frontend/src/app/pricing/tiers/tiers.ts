import { z } from "zod";
import type { Locale } from "../../../i18n/format";
import type { MessageKey } from "../../../i18n/messages";
import { compareDecimal, isDecimal, isZero, parseDecimal } from "../../../lib/decimal";

export interface TierDraft {
  min_qty: string;
  unit_price: string;
}

export interface TierErrors {
  /** per row: field → message key */
  rows: Partial<Record<"min_qty" | "unit_price", MessageKey>>[];
  /** about the whole table (no tier at all) */
  table: MessageKey | null;
}

/** The tiers as the API wants them: typed numbers (in the UI language) as decimal strings. */
export function tiersPayload(locale: Locale, tiers: readonly TierDraft[]): TierDraft[] {
  return tiers.map((tier) => ({
    min_qty: parseDecimal(locale, tier.min_qty) ?? tier.min_qty.trim(),
    unit_price: parseDecimal(locale, tier.unit_price) ?? tier.unit_price.trim(),
  }));
}

/**
 * Checks quantity tiers as the API will: at least one; every minimum quantity a
 * positive decimal (≤ 3 decimals), strictly ascending and distinct; every unit price
 * a non-negative decimal with at most 6 decimals. Numbers are typed in the UI
 * language ("0,09" in Romanian); compared as text, never as floats.
 */
export function validateTiers(tiers: readonly TierDraft[], locale: Locale = "en"): TierErrors {
  const rows: TierErrors["rows"] = tiers.map(() => ({}));
  const table: MessageKey | null = tiers.length === 0 ? "tiers.atLeastOne" : null;
  const parsed = tiersPayload(locale, tiers);
  tiers.forEach((tier, i) => {
    const row = rows[i]!;
    const qty = parsed[i]!.min_qty;
    const price = parsed[i]!.unit_price;
    if (!tier.min_qty.trim()) row.min_qty = "validation.required";
    else if (!isDecimal(qty, 3) || isZero(qty)) row.min_qty = "validation.positiveDecimal";
    if (!tier.unit_price.trim()) row.unit_price = "validation.required";
    else if (!isDecimal(price, 20)) row.unit_price = "validation.price";
    else if (!isDecimal(price, 6)) row.unit_price = "tiers.tooManyDecimals";
  });
  // ascending and distinct, among the rows whose quantity is valid
  for (let i = 1; i < tiers.length; i += 1) {
    const row = rows[i]!;
    if (row.min_qty) continue;
    for (let j = 0; j < i; j += 1) {
      if (rows[j]!.min_qty) continue;
      const order = compareDecimal(parsed[j]!.min_qty, parsed[i]!.min_qty);
      if (order === 0) {
        row.min_qty = "tiers.duplicate";
        break;
      }
      if (order > 0) {
        row.min_qty = "tiers.notAscending";
        break;
      }
    }
  }
  return { rows, table };
}

export function hasTierErrors(errors: TierErrors): boolean {
  return errors.table !== null || errors.rows.some((r) => Object.keys(r).length > 0);
}

/** What the item form holds: the SKU and its tiers, as typed. */
export interface ItemValues {
  sku: string;
  tiers: TierDraft[];
}

/**
 * The item form's schema: the SKU and {@link validateTiers}' verdicts on the fields
 * (messages in the UI language), and, once valid, the tiers as the API's decimal
 * strings (typed numbers read in the UI language).
 */
export function itemSchema(t: (key: MessageKey) => string, locale: Locale, skuPattern: RegExp) {
  return z
    .object({ sku: z.string(), tiers: z.array(z.object({ min_qty: z.string(), unit_price: z.string() })) })
    .superRefine((values, ctx) => {
      const sku = values.sku.trim();
      if (!sku) ctx.addIssue({ code: "custom", path: ["sku"], message: t("validation.required") });
      else if (!skuPattern.test(sku)) ctx.addIssue({ code: "custom", path: ["sku"], message: t("validation.sku") });
      const errors = validateTiers(values.tiers, locale);
      if (errors.table) ctx.addIssue({ code: "custom", path: ["tiers"], message: t(errors.table) });
      errors.rows.forEach((row, i) => {
        for (const [field, key] of Object.entries(row)) ctx.addIssue({ code: "custom", path: ["tiers", i, field], message: t(key) });
      });
    })
    .transform((values) => ({ sku: values.sku.trim(), tiers: tiersPayload(locale, values.tiers) }));
}
