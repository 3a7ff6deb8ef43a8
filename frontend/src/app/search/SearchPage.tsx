import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { loadState } from "../../api/query";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { useSearch } from "./api/search";
import type { SearchAnswer } from "./api/types";
import { facetLabel, filterCount, inStockCount, RangeFacet, TermsFacet, termFacets } from "./Facets";
import { HitCard } from "./OfferGroup";
import { readState, setRange, SORTS, toApiQuery, toggleTerm, writeState, type SearchState } from "./searchState";
import "./search.css";

export const SEARCH_PAGE = 24;

/** Buyers: search results across suppliers on one marketplace; every choice is in the URL. */
export function SearchPage() {
  const { slug = "" } = useParams();
  const { t, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = readState(params);
  const results = useSearch(slug, toApiQuery(state, SEARCH_PAGE));
  const answer = results.data;
  // each narrowing is a history entry: the back button undoes it
  const update = (next: SearchState) => setParams(writeState(next));
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filters = filterCount(state);
  const stockCount = inStockCount(answer?.facets);
  return (
    <div className="page search-page">
      <h1>{state.q ? t("search.resultsFor", { q: state.q }) : t("search.title")}</h1>
      <div className="search-page__bar">
        <p aria-live="polite">{answer && t("search.total", { count: answer.total })}</p>
        <div className="field field--inline">
          <label htmlFor="search-sort">{t("search.sort")}</label>
          <select id="search-sort" value={state.sort} onChange={(e) => update({ ...state, sort: e.target.value as SearchState["sort"], cursor: null })}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`search.sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={state.inStock} onChange={(e) => update({ ...state, inStock: e.target.checked, cursor: null })} />{" "}
          {stockCount !== null ? t("search.inStockCount", { count: number(stockCount) }) : t("search.inStockOnly")}
        </label>
        <button type="button" className="button search-page__filters-toggle" aria-expanded={filtersOpen} aria-controls="search-facets" onClick={() => setFiltersOpen(!filtersOpen)}>
          {t("search.showFilters", { count: filters })}
        </button>
      </div>
      {answer?.corrected_query && <DidYouMean corrected={answer.corrected_query} found={answer.total > 0} state={state} />}
      {answer?.price_window_truncated && <p className="muted">{t("search.priceWindow")}</p>}
      <div className="split">
        <aside id="search-facets" className={`card search-facets${filtersOpen ? " search-facets--open" : ""}`} aria-label={t("search.filters")}>
          <h2>{t("search.filters")}</h2>
          {filters > 0 && (
            <button type="button" className="button button--link" onClick={() => update({ ...state, terms: {}, ranges: {}, inStock: false, cursor: null })}>
              {t("search.clearFilters")}
            </button>
          )}
          <FacetList answer={answer} state={state} update={update} />
        </aside>
        <section aria-labelledby="search-results-title">
          <h2 id="search-results-title" className="visually-hidden">
            {t("search.title")}
          </h2>
          <ListState data={answer?.items} {...loadState(results)} empty={state.q && filters === 0 ? t("search.noResults", { q: state.q }) : t("search.noResultsFiltered")}>
            {(hits) => (
              <ul className="cards search-results">
                {hits.map((item) => (
                  <HitCard key={item.key} slug={slug} item={item} listing={params.toString()} />
                ))}
              </ul>
            )}
          </ListState>
          <nav className="search-page__pages" aria-label={t("browse.pagination")}>
            {state.cursor && (
              <button type="button" className="button" onClick={() => update({ ...state, cursor: null })}>
                {t("search.firstPage")}
              </button>
            )}
            {answer?.next_cursor && (
              <button type="button" className="button" disabled={results.isFetching} onClick={() => update({ ...state, cursor: answer.next_cursor ?? null })}>
                {t("search.more")}
              </button>
            )}
          </nav>
        </section>
      </div>
    </div>
  );
}

/**
 * The index corrected the query ("M8 inox" for "M8 inxo"): the results are already for the
 * corrected one, so the page says so; the link searches it under its own name (the box and
 * the address then hold it), with the same filters.
 */
function DidYouMean({ corrected, found, state }: { corrected: string; found: boolean; state: SearchState }) {
  const { t } = useI18n();
  const { slug = "" } = useParams();
  const target = writeState({ ...state, q: corrected, cursor: null });
  return (
    <p className="search-page__did-you-mean">
      {found ? t("search.showingFor") : t("search.didYouMean")} <Link to={`/app/search/${encodeURIComponent(slug)}?${target.toString()}`}>{corrected}</Link>
      {found ? "" : "?"}
    </p>
  );
}

function FacetList({ answer, state, update }: { answer: SearchAnswer | undefined; state: SearchState; update: (next: SearchState) => void }) {
  const { t } = useI18n();
  return (
    <>
      {termFacets(answer?.facets ?? []).map((facet) => (
        <TermsFacet
          key={facet.key}
          label={facetLabel(t, facet.key, facet.label)}
          values={facet.values}
          chosen={state.terms[facet.key] ?? []}
          onToggle={(value, on) => update(toggleTerm(state, facet.key, value, on))}
        />
      ))}
      {answer?.prices_shown !== false && (
        <RangeFacet field="price" label={t("search.facet.price")} range={state.ranges.price} onRange={(range) => update(setRange(state, "price", range))} />
      )}
      {(answer?.ranges ?? []).map((facet) => (
        <RangeFacet
          key={facet.key}
          field={facet.key}
          label={facetLabel(t, facet.key, facet.label, facet.unit)}
          range={state.ranges[facet.key]}
          onRange={(range) => update(setRange(state, facet.key, range))}
        />
      ))}
    </>
  );
}
