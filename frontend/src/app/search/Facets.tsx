import { useState } from "react";
import { useI18n } from "../../i18n/context";
import { compareDecimal, formatDecimalInput, typedDecimal } from "../../lib/decimal";
import type { Facet } from "./api/types";
import type { Range, SearchState } from "./searchState";

interface TermsProps {
  facet: Facet;
  chosen: string[];
  onToggle: (value: string, on: boolean) => void;
}

/** One facet's values as checkboxes with their counts (OR within the facet). */
export function TermsFacet({ facet, chosen, onToggle }: TermsProps) {
  const { t, number } = useI18n();
  const label = facetLabel(t, facet);
  return (
    <fieldset className="facet">
      <legend>{label}</legend>
      <ul className="plain-list">
        {facet.values.map((v) => (
          <li key={v.value}>
            <label className="checkbox">
              <input type="checkbox" checked={chosen.includes(v.value)} onChange={(e) => onToggle(v.value, e.target.checked)} /> {v.label}{" "}
              <span className="muted">({number(v.count)})</span>
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

/** The facet's heading: the UI's word for the fixed ones, the attribute's name (and unit) otherwise. */
export function facetLabel(t: T, facet: Facet): string {
  if (facet.field === "category") return t("search.facet.category");
  if (facet.field === "supplier") return t("search.facet.supplier");
  if (facet.field === "price") return t("search.facet.price");
  return facet.unit ? `${facet.label} (${facet.unit})` : facet.label;
}

/** How many filters narrow the results (the phone's "Filters (n)" button). */
export function filterCount(state: SearchState): number {
  return Object.values(state.terms).reduce((n, values) => n + values.length, 0) + Object.keys(state.ranges).length + (state.inStock ? 1 : 0);
}
