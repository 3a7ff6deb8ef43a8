import { INTL_TAG, type Locale } from "../i18n/format";

/**
 * Decimal strings as the API carries them ("0.085000"). Compared and validated as
 * text: never turned into JS floats (prices are only ever displayed).
 */

const DECIMAL_RE = /^\d{1,14}(\.\d+)?$/;

/** A non-negative decimal with at most `scale` digits after the point. */
export function isDecimal(value: string, scale = 6): boolean {
  const v = value.trim();
  if (!DECIMAL_RE.test(v)) return false;
  const fraction = v.split(".")[1] ?? "";
  return fraction.length <= scale;
}

/** "007.500" → "7.5"; "0.000" → "0". */
export function normaliseDecimal(value: string): string {
  const [rawInt = "0", rawFrac = ""] = value.trim().split(".");
  const int = rawInt.replace(/^0+(?=\d)/, "") || "0";
  const frac = rawFrac.replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

/** Compares two non-negative decimal strings exactly: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const [ai = "0", af = ""] = normaliseDecimal(a).split(".");
  const [bi = "0", bf = ""] = normaliseDecimal(b).split(".");
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const ap = af.padEnd(width, "0");
  const bp = bf.padEnd(width, "0");
  if (ap === bp) return 0;
  return ap < bp ? -1 : 1;
}

export function isZero(value: string): boolean {
  return normaliseDecimal(value) === "0";
}

/** The decimal mark and the thousands separator of the UI language ("," and "." in Romanian). */
export function separators(locale: Locale): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(INTL_TAG[locale]).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    group: parts.find((p) => p.type === "group")?.value ?? ",",
  };
}

const SPACES = /[\s\u00a0\u202f]/g;
const HAS_SPACE = /[\s\u00a0\u202f]/;

/**
 * A number typed in the UI language → the API's decimal string, or null when it is not
 * a plain non-negative number. The language's marks are read as it writes them
 * ("1.234,5" in Romanian, "1,234.5" in English); its thousands separator only between
 * whole groups of three digits. The other language's decimal mark is taken as one only
 * where it cannot be a thousands separator ("0.09" in Romanian is 0,09; "1.000" is
 * one thousand). Nothing is guessed per value beyond that, and no float is involved.
 */
export function parseDecimal(locale: Locale, text: string): string | null {
  const { decimal, group } = separators(locale);
  // spaces (and the no-break spaces some languages group with) separate thousands too
  const trimmed = text.trim();
  const value = trimmed.replace(SPACES, group);
  const digits = (int: string): string | null => {
    if (/^\d+$/.test(int)) return int;
    const groups = int.split(group);
    const [head = "", ...rest] = groups;
    if (!/^\d{1,3}$/.test(head) || !rest.every((g) => /^\d{3}$/.test(g))) return null;
    return groups.join("");
  };
  if (value.includes(decimal)) {
    const [int = "", frac = "", ...more] = value.split(decimal);
    const whole = digits(int);
    if (more.length || whole === null || !/^\d+$/.test(frac)) return null;
    return `${whole}.${frac}`;
  }
  const whole = digits(value);
  if (whole !== null) return whole;
  // one foreign decimal mark that cannot be a thousands separator ("0.5", "12.25")
  const match = HAS_SPACE.test(trimmed) ? null : new RegExp(`^(\\d+)${escapeRegExp(group)}(\\d+)$`).exec(value);
  return match ? `${match[1]}.${match[2]}` : null;
}

/** An API decimal string → text for an input in the UI language ("0.090000" → "0,09" in Romanian). */
export function formatDecimalInput(locale: Locale, value: string): string {
  return normaliseDecimal(value).replace(".", separators(locale).decimal);
}

/** A typed number, checked like ``isDecimal`` (at most ``scale`` decimals), as the API's string. */
export function typedDecimal(locale: Locale, text: string, scale = 6): string | null {
  const parsed = parseDecimal(locale, text);
  return parsed !== null && isDecimal(parsed, scale) ? parsed : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
