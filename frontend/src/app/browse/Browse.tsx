import { useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api, call, type Schemas } from "../../api/client";
import { TextField } from "../../components/forms";
import { ListState, LoadState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { formatQuantity } from "../../lib/money";
import { CardPrice, PriceColumnTitle, VariantPrice } from "../pricing/preview/BuyerPrice";
import { useResource } from "../../lib/useResource";
import { ProductThumbnail } from "../../components/ProductThumbnail";
import { attributeLines, effectiveSchema, useCategorySchema, type AttributeLine } from "./attributes";

export const BROWSE_PAGE = 24;
type Sort = "name" | "-name" | "newest";

/** Buyers: every open marketplace. */
export function MarketplaceIndex() {
  const { t } = useI18n();
  const markets = useResource(() => call(api.GET("/api/v1/marketplaces")), "browse-markets");
  return (
    <div className="page">
      <h1>{t("browse.title")}</h1>
      <ListState data={markets.data} loading={markets.loading} error={markets.error} onRetry={markets.reload} empty={t("supplierMarkets.empty")}>
        {(items) => (
          <ul className="cards">
            {items.map((m) => (
              <li key={m.id} className="card">
                <h2>
                  <Link to={`/app/browse/${m.slug}`}>{m.name}</Link>
                </h2>
                <p className="muted">{t(`marketKind.${m.kind}`)}</p>
                {m.description && <p>{m.description}</p>}
              </li>
            ))}
          </ul>
        )}
      </ListState>
    </div>
  );
}

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
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (search.trim()) next.set("q", search.trim());
      else next.delete("q");
      next.delete("offset");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [search, q, params, setParams]);

  const tree = useResource(() => call(api.GET("/api/v1/marketplaces/{slug}/categories", { params: { path: { slug } } })), `browse-tree:${slug}`);
  const page = useResource(
    () =>
      call(
        api.GET("/api/v1/marketplaces/{slug}/products", {
          params: { path: { slug }, query: { category: category || null, q: q || null, in_stock: inStock, sort, limit: BROWSE_PAGE, offset } },
        }),
      ),
    `browse:${slug}|${category}|${q}|${inStock}|${sort}|${offset}`,
  );

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
      {tree.error !== undefined && (
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
          <ListState data={page.data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={t("browse.empty")}>
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
                  </li>
                ))}
              </ul>
            )}
          </ListState>
          <Pagination
            offset={offset}
            limit={BROWSE_PAGE}
            total={page.data?.total ?? 0}
            busy={page.loading}
            label={t("browse.pagination")}
            onOffset={(next) => update({ offset: next ? String(next) : "" })}
          />
          {page.data?.truncated && <p className="muted">{t("browse.truncated")}</p>}
        </section>
      </div>
    </div>
  );
}

/** A product page's address; it carries the listing's state (`list`) for the way back. */
export function productPath(market: string, supplier: string, id: string, listing: URLSearchParams): string {
  const list = listing.toString();
  return `/app/browse/${market}/${supplier}/${id}${list ? `?${new URLSearchParams({ list }).toString()}` : ""}`;
}

/** The listing a product page came from: category, search, sort, stock filter and page. */
export function listingPath(market: string, list: string | null): string {
  const kept = new URLSearchParams(list ?? "");
  const back = new URLSearchParams();
  for (const key of LISTING_PARAMS) {
    const value = kept.get(key);
    if (value) back.set(key, value);
  }
  const query = back.toString();
  return `/app/browse/${market}${query ? `?${query}` : ""}`;
}

const LISTING_PARAMS = ["category", "q", "in_stock", "sort", "offset"] as const;

/** Buyers: a product page with each variant's minimum, increment, stock and the buyer's own price and tiers. */
export function BuyerProduct() {
  const { market = "", supplier = "", id = "" } = useParams();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const product = useResource(
    () => call(api.GET("/api/v1/suppliers/{tenant}/products/{product_id}/public", { params: { path: { tenant: supplier, product_id: id }, query: { marketplace: market } } })),
    `public-product:${market}:${supplier}:${id}`,
  );
  const p = product.data;
  const schema = useCategorySchema(p?.category_id);
  return (
    <div className="page">
      <p>
        <Link to={listingPath(market, params.get("list"))}>← {t("browse.back")}</Link>
      </p>
      {!p ? (
        <LoadState error={product.error} onRetry={product.reload} />
      ) : (
        <>
          <h1>{p.name}</h1>
          <p className="muted">{p.supplier.name}</p>
          {p.description && <p className="prewrap">{p.description}</p>}
          {!p.prices_shown && <p className="alert alert--info">{t("browse.signInForPrices")}</p>}
          {p.images.length > 0 && <Gallery images={p.images} />}
          <div className="table-wrap table-wrap--stack">
            <table className="stack-table">
              <caption className="visually-hidden">{t("variants.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("variants.sku")}</th>
                  <th scope="col">{t("variants.attributes")}</th>
                  <th scope="col">{t("variants.moq")}</th>
                  <th scope="col">{t("variants.increment")}</th>
                  <th scope="col">{t("variants.leadTime")}</th>
                  <th scope="col">{t("browse.stock")}</th>
                  {p.prices_shown && (
                    <th scope="col">
                      <PriceColumnTitle currency={p.currency} />
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {p.variants.map((v) => (
                  <tr key={v.id}>
                    <td data-label={t("variants.sku")}>
                      <div>
                        <code>{v.sku}</code>
                        {v.name && <div className="muted">{v.name}</div>}
                      </div>
                    </td>
                    <td data-label={t("variants.attributes")}>
                      <AttributeList lines={attributeLines(t, locale, schema.data ?? [], v.attributes)} />
                    </td>
                    <td data-label={t("variants.moq")}>
                      {formatQuantity(locale, v.min_order_qty)} {p.unit_of_measure}
                    </td>
                    <td data-label={t("variants.increment")}>{formatQuantity(locale, v.order_increment)}</td>
                    <td data-label={t("variants.leadTime")}>{t("variants.days", { count: v.lead_time_days })}</td>
                    <td data-label={t("browse.stock")}>{v.in_stock ? t("browse.inStock") : t("browse.outOfStock")}</td>
                    {p.prices_shown && (
                      <td data-label={t("browse.yourPrice")}>
                        <VariantPrice variant={v} unit={p.unit_of_measure} currency={p.currency} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.documents.length > 0 && (
            <section className="card" aria-labelledby="docs-title">
              <h2 id="docs-title">{t("browse.documents")}</h2>
              <ul>
                {p.documents.map((d) => (
                  <li key={d.id}>
                    <a href={d.url}>{d.title ?? d.filename}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** What all of a product's variants share, on its card: "Material: steel 8.8 · Finish: zinc". */
function CardAttributes({ lines }: { lines: AttributeLine[] }) {
  if (lines.length === 0) return null;
  return <p className="card__attributes">{lines.map((line) => `${line.label}: ${line.value}`).join(" · ")}</p>;
}

/** A variant's attributes by their schema names, values in the language with units. */
export function AttributeList({ lines }: { lines: AttributeLine[] }) {
  if (lines.length === 0) return <>—</>;
  return (
    <ul className="attribute-list">
      {lines.map((line) => (
        <li key={line.code}>
          <span className="muted">{line.label}:</span> {line.value}
        </li>
      ))}
    </ul>
  );
}

type PublicImage = Schemas["PublicMediaOut"];
const GALLERY_SIZE = 640;
const STRIP_SIZE = 160;

function rendition(image: PublicImage, size: number) {
  return image.renditions?.find((r) => r.size === size);
}

/** One large image (the 640 rendition, the original until renditions exist) and a strip of 160 px thumbnails to pick it. */
export function Gallery({ images }: { images: PublicImage[] }) {
  const { t, number } = useI18n();
  const [chosen, setChosen] = useState(0);
  const current = images[Math.min(chosen, images.length - 1)];
  if (!current) return null;
  const large = rendition(current, GALLERY_SIZE);
  const srcSet = (current.renditions ?? []).map((r) => `${r.url} ${r.width}w`).join(", ");
  return (
    <div className="gallery-viewer">
      <img
        src={current.url}
        srcSet={srcSet || undefined}
        sizes={srcSet ? `(max-width: ${GALLERY_SIZE}px) 100vw, ${GALLERY_SIZE}px` : undefined}
        width={large?.width}
        height={large?.height}
        alt={current.title ?? current.filename}
        style={{ maxWidth: "100%", height: "auto", maxHeight: `${GALLERY_SIZE}px`, objectFit: "contain" }}
      />
      {images.length > 1 && (
        <ul className="gallery" aria-label={t("browse.images")}>
          {images.map((img, index) => {
            const small = rendition(img, STRIP_SIZE);
            return (
              <li key={img.id}>
                <button
                  type="button"
                  className="button button--link"
                  aria-pressed={index === chosen}
                  aria-label={t("browse.showImage", { n: number(index + 1), total: number(images.length) })}
                  onClick={() => setChosen(index)}
                >
                  <img src={img.thumbnail_url ?? img.url} alt="" width={small?.width ?? STRIP_SIZE / 2} height={small?.height ?? STRIP_SIZE / 2} loading="lazy" style={{ objectFit: "contain", width: "5rem", height: "5rem" }} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
