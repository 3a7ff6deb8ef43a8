import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { I18nContext, type I18n } from "./context";
import { formatCurrency, formatDate, formatDateTime, formatNumber, formatRelative, INTL_TAG, isLocale, type Locale } from "./format";
import { en, type MessageKey, type Messages } from "./messages";
import { ro } from "./ro";

export const LOCALE_STORAGE_KEY = "hansa.locale";

const DICTIONARIES: Record<Locale, Messages> = { en, ro };

export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    /* storage blocked */
  }
  return "en";
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  // an unknown key (a role the UI does not know yet) comes back as itself
  const template: string = (DICTIONARIES[locale] as Partial<Messages>)[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
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
      t: (key, vars) => translate(locale, key, vars),
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
