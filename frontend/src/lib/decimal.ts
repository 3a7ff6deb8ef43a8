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
