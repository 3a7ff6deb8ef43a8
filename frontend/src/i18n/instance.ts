import i18next, { type FormatterModule } from "i18next";
import { initReactI18next } from "react-i18next";
import { formatNumber, isLocale, type Locale } from "./format";
import { en } from "./messages";
import { ro } from "./ro";

/**
 * Our catalogs keep `{name}` placeholders (not i18next's `{{name}}`) and dotted keys
 * (no nesting): the instance is configured for them. A counted message's `{count}` is
 * shown formatted in the language ("1.000" in Romanian); every other value as given.
 */
const countFormatter: FormatterModule = {
  type: "formatter",
  init() {},
  add() {},
  addCached() {},
  format(value: unknown, _format, lng, options) {
    const key = (options as { interpolationkey?: string } | undefined)?.interpolationkey;
    if (key === "count" && typeof value === "number" && isLocale(lng ?? null)) return formatNumber(lng as Locale, value);
    return value as string; // i18next turns any other value into text itself
  },
};

/** One catalog per language (`messages.ts` is English and the key list, `ro.ts` Romanian). */
export const catalogs = { en, ro } as const;

export const i18n = i18next.createInstance();
void i18n
  .use(countFormatter)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: catalogs.en }, ro: { translation: catalogs.ro } },
    lng: "en",
    supportedLngs: ["en", "ro"],
    fallbackLng: false,
    initAsync: false, // the catalogs are bundled: ready before the first render
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
    interpolation: { prefix: "{", suffix: "}", escapeValue: false, alwaysFormat: true },
    react: { useSuspense: false },
  });
