import { compareDecimal, isZero, normaliseDecimal } from "../../../lib/decimal";
import type { AwardIn, AwardSplit, Comparison, ComparisonCell, ComparisonLine } from "./api/types";

/**
 * The comparison's rules, as plain functions over the API's decimal strings (exact:
 * BigInt fixed point, never floats): the best offers per line, the totals of a selection,
 * "award all cheapest", splits, and the award's body.
 */

/** Per line, who to award how much: no entry (or none) means the line is not awarded. */
export type Selection = Record<string, AwardSplit[]>;

const SCALE = 6;

function toFixed(value: string): bigint {
  const negative = value.trim().startsWith("-");
  const [int = "0", frac = ""] = normaliseDecimal(value.trim().replace(/^-/, "")).split(".");
  const scaled = BigInt(int + frac.slice(0, SCALE).padEnd(SCALE, "0"));
  return negative ? -scaled : scaled;
}

/** A fixed-point value back to a decimal string with at least `minPlaces` decimals. */
function fromFixed(value: bigint, minPlaces = 0): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, "0");
  const [int = "0", frac = ""] = normaliseDecimal(`${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`).split(".");
  const fraction = frac.padEnd(minPlaces, "0");
  return `${negative ? "-" : ""}${int}${fraction ? `.${fraction}` : ""}`;
}

export function addDecimals(...values: string[]): string {
  return fromFixed(values.reduce((sum, v) => sum + toFixed(v), 0n), 2);
}

/** price × quantity, to the cent (half up). */
export function multiplyDecimals(price: string, quantity: string): string {
  const product = toFixed(price) * toFixed(quantity); // scale 12
  const cents = (product + 5n * 10n ** BigInt(2 * SCALE - 3)) / 10n ** BigInt(2 * SCALE - 2);
  return fromFixed(cents * 10n ** BigInt(SCALE - 2), 2);
}

/** A cell that can be compared and awarded: quoted, priced, from a live quote (not expired or withdrawn). */
export function quoted(cell: ComparisonCell | undefined): cell is ComparisonCell & { unit_price: string; line_total: string } {
  return cell !== undefined && cell.status === "quoted" && cell.live !== false && cell.unit_price != null && cell.line_total != null;
}

/** A line's marks: the suppliers with the lowest line total and those with the shortest lead time (ties all marked). */
export function bestOfLine(line: ComparisonLine): { cheapest: string[]; fastest: string[] } {
  const offers = (line.cells ?? []).filter(quoted);
  const cheapest: string[] = [];
  let low: string | null = null;
  for (const cell of offers) {
    const order = low === null ? -1 : compareDecimal(cell.line_total, low);
    if (order < 0) {
      low = cell.line_total;
      cheapest.length = 0;
    }
    if (order <= 0) cheapest.push(cell.tenant_id);
  }
  const timed = offers.filter((cell) => cell.lead_time_days != null);
  const soonest = timed.length ? Math.min(...timed.map((cell) => cell.lead_time_days as number)) : null;
  const fastest = soonest === null ? [] : timed.filter((cell) => cell.lead_time_days === soonest).map((cell) => cell.tenant_id);
  return { cheapest, fastest };
}

/** Each supplier's total over the lines it quoted, at the asked quantities. */
export function supplierTotals(comparison: Comparison): Record<string, string> {
  const totals: Record<string, string> = {};
  for (const supplier of comparison.suppliers) totals[supplier.tenant_id] = "0.00";
  for (const line of comparison.lines) {
    for (const cell of line.cells ?? []) if (quoted(cell)) totals[cell.tenant_id] = addDecimals(totals[cell.tenant_id] ?? "0", cell.line_total);
  }
  return totals;
}

/** Every line with an offer to its cheapest supplier (the first of a tie, in the matrix's order), whole quantity. */
export function awardAllCheapest(comparison: Comparison): Selection {
  const selection: Selection = {};
  for (const line of comparison.lines) {
    const { cheapest } = bestOfLine(line);
    const winner = comparison.suppliers.map((s) => s.tenant_id).find((id) => cheapest.includes(id));
    if (winner) selection[line.id] = [{ tenant_id: winner, quantity: normaliseDecimal(line.quantity) }];
  }
  return selection;
}

/** The whole line to one supplier, or (null) not awarded. */
export function selectWinner(selection: Selection, line: ComparisonLine, tenantId: string | null): Selection {
  const next = { ...selection };
  if (tenantId === null) delete next[line.id];
  else next[line.id] = [{ tenant_id: tenantId, quantity: normaliseDecimal(line.quantity) }];
  return next;
}

/** What is wrong with a line's splits: a share without quantity, one supplier twice, a supplier without a live
 * quote for it, more than the asked quantity in all (less is a part awarded, as the API allows). */
export function splitProblem(line: ComparisonLine, splits: readonly AwardSplit[]): "empty" | "duplicate" | "notQuoted" | "sum" | null {
  if (splits.length === 0) return null;
  if (splits.some((s) => !s.quantity || isZero(s.quantity))) return "empty";
  if (new Set(splits.map((s) => s.tenant_id)).size !== splits.length) return "duplicate";
  if (splits.some((s) => !quoted((line.cells ?? []).find((c) => c.tenant_id === s.tenant_id)))) return "notQuoted";
  const sum = addDecimals(...splits.map((s) => s.quantity));
  return compareDecimal(sum, line.quantity) > 0 ? "sum" : null;
}

/** The cost of the selection per supplier: the quoted line total for a whole line, unit price × quantity for a part. */
export function selectionTotals(comparison: Comparison, selection: Selection): Record<string, string> {
  const totals: Record<string, string> = {};
  for (const line of comparison.lines) {
    for (const split of selection[line.id] ?? []) {
      const cell = (line.cells ?? []).find((c) => c.tenant_id === split.tenant_id);
      if (!quoted(cell)) continue;
      const cost = compareDecimal(split.quantity, line.quantity) === 0 ? cell.line_total : multiplyDecimals(cell.unit_price, split.quantity);
      totals[split.tenant_id] = addDecimals(totals[split.tenant_id] ?? "0", cost);
    }
  }
  return totals;
}

/** The suppliers the selection awards something to, in the matrix's order. */
export function awardedSuppliers(comparison: Comparison, selection: Selection): string[] {
  const chosen = new Set(Object.values(selection).flatMap((splits) => splits.map((s) => s.tenant_id)));
  return comparison.suppliers.map((s) => s.tenant_id).filter((id) => chosen.has(id));
}

/** The award's body from the selection and the dialog's choices (lines left out are not awarded). */
export function awardBody(comparison: Comparison, selection: Selection, orders: AwardIn["orders"], contract: AwardIn["contract"]): AwardIn {
  const lines = comparison.lines.filter((line) => (selection[line.id] ?? []).length > 0).map((line) => ({ line_id: line.id, splits: selection[line.id] ?? [] }));
  return { lines, orders, contract };
}
