import type { Locale } from "../../i18n/format";
import { typedDecimal } from "../../lib/decimal";
import type { QuickOrderReport, QuickRowIn, QuickRowOut } from "./api/cart";

/**
 * The rows a quick order works on once checked: each keeps the line the user typed, pasted
 * or uploaded it on (`line`), so the report points there even after the rows are sent again
 * as typed rows (a chosen supplier, an accepted suggestion).
 */
export interface WorkingRow {
  line: number;
  sku: string;
  quantity: string;
  supplier?: string;
}

export interface GridRow {
  sku: string;
  quantity: string;
}

export const GRID_ROWS = 5;
export const MAX_PASTE_LINES = 10_000;

export function emptyGrid(count = GRID_ROWS): GridRow[] {
  return Array.from({ length: count }, () => ({ sku: "", quantity: "" }));
}

/** A quantity as the API reads it: the user's locale separators understood ("1.234,5" in
 * Romanian), else the text as typed, which the server reports as a bad quantity. */
export function apiQuantity(locale: Locale, text: string): string {
  return typedDecimal(locale, text) ?? text.trim();
}

/** The grid's filled rows (a blank row is skipped), numbered as the grid shows them. */
export function gridRows(locale: Locale, grid: GridRow[]): WorkingRow[] {
  return grid.flatMap((row, index) =>
    row.sku.trim() || row.quantity.trim() ? [{ line: index + 1, sku: row.sku.trim(), quantity: apiQuantity(locale, row.quantity) }] : [],
  );
}

/** How many non-blank lines a paste holds (the server takes at most MAX_PASTE_LINES). */
export function pastedLineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== "").length;
}

/** The rows of a report resolved from a paste or a file, to work on as typed rows. */
export function rowsFromReport(report: QuickOrderReport): WorkingRow[] {
  return report.rows.map((row) => ({
    line: row.row,
    sku: row.sku,
    quantity: row.quantity ?? row.quantity_text,
    ...(row.supplier && row.status !== "ambiguous" ? { supplier: row.supplier.slug } : {}),
  }));
}

/** The working rows as the API's typed rows: the server numbers them 1..n in this order. */
export function requestRows(rows: WorkingRow[]): QuickRowIn[] {
  return rows.map((row) => ({ sku: row.sku, quantity: row.quantity, ...(row.supplier ? { supplier: row.supplier } : {}) }));
}

/** The line the user sees for a report row answered on typed rows (1..n). */
export function lineOf(rows: WorkingRow[], reportRow: QuickRowOut): number {
  return rows[reportRow.row - 1]?.line ?? reportRow.row;
}

export function withQuantity(rows: WorkingRow[], index: number, quantity: string): WorkingRow[] {
  return rows.map((row, i) => (i === index ? { ...row, quantity } : row));
}

export function withSupplier(rows: WorkingRow[], index: number, supplier: string): WorkingRow[] {
  return rows.map((row, i) => (i === index ? { ...row, supplier } : row));
}

/** Every suggested quantity accepted at once. */
export function withAllSuggestions(rows: WorkingRow[], report: QuickOrderReport): WorkingRow[] {
  const suggested = new Map(report.rows.filter((r) => r.suggested_quantity).map((r) => [r.row - 1, r.suggested_quantity as string]));
  return rows.map((row, i) => (suggested.has(i) ? { ...row, quantity: suggested.get(i) as string } : row));
}

/** Rows by status, for the report's filters: rejected and ambiguous first (they need the user). */
export function needingAttention(report: QuickOrderReport): QuickRowOut[] {
  const rank = { ambiguous: 0, rejected: 1, accepted: 2 } as const;
  return [...report.rows].sort((a, b) => rank[a.status] - rank[b.status] || a.row - b.row);
}

/** A report answered on a paste or a file is numbered by line; once its rows are worked on
 * as typed rows (rowsFromReport), its rows are numbered 1..n like the next answers. */
export function typedNumbering(report: QuickOrderReport): QuickOrderReport {
  return { ...report, rows: report.rows.map((row, index) => ({ ...row, row: index + 1 })) };
}

export const SHOWN_READY = 100;

/** What the report table shows: every row needing the user, then at most SHOWN_READY ready rows. */
export function shownRows(report: QuickOrderReport): { rows: QuickRowOut[]; hiddenReady: number } {
  const sorted = needingAttention(report);
  const attention = sorted.filter((row) => row.status !== "accepted");
  const ready = sorted.filter((row) => row.status === "accepted");
  return { rows: [...attention, ...ready.slice(0, SHOWN_READY)], hiddenReady: Math.max(0, ready.length - SHOWN_READY) };
}
