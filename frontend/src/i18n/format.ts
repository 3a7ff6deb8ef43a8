export type Locale = "en" | "ro";

export const LOCALES: readonly Locale[] = ["en", "ro"];

/** The BCP 47 tag Intl uses for each UI language (English with European dates and numbers). */
export const INTL_TAG: Record<Locale, string> = { en: "en-GB", ro: "ro-RO" };

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "ro";
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The CLDR plural category of `count` in this language: English has one/other,
 * Romanian one (1), few (0, 2–19, 101–119, …) and other (20–100, …). */
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(INTL_TAG[locale]);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

function toDate(value: Date | string | number): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(INTL_TAG[locale], options).format(value);
}

export function formatCurrency(locale: Locale, amount: number, currency: string): string {
  return new Intl.NumberFormat(INTL_TAG[locale], { style: "currency", currency }).format(amount);
}

export function formatDate(locale: Locale, value: Date | string | number): string {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: "medium" }).format(date) : String(value);
}

export function formatDateTime(locale: Locale, value: Date | string | number): string {
  const date = toDate(value);
  return date
    ? new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: "medium", timeStyle: "short" }).format(date)
    : String(value);
}

/** "3 days ago" / "acum 3 zile", relative to `now`. */
export function formatRelative(locale: Locale, value: Date | string | number, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return String(value);
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(INTL_TAG[locale], { numeric: "auto" });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(seconds, "second");
}
