import { INTL_TAG, type Locale } from "../i18n/format";
import { normaliseDecimal } from "./decimal";

/**
 * A Decimal string from the API as money in the UI language ("1.234,50 RON").
 * Intl formats the string exactly (no float conversion); up to 6 decimals are kept
 * so a unit price of 0.085 is not shown as 0.09.
 */
export function formatMoney(locale: Locale, amount: string, currency: string): string {
  const value = normaliseDecimal(amount) as Intl.StringNumericLiteral;
  try {
    return new Intl.NumberFormat(INTL_TAG[locale], { style: "currency", currency, maximumFractionDigits: 6 }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A Decimal string quantity ("100.000") in the UI language, exactly. */
export function formatQuantity(locale: Locale, amount: string): string {
  const value = normaliseDecimal(amount) as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 6 }).format(value);
}
