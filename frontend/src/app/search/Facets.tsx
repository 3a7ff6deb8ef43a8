import { useState } from "react";
import { useI18n } from "../../i18n/context";
import { compareDecimal, formatDecimalInput, typedDecimal } from "../../lib/decimal";
import type { Facet, FacetValue } from "./api/types";
import type { Range, SearchState } from "./searchState";

interface TermsProps {
  label: string;
  values: FacetValue[];
  chosen: string[];
  onToggle: (value: string, on: boolean) => void;
  /** the counts are estimates (a broad search): each is shown as "~n" */
  approximate?: boolean;
}

/** One facet's values as checkboxes with their counts (OR within the facet). */
export function TermsFacet({ label, values, chosen, onToggle, approximate = false }: TermsProps) {
  const { number } = useI18n();
  return (
    <fieldset className="facet">
      <legend>{label}</legend>
      <ul className="plain-list">
        {values.map((v) => (
          <li key={v.value}>
            <label className="checkbox">
              <input type="checkbox" checked={chosen.includes(v.value)} onChange={(e) => onToggle(v.value, e.target.checked)} /> {v.label}{" "}
              <span className="muted">({approximate ? "~" : ""}{number(v.count)})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

interface RangeProps {
  field: string;
  label: string;
  range: Range | undefined;
  onRange: (range: Range) => void;
}

/** From–to inputs for a number (the user's decimal separators), applied together. */
export function RangeFacet({ field, label, range, onRange }: RangeProps) {
  const { t, locale } = useI18n();
  const shown = (value: string | null | undefined) => (value ? formatDecimalInput(locale, value) : "");
  const [min, setMin] = useState(() => shown(range?.min));
  const [max, setMax] = useState(() => shown(range?.max));
  const [error, setError] = useState(false);
  const [seen, setSeen] = useState(range);
  if (seen !== range) {
    // the URL changed (back button, clear filters): the inputs follow it
    setSeen(range);
    setMin(shown(range?.min));
    setMax(shown(range?.max));
  }
  const apply = () => {
    const low = min.trim() ? typedDecimal(locale, min) : null;
    const high = max.trim() ? typedDecimal(locale, max) : null;
    const bad = (min.trim() !== "" && low === null) || (max.trim() !== "" && high === null) || (low !== null && high !== null && compareDecimal(low, high) > 0);
    setError(bad);
    if (!bad) onRange({ min: low, max: high });
  };
  const id = `range-${field}`;
  return (
    <fieldset className="facet">
      <legend>{label}</legend>
      <form
        className="facet__range"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <input id={`${id}-min`} inputMode="decimal" aria-label={t("search.rangeMin", { label })} value={min} onChange={(e) => setMin(e.target.value)} aria-invalid={error} />
        <span aria-hidden="true">–</span>
        <input id={`${id}-max`} inputMode="decimal" aria-label={t("search.rangeMax", { label })} value={max} onChange={(e) => setMax(e.target.value)} aria-invalid={error} />
        <button type="submit" className="button">
          {t("search.rangeApply")}
        </button>
      </form>
      {error && (
        <p className="field__error" role="alert">
          {t("search.rangeInvalid")}
        </p>
      )}
    </fieldset>
  );
}

type T = ReturnType<typeof useI18n>["t"];
const FIXED: Record<string, "search.facet.category" | "search.facet.supplier" | "search.facet.manufacturer" | "search.facet.price" | "search.facet.lead_time_days"> = {
  category: "search.facet.category",
  supplier: "search.facet.supplier",
  manufacturer: "search.facet.manufacturer",
  price: "search.facet.price",
  lead_time_days: "search.facet.lead_time_days",
};

/** A facet's heading: the UI's word for the fixed keys, the answer's label (an attribute's name) otherwise. */
export function facetLabel(t: T, key: string, label: string, unit?: string | null): string {
  const fixed = FIXED[key];
  if (fixed) return t(fixed);
  return unit ? `${label} (${unit})` : label;
}

/** The checkbox facets: every facet with values but the stock one (the toggle beside the sort shows its count). */
export function termFacets(facets: Facet[]): Facet[] {
  return facets.filter((facet) => facet.key !== "in_stock" && facet.values.length > 0);
}

/** How many of the answer's documents are in stock (the toggle's count), when it counted them. */
export function inStockCount(facets: Facet[] | undefined): number | null {
  const facet = facets?.find((f) => f.key === "in_stock");
  if (!facet) return null;
  return facet.values.find((v) => v.value === "true")?.count ?? 0;
}

/** How many filters narrow the results (the phone's "Filters (n)" button). */
export function filterCount(state: SearchState): number {
  return Object.values(state.terms).reduce((n, values) => n + values.length, 0) + Object.keys(state.ranges).length + (state.inStock ? 1 : 0);
}
