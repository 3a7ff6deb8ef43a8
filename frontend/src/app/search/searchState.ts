import type { SearchParams } from "./api/search";
import type { Highlight } from "./api/types";

/**
 * The results page's state lives in its URL (shareable; the back button steps through it):
 * `q`, `f.<field>` once per chosen value (OR within a facet, AND across facets),
 * `r.<field>=<min>..<max>` for a numeric range (API decimals, either end may be empty),
 * `in_stock=1`, `sort`, `cursor`. `toApiQuery` is the one place that speaks the API's syntax.
 */
export const SORTS = ["relevance", "name", "-name", "newest", "price", "-price", "lead_time"] as const;
export type Sort = (typeof SORTS)[number];

export interface Range {
  min: string | null;
  max: string | null;
}

export interface SearchState {
  q: string;
  terms: Record<string, string[]>;
  ranges: Record<string, Range>;
  inStock: boolean;
  sort: Sort;
  cursor: string | null;
}

export function readState(params: URLSearchParams): SearchState {
  const terms: Record<string, string[]> = {};
  const ranges: Record<string, Range> = {};
  for (const [key, value] of params) {
    if (key.startsWith("f.") && value) (terms[key.slice(2)] ??= []).push(value);
    if (key.startsWith("r.")) {
      const [min = "", max = ""] = value.split("..");
      if (min || max) ranges[key.slice(2)] = { min: min || null, max: max || null };
    }
  }
  const sort = params.get("sort") ?? "";
  return {
    q: params.get("q") ?? "",
    terms,
    ranges,
    inStock: params.get("in_stock") === "1",
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : "relevance",
    cursor: params.get("cursor"),
  };
}

export function writeState(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const field of Object.keys(state.terms).sort()) for (const value of state.terms[field] ?? []) params.append(`f.${field}`, value);
  for (const field of Object.keys(state.ranges).sort()) {
    const range = state.ranges[field];
    if (range && (range.min || range.max)) params.set(`r.${field}`, `${range.min ?? ""}..${range.max ?? ""}`);
  }
  if (state.inStock) params.set("in_stock", "1");
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.cursor) params.set("cursor", state.cursor);
  return params;
}

/** A value of a facet ticked or unticked; any narrowing starts again at the first page. */
export function toggleTerm(state: SearchState, field: string, value: string, on: boolean): SearchState {
  const current = state.terms[field] ?? [];
  const next = on ? [...current.filter((v) => v !== value), value] : current.filter((v) => v !== value);
  const terms = { ...state.terms, [field]: next };
  if (next.length === 0) delete terms[field];
  return { ...state, terms, cursor: null };
}

export function setRange(state: SearchState, field: string, range: Range): SearchState {
  const ranges = { ...state.ranges, [field]: range };
  if (!range.min && !range.max) delete ranges[field];
  return { ...state, ranges, cursor: null };
}

/**
 * The API's query: `filters` is JSON (`{"category": ["…"], "price": {"min": "1.5"}}`).
 * `category`: the listing's category (descendants included) instead of the category facet's values.
 */
export function toApiQuery(state: SearchState, limit: number, category?: string | null): SearchParams {
  const filters: Record<string, string[] | Range> = { ...state.terms };
  if (category) filters.category = [category];
  for (const [field, range] of Object.entries(state.ranges)) filters[field] = range;
  return {
    q: state.q || null,
    filters: Object.keys(filters).length ? JSON.stringify(filters) : null,
    in_stock: state.inStock,
    sort: state.sort,
    cursor: state.cursor,
    limit,
  };
}

/** The results page's address for a query (a new search: no filters kept). */
export function searchPath(slug: string, q: string): string {
  return `/app/search/${encodeURIComponent(slug)}?${new URLSearchParams({ q }).toString()}`;
}

/** A text cut at its matched spans: [{text: "Hex bolt ", marked: false}, {text: "M8", marked: true}]. */
export function highlightParts(text: string, spans: Highlight[]): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  let last = 0;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    const from = Math.max(start, last);
    const to = Math.min(end, text.length);
    if (to <= from) continue; // overlapping or out of the text: nothing more to mark
    if (from > last) parts.push({ text: text.slice(last, from), marked: false });
    parts.push({ text: text.slice(from, to), marked: true });
    last = to;
  }
  if (last < text.length) parts.push({ text: text.slice(last), marked: false });
  return parts;
}
