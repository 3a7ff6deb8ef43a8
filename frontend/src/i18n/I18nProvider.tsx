import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { I18nContext, type I18n, type MessageVars } from "./context";
import { formatCurrency, formatDate, formatDateTime, formatNumber, formatRelative, INTL_TAG, isLocale, pluralCategory, type Locale } from "./format";
import { en, type CountedKey, type MessageKey } from "./messages";
import { ro } from "./ro";

export const LOCALE_STORAGE_KEY = "hansa.locale";

type Dictionary = Partial<Record<string, string>>;

const DICTIONARIES: Record<Locale, Dictionary> = { en, ro };

export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    /* storage blocked */
  }
  return "en";
}

function template(locale: Locale, key: string, count: unknown): string {
  const dictionary: Dictionary = DICTIONARIES[locale];
  const counted = typeof count === "number" ? (dictionary[`${key}_${pluralCategory(locale, count)}`] ?? dictionary[`${key}_other`]) : undefined;
  // an unknown key (a role the UI does not know yet) comes back as itself
  return counted ?? dictionary[key] ?? key;
}

/** `vars.count` (a number) picks a counted message's form, `<key>_one` / `_few` / `_other`,
 * by the language's plural rules, and is shown formatted ("1.000" in Romanian). */
export function translate(locale: Locale, key: MessageKey | CountedKey, vars?: MessageVars): string {
  const text = template(locale, key, vars?.count);
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in vars)) return whole;
    const value = vars[name];
    return name === "count" && typeof value === "number" ? formatNumber(locale, value) : String(value);
  });
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? storedLocale());

  useEffect(() => {
    document.documentElement.lang = INTL_TAG[locale].slice(0, 2);
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      /* storage blocked: the choice lasts for this page */
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key: MessageKey | CountedKey, vars?: MessageVars) => translate(locale, key, vars),
      number: (n, options) => formatNumber(locale, n, options),
      currency: (amount, currency) => formatCurrency(locale, amount, currency),
      date: (d) => formatDate(locale, d),
      dateTime: (d) => formatDateTime(locale, d),
      relative: (d) => formatRelative(locale, d),
    }),
    [locale, setLocale],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
