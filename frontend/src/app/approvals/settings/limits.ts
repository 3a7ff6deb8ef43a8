import { z } from "zod";
import type { I18n } from "../../../i18n/context";
import type { Locale } from "../../../i18n/format";
import { formatDecimalInput } from "../../../lib/decimal";
import { decimalText } from "../../../lib/forms";
import type { CurrencyLimit } from "../api/approvals";

export interface LimitRow {
  currency: string;
  per_order: string;
  per_month: string;
}

export interface LimitValues {
  limits: LimitRow[];
}

export function limitRows(locale: Locale, limits: CurrencyLimit[]): LimitRow[] {
  const text = (value: string | null | undefined) => (value ? formatDecimalInput(locale, value) : "");
  return limits.map((l) => ({ currency: l.currency, per_order: text(l.per_order), per_month: text(l.per_month) }));
}

/** A member's limits typed in the UI language (decimal commas in Romanian) → the API's decimal strings. */
export function limitsSchema(t: I18n["t"], locale: Locale) {
  const amount = decimalText(locale, { scale: 4, optional: true, message: t("approvalSettings.amountFormat") });
  return z
    .object({
      limits: z.array(z.object({ currency: z.string().regex(/^[A-Z]{3}$/, t("approvalSettings.currencyFormat")), per_order: amount, per_month: amount })),
    })
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.limits.forEach((row, index) => {
        if (seen.has(row.currency)) ctx.addIssue({ code: "custom", path: ["limits", index, "currency"], message: t("approvalSettings.currencyTwice") });
        seen.add(row.currency);
      });
    });
}
