import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { TextField } from "../../../components/forms";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useSearchParamQuery } from "../../../lib/useSearchParamQuery";
import { SearchResults } from "../../search/SearchPage";
import { useMarketplaceTree } from "../api/browse";
import "../browse.css";

type TreeCategory = { id: string; name: string; depth: number; parent_id?: string | null };

/**
 * Buyers: one marketplace's products, or one category's (descendants included), read from
 * the search index: the search results UI (facets, grouped offers, the buyer's prices, sort,
 * stock, cursor pages) beside the category tree. State in the URL: `category` and the
 * results' own parameters (searchState.ts).
 */
export function MarketplaceBrowse() {
  const { slug = "" } = useParams();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const category = params.get("category") ?? "";
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    // the URL changed under the box (browser back or forward): the box follows it
    setShownQ(q);
    if (search.trim() !== q) setSearch(q);
  }
  useSearchParamQuery(search, params, setParams);

  const tree = useMarketplaceTree(slug);
  const market = tree.data?.marketplace;
  const categories: TreeCategory[] = tree.data?.categories ?? [];
  const chosen = categories.find((c) => c.id === category);
  // on a phone the tree folds away behind a button, so the results come first
  const [categoriesOpen, setCategoriesOpen] = useState(false);
  // a category change is a history entry (browser back returns to the one before); facets
  // belong to a category's attributes, so they start again, the text search is kept
  const choose = (id: string) => {
    setCategoriesOpen(false);
    const next = new URLSearchParams();
    if (id) next.set("category", id);
    if (q) next.set("q", q);
    setParams(next);
  };
  const aside = (
    <>
      <button
        type="button"
        className="button category-toggle"
        aria-expanded={categoriesOpen}
        aria-controls="browse-categories"
        onClick={() => setCategoriesOpen(!categoriesOpen)}
      >
        {t("browse.categoriesChosen", { name: chosen?.name ?? t("browse.allCategories") })} <span aria-hidden="true">{categoriesOpen ? "▴" : "▾"}</span>
      </button>
      <nav id="browse-categories" className={`card category-nav${categoriesOpen ? " category-nav--open" : ""}`} aria-label={t("browse.categories")}>
        <h2>{t("browse.categories")}</h2>
        <ul className="plain-list">
          <li>
            <button type="button" className="button button--link" aria-pressed={!category} onClick={() => choose("")}>
              {t("browse.allCategories")}
            </button>
          </li>
          {categories.map((c) => (
            <li key={c.id} style={{ paddingLeft: `${c.depth}rem` }}>
              <button type="button" className="button button--link" aria-pressed={category === c.id} onClick={() => choose(c.id)}>
                {c.name}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
  const intro = (
    <>
      {tree.error !== null && (
        <p role="alert" className="alert alert--error">
          {errorMessage(t, tree.error)}
        </p>
      )}
      {chosen && <Breadcrumb market={market?.name ?? ""} categories={categories} chosen={chosen} choose={choose} />}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t("browse.searchIn", { name: chosen?.name ?? market?.name ?? "" })} type="search" value={search} onValue={setSearch} />
      </form>
    </>
  );
  return (
    <SearchResults
        slug={slug}
        path={`/app/browse/${encodeURIComponent(slug)}`}
        title={chosen ? chosen.name : (market?.name ?? t("app.loading"))}
        scope={{ category: category || null, kept: { category } }}
        aside={aside}
        before={
          <p>
            <Link to="/app/browse">← {t("browse.title")}</Link>
          </p>
        }
        intro={intro}
      />
  );
}

/** Marketplace › … › the chosen category: each ancestor narrows the listing to itself. */
function Breadcrumb({ market, categories, chosen, choose }: { market: string; categories: TreeCategory[]; chosen: TreeCategory; choose: (id: string) => void }) {
  const { t } = useI18n();
  const byId = new Map(categories.map((c) => [c.id, c]));
  const path: TreeCategory[] = [];
  for (let c: TreeCategory | undefined = chosen; c && path.length < 20; c = c.parent_id ? byId.get(c.parent_id) : undefined) path.unshift(c);
  return (
    <nav aria-label={t("browse.breadcrumb")}>
      <ol className="breadcrumb">
        <li>
          <button type="button" className="button button--link" onClick={() => choose("")}>
            {market}
          </button>
        </li>
        {path.map((c) =>
          c.id === chosen.id ? (
            <li key={c.id} aria-current="page">
              {c.name}
            </li>
          ) : (
            <li key={c.id}>
              <button type="button" className="button button--link" onClick={() => choose(c.id)}>
                {c.name}
              </button>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
