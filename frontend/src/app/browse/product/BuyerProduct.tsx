import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { Schemas } from "../../../api/client";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { formatQuantity } from "../../../lib/money";
import { AddToCart } from "../../cart/AddToCart";
import { PriceColumnTitle, VariantPrice } from "../../pricing/preview/BuyerPrice";
import { useCategorySchema, usePublicProduct } from "../api/browse";
import { attributeLines, type AttributeLine } from "../attributes";
import "../browse.css";
import { listingPath } from "../paths";

/** Buyers: a product page with each variant's minimum, increment, stock and the buyer's own price and tiers. */
export function BuyerProduct() {
  const { market = "", supplier = "", id = "" } = useParams();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const product = usePublicProduct(market, supplier, id);
  const p = product.data;
  const schema = useCategorySchema(p?.category_id);
  return (
    <div className="page">
      <p>
        <Link to={listingPath(market, params.get("list"))}>← {t("browse.back")}</Link>
      </p>
      {!p ? (
        <LoadState error={product.error ?? undefined} onRetry={() => void product.refetch()} />
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
                  {p.prices_shown && <th scope="col">{t("cart.addToCart")}</th>}
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
                    {p.prices_shown && (
                      <td data-label={t("cart.addToCart")}>
                        <AddToCart supplier={p.supplier.slug} sku={v.sku} quantity={v.price?.quantity ?? v.min_order_qty} />
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
