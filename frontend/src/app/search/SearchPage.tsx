import { useState, type ReactNode } from "react";
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
  const { t } = useI18n();
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  return <SearchResults slug={slug} path={`/app/search/${encodeURIComponent(slug)}`} title={q ? t("search.resultsFor", { q }) : t("search.title")} />;
}

/** Where the results are shown: the search page, or a marketplace's listing narrowed to a category of its tree. */
export interface ResultsScope {
  /** a category of the marketplace (descendants included); replaces the category facet, which is then not shown */
  category: string | null;
  /** URL parameters the results keep through every change (the listing's `category`) */
  kept: Record<string, string>;
}

interface ResultsProps {
  slug: string;
  /** the page's own address (the "did you mean" link stays on it) */
  path: string;
  title: ReactNode;
  scope?: ResultsScope;
  /** above the facets (the listing's category tree) */
  aside?: ReactNode;
  /** above the title (the listing's way back to the marketplaces) */
  before?: ReactNode;
  /** under the title (the listing's breadcrumb and text search) */
  intro?: ReactNode;
}

/**
 * The results UI (sort, stock toggle, facets with counts, grouped offers with this buyer's
 * prices, cursor pages), state in the URL; the search page and the marketplace listing
 * and category pages both show it.
 */
export function SearchResults({ slug, path, title, scope, aside, before, intro }: ResultsProps) {
  const { t, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = readState(params);
  const results = useSearch(slug, toApiQuery(state, SEARCH_PAGE, scope?.category));
  const answer = results.data;
  // each narrowing is a history entry: the back button undoes it
  const update = (next: SearchState) => setParams(withKept(writeState(next), scope?.kept));
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filters = filterCount(state);
  const stockCount = inStockCount(answer?.facets);
  return (
    <div className="page search-page">
      {before}
      <h1>{title}</h1>
      {intro}
      <div className="search-page__bar">
        <p aria-live="polite">{answer && t(answer.total_exact === false ? "search.totalAbout" : "search.total", { count: answer.total })}</p>
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
          {stockCount !== null ? t("search.inStockCount", { count: `${answer?.counts_exact === false ? "~" : ""}${number(stockCount)}` }) : t("search.inStockOnly")}
        </label>
        <button type="button" className="button search-page__filters-toggle" aria-expanded={filtersOpen} aria-controls="search-facets" onClick={() => setFiltersOpen(!filtersOpen)}>
          {t("search.showFilters", { count: filters })}
        </button>
      </div>
      {answer?.corrected_query && <DidYouMean corrected={answer.corrected_query} found={answer.total > 0} state={state} path={path} kept={scope?.kept} />}
      {answer?.price_window_truncated && <p className="muted">{t("search.priceWindow")}</p>}
      <div className="split">
        <div className="search-page__side">
          {aside}
          <aside id="search-facets" className={`card search-facets${filtersOpen ? " search-facets--open" : ""}`} aria-label={t("search.filters")}>
            <h2>{t("search.filters")}</h2>
            {filters > 0 && (
              <button type="button" className="button button--link" onClick={() => update({ ...state, terms: {}, ranges: {}, inStock: false, cursor: null })}>
                {t("search.clearFilters")}
              </button>
            )}
            <FacetList answer={answer} state={state} update={update} scoped={scope !== undefined} />
          </aside>
        </div>
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

function withKept(params: URLSearchParams, kept: Record<string, string> | undefined): URLSearchParams {
  for (const [key, value] of Object.entries(kept ?? {})) if (value) params.set(key, value);
  return params;
}

/**
 * The index corrected the query ("M8 inox" for "M8 inxo"): the results are already for the
 * corrected one, so the page says so; the link searches it under its own name (the box and
 * the address then hold it), with the same filters.
 */
function DidYouMean({ corrected, found, state, path, kept }: { corrected: string; found: boolean; state: SearchState; path: string; kept: Record<string, string> | undefined }) {
  const { t } = useI18n();
  const target = withKept(writeState({ ...state, q: corrected, cursor: null }), kept);
  return (
    <p className="search-page__did-you-mean">
      {found ? t("search.showingFor") : t("search.didYouMean")} <Link to={`${path}?${target.toString()}`}>{corrected}</Link>
      {found ? "" : "?"}
    </p>
  );
}

function FacetList({ answer, state, update, scoped }: { answer: SearchAnswer | undefined; state: SearchState; update: (next: SearchState) => void; scoped: boolean }) {
  const { t } = useI18n();
  // on the listing the category tree chooses the category
  const facets = termFacets(answer?.facets ?? []).filter((facet) => !scoped || facet.key !== "category");
  return (
    <>
      {facets.map((facet) => (
        <TermsFacet
          key={facet.key}
          label={facetLabel(t, facet.key, facet.label)}
          values={facet.values}
          chosen={state.terms[facet.key] ?? []}
          onToggle={(value, on) => update(toggleTerm(state, facet.key, value, on))}
          approximate={answer?.counts_exact === false}
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
