import { createContext, useContext } from "react";
import type { Locale } from "./format";
import type { CountedKey, MessageKey } from "./messages";

export type MessageVars = Record<string, string | number>;

/** A counted message picks its plural form by `count` (formatted in the language). */
export interface Translate {
  (key: CountedKey, vars: MessageVars & { count: number }): string;
  (key: MessageKey, vars?: MessageVars): string;
}

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
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
