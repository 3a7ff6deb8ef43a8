import { normaliseDecimal } from "../../../../lib/decimal";

/**
 * Exact arithmetic on the API's non-negative decimal strings (BigInt scaled by the digits
 * after the point): live totals never pass through floats.
 */
interface Scaled {
  units: bigint;
  scale: number;
}

function scaled(value: string): Scaled {
  const [int = "0", frac = ""] = normaliseDecimal(value).split(".");
  return { units: BigInt(int + frac), scale: frac.length };
}

function text({ units, scale }: Scaled): string {
  const digits = units.toString().padStart(scale + 1, "0");
  if (scale === 0) return digits;
  return normaliseDecimal(`${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function multiplyDecimal(a: string, b: string): string {
  const x = scaled(a);
  const y = scaled(b);
  return text({ units: x.units * y.units, scale: x.scale + y.scale });
}

export function addDecimal(a: string, b: string): string {
  const x = scaled(a);
  const y = scaled(b);
  const scale = Math.max(x.scale, y.scale);
  return text({ units: rescale(x, scale) + rescale(y, scale), scale });
}

/** Rounded half up to `places` decimals ("12.345" → "12.35"). */
export function roundDecimal(value: string, places: number): string {
  const x = scaled(value);
  if (x.scale <= places) return text(x);
  const drop = 10n ** BigInt(x.scale - places);
  const units = (x.units + drop / 2n) / drop;
  return text({ units, scale: places });
}
