import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { I18nContext, type I18n, type MessageVars } from "./context";
import { I18nextProvider } from "react-i18next";
import { formatCurrency, formatDate, formatDateTime, formatNumber, formatRelative, INTL_TAG, isLocale, type Locale } from "./format";
import { i18n } from "./instance";
import type { CountedKey, MessageKey } from "./messages";

export const LOCALE_STORAGE_KEY = "hansa.locale";

export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    /* storage blocked */
  }
  return "en";
}

type Lookup = (key: string, vars?: MessageVars) => string;

/** `vars.count` (a number) picks a counted message's form, `<key>_one` / `_few` / `_other`,
 * by the language's plural rules (i18next), and is shown formatted ("1.000" in Romanian).
 * An unknown key (a role the UI does not know yet) comes back as itself. */
export function translate(locale: Locale, key: MessageKey | CountedKey, vars?: MessageVars): string {
  return lookupIn(locale)(key, vars);
}

const LOOKUPS = new Map<Locale, Lookup>();

/** i18next's `t` fixed to one language (our catalogs are one namespace, "translation"). */
function lookupIn(locale: Locale): Lookup {
  let lookup = LOOKUPS.get(locale);
  if (!lookup) {
    lookup = i18n.getFixedT(locale);
    LOOKUPS.set(locale, lookup);
  }
  return lookup;
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? storedLocale());

  useEffect(() => {
    document.documentElement.lang = INTL_TAG[locale].slice(0, 2);
    // for react-i18next's own hooks; our `t` is fixed to `locale` already
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
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

  return (
    <I18nextProvider i18n={i18n}>
      <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
    </I18nextProvider>
  );
}
