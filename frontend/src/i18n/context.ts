import { createContext, useContext } from "react";
import type { Locale } from "./format";
import type { MessageKey } from "./messages";

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  currency: (amount: number, currency: string) => string;
  date: (value: Date | string | number) => string;
  dateTime: (value: Date | string | number) => string;
  relative: (value: Date | string | number) => string;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside <I18nProvider>");
  return value;
}
