import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { AddToCart } from "../../cart/AddToCart";
import { useSearchParamQuery } from "../../../lib/useSearchParamQuery";
import { loadState } from "../../../api/query";
import { TextField } from "../../../components/forms";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { ProductThumbnail } from "../../../components/ProductThumbnail";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { CardPrice } from "../../pricing/preview/BuyerPrice";
import { useMarketplaceProducts, useMarketplaceTree } from "../api/browse";
import { attributeLines, effectiveSchema, type AttributeLine } from "../attributes";
import "../browse.css";
import { productPath } from "../paths";

export const BROWSE_PAGE = 24;
type Sort = "name" | "-name" | "newest";

/** Buyers: one marketplace's categories and products (with the buyer's price from), state in the URL. */
export function MarketplaceBrowse() {
  const { slug = "" } = useParams();
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const category = params.get("category") ?? "";
  const q = params.get("q") ?? "";
  const inStock = params.get("in_stock") === "1";
  const sort = (["name", "-name", "newest"].includes(params.get("sort") ?? "") ? params.get("sort") : "name") as Sort;
  const offset = Math.max(0, Number(params.get("offset") ?? "0") || 0);
  const [search, setSearch] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    // the URL changed under the box (browser back or forward): the box follows it
    setShownQ(q);
    if (search.trim() !== q) setSearch(q);
  }

  // a filter or page change is a history entry, so browser back steps back through them
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next);
  };
  useSearchParamQuery(search, params, setParams);

  const tree = useMarketplaceTree(slug);
  const page = useMarketplaceProducts(slug, { category: category || null, q: q || null, in_stock: inStock, sort, limit: BROWSE_PAGE, offset });

  const market = tree.data?.marketplace;
  const categories = tree.data?.categories ?? [];
  const chosen = categories.find((c) => c.id === category);
  // on a phone the tree folds away behind a button, so search and products come first
  const [categoriesOpen, setCategoriesOpen] = useState(false);
  const choose = (id: string) => {
    setCategoriesOpen(false);
    update({ category: id });
  };
  return (
    <div className="page">
      <p>
        <Link to="/app/browse">← {t("browse.title")}</Link>
      </p>
      <h1>{market?.name ?? t("app.loading")}</h1>
      {tree.error !== null && (
        <p role="alert" className="alert alert--error">
          {errorMessage(t, tree.error)}
        </p>
      )}
      <div className="split">
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
        <section aria-labelledby="products-title">
          <h2 id="products-title" className="visually-hidden">
            {t("browse.products")}
          </h2>
          <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
            <TextField label={t("catalog.search")} type="search" value={search} onValue={setSearch} />
            <div className="field">
              <label htmlFor="browse-sort">{t("catalog.sort")}</label>
              <select id="browse-sort" value={sort} onChange={(e) => update({ sort: e.target.value === "name" ? "" : e.target.value })}>
                <option value="name">{t("catalog.sortNameAsc")}</option>
                <option value="-name">{t("catalog.sortNameDesc")}</option>
                <option value="newest">{t("catalog.sortNewest")}</option>
              </select>
            </div>
            <label className="checkbox">
              <input type="checkbox" checked={inStock} onChange={(e) => update({ in_stock: e.target.checked ? "1" : "" })} /> {t("browse.inStockOnly")}
            </label>
          </form>
          <ListState data={page.data?.items} {...loadState(page)} empty={t("browse.empty")}>
            {(items) => (
              <ul className="cards">
                {items.map((p) => (
                  <li key={`${p.supplier.slug}:${p.id}`} className="card">
                    <ProductThumbnail url={p.thumbnail_url} />
                    <h3>
                      <Link to={productPath(slug, p.supplier.slug, p.id, params)}>{p.name}</Link>
                    </h3>
                    <p className="muted">{p.supplier.name}</p>
                    <CardAttributes lines={attributeLines(t, locale, effectiveSchema(categories, p.category_id), p.attributes)} />
                    <p>
                      <CardPrice card={p} />
                    </p>
                    <p>
                      <span className={`badge badge--${p.in_stock ? "active" : "inactive"}`}>{p.in_stock ? t("browse.inStock") : t("browse.outOfStock")}</span>{" "}
                      {t("browse.variants", { count: p.variant_count })}
                    </p>
                    {p.order_sku && p.order_quantity && <AddToCart supplier={p.supplier.slug} sku={p.order_sku} quantity={p.order_quantity} label={p.name} />}
                  </li>
                ))}
              </ul>
            )}
          </ListState>
          <Pagination
            offset={offset}
            limit={BROWSE_PAGE}
            total={page.data?.total ?? 0}
            busy={page.isFetching}
            label={t("browse.pagination")}
            onOffset={(next) => update({ offset: next ? String(next) : "" })}
          />
          {page.data?.truncated && <p className="muted">{t("browse.truncated")}</p>}
        </section>
      </div>
    </div>
  );
}

/** What all of a product's variants share, on its card: "Material: steel 8.8 · Finish: zinc". */
function CardAttributes({ lines }: { lines: AttributeLine[] }) {
  if (lines.length === 0) return null;
  return <p className="card__attributes">{lines.map((line) => `${line.label}: ${line.value}`).join(" · ")}</p>;
}
