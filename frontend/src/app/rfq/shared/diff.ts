import { compareDecimal, isDecimal } from "../../../lib/decimal";
import type { FieldChange, LineDiff, QuoteTerms, Revision, RevisionDiff, RevisionLine } from "./types";

/** The fields of a line a diff compares, in the order it lists them. */
export const LINE_FIELDS = ["status", "unit_price", "breaks", "moq", "lead_time_days", "sku", "alternative", "note"] as const;
/** The whole-quote terms a diff compares. */
export const TERM_FIELDS = ["payment_terms_days", "incoterms", "delivery_terms", "valid_until", "note"] as const;

/** Decimals compare by value ("9.50" is "9.5"), the rest by their JSON. */
function same(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a === "string" && typeof b === "string" && isDecimal(a) && isDecimal(b)) return compareDecimal(a, b) === 0;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function changes<T extends object>(fields: readonly string[], before: T | undefined, after: T | undefined): FieldChange[] {
  const read = (value: T | undefined, field: string): unknown => (value ? (value as Record<string, unknown>)[field] : undefined);
  return fields.filter((field) => !same(read(before, field), read(after, field))).map((field) => ({ field, old: read(before, field) ?? null, new: read(after, field) ?? null }));
}

/**
 * Revision `next` against `previous` (the server sends this diff with each revision;
 * the UI computes it only where a revision came without one): per line, each field
 * that changed, and the terms that changed. Lines in the order of `next`.
 */
export function diffRevisions(previous: Revision, next: Revision): RevisionDiff {
  const before = new Map<string, RevisionLine>(previous.lines.map((line) => [line.line_id, line]));
  const lines: LineDiff[] = [];
  for (const line of next.lines) {
    const found = changes(LINE_FIELDS, before.get(line.line_id), line);
    if (found.length) lines.push({ line_id: line.line_id, changes: found });
  }
  return { lines, terms: changes<QuoteTerms>(TERM_FIELDS, previous, next) };
}

/** The diff of a revision: the server's, else computed against the revision before it. */
export function revisionDiff(revisions: readonly Revision[], revision: Revision): RevisionDiff | null {
  if (revision.diff) return revision.diff;
  const previous = revisions.find((r) => r.number === revision.number - 1);
  return previous ? diffRevisions(previous, revision) : null;
}
