import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { loadState } from "../../api/query";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { useSearch } from "./api/search";
import type { SearchAnswer } from "./api/types";
import { useMarketplaceTree } from "../browse/api/browse";
import { facetLabel, filterCount, RangeFacet, TermsFacet, termFacets } from "./Facets";
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
          {answer?.facets.in_stock ? t("search.inStockCount", { count: number(answer.facets.in_stock.true ?? 0) }) : t("search.inStockOnly")}
        </label>
        <button type="button" className="button search-page__filters-toggle" aria-expanded={filtersOpen} aria-controls="search-facets" onClick={() => setFiltersOpen(!filtersOpen)}>
          {t("search.showFilters", { count: filters })}
        </button>
      </div>
      {answer?.corrected_query && <DidYouMean corrected={answer.corrected_query} state={state} />}
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
          <ListState data={answer?.hits} {...loadState(results)} empty={state.q && filters === 0 ? t("search.noResults", { q: state.q }) : t("search.noResultsFiltered")}>
            {(hits) => (
              <ul className="cards search-results">
                {hits.map((hit) => (
                  <HitCard key={hit.id} slug={slug} hit={hit} listing={params.toString()} />
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
              <button type="button" className="button" disabled={results.isFetching} onClick={() => update({ ...state, cursor: answer.next_cursor })}>
                {t("search.more")}
              </button>
            )}
          </nav>
        </section>
      </div>
    </div>
  );
}

/** The corrected query ("M8 inox" for "M8 inxo") as a link that searches it with the same filters. */
function DidYouMean({ corrected, state }: { corrected: string; state: SearchState }) {
  const { t } = useI18n();
  const { slug = "" } = useParams();
  const target = writeState({ ...state, q: corrected, cursor: null });
  return (
    <p className="search-page__did-you-mean">
      {t("search.didYouMean")} <Link to={`/app/search/${encodeURIComponent(slug)}?${target.toString()}`}>{corrected}</Link>?
    </p>
  );
}

function FacetList({ answer, state, update }: { answer: SearchAnswer | undefined; state: SearchState; update: (next: SearchState) => void }) {
  const { t } = useI18n();
  const { slug = "" } = useParams();
  const tree = useMarketplaceTree(slug);
  const categoryNames = new Map((tree.data?.categories ?? []).map((c) => [c.id, c.name]));
  const valueLabel = (field: string, value: string) => answer?.value_labels?.[field]?.[value] ?? (field === "category" ? categoryNames.get(value) : undefined) ?? value;
  const ranges = answer?.range_facets ?? [];
  return (
    <>
      {termFacets(answer?.facets ?? {}, valueLabel).map(({ field, values }) => (
        <TermsFacet
          key={field}
          label={facetLabel(t, field, answer?.facet_labels)}
          values={values}
          chosen={state.terms[field] ?? []}
          onToggle={(value, on) => update(toggleTerm(state, field, value, on))}
        />
      ))}
      <RangeFacet field="price" label={t("search.facet.price")} range={state.ranges.price} onRange={(range) => update(setRange(state, "price", range))} />
      {ranges.map((facet) => (
        <RangeFacet
          key={facet.field}
          field={facet.field}
          label={facetLabel(t, facet.field, { [facet.field]: facet.label }, facet.unit)}
          range={state.ranges[facet.field]}
          onRange={(range) => update(setRange(state, facet.field, range))}
        />
      ))}
    </>
  );
}
