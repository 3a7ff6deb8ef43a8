import { useState } from "react";
import { Link } from "react-router";
import { ProductThumbnail } from "../../components/ProductThumbnail";
import { useI18n } from "../../i18n/context";
import { formatMoney, formatQuantity } from "../../lib/money";
import { AddToCart } from "../cart/AddToCart";
import type { Offer, SearchItem } from "./api/types";

/** A result: its best offer (this buyer's price and tiers), and the other suppliers' offers behind "N offers from …". */
export function HitCard({ slug, item: hit, listing }: { slug: string; item: SearchItem; listing: string }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const best = hit.offers[0];
  if (!best) return null;
  const grouped = hit.offer_count > 1;
  const link = `/app/browse/${encodeURIComponent(slug)}/${encodeURIComponent(best.supplier.slug)}/${encodeURIComponent(best.product_id)}?${new URLSearchParams({ list: listing }).toString()}`;
  const offersId = `offers-${hit.key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  return (
    <li className={`card search-hit${open ? " search-hit--open" : ""}`}>
      <ProductThumbnail url={hit.thumbnail_url} />
      <div className="search-hit__body">
        <h3>
          <Link to={link}>{hit.name}</Link>
        </h3>
        {grouped ? (
          <>
            <p>
              <strong>
                {hit.lowest_price && hit.currency
                  ? t("search.offers", { count: hit.offer_count, price: formatMoney(locale, hit.lowest_price, hit.currency) })
                  : t("search.offersNoPrice", { count: hit.offer_count })}
              </strong>{" "}
              <button type="button" className="button button--link" aria-expanded={open} aria-controls={offersId} onClick={() => setOpen(!open)}>
                {open ? t("search.hideOffers") : t("search.showOffers")}
              </button>
            </p>
            {open && <OfferTable id={offersId} offers={hit.offers} name={hit.name} />}
          </>
        ) : (
          <SingleOffer offer={best} name={hit.name} />
        )}
        {hit.manufacturer && hit.mpn && (
          <p className="muted">
            {hit.manufacturer} {hit.mpn}
          </p>
        )}
      </div>
    </li>
  );
}

function SingleOffer({ offer, name }: { offer: Offer; name: string }) {
  const { t } = useI18n();
  return (
    <>
      <p className="muted">
        {offer.supplier.name} · {offer.sku}
      </p>
      <OfferPrice offer={offer} />
      <p>
        <StockBadge offer={offer} /> <LeadTime offer={offer} />
      </p>
      <p className="muted">
        {t("search.offer.moq")}: <Quantity value={offer.min_order_qty} unit={offer.unit} />
      </p>
      <AddToCart supplier={offer.supplier.slug} sku={offer.sku} quantity={offer.min_order_qty} label={name} />
    </>
  );
}

/** The grouped offers: supplier, this buyer's price, stock, lead time, MOQ, and "add to cart" for each. */
function OfferTable({ id, offers, name }: { id: string; offers: Offer[]; name: string }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap table-wrap--stack" id={id}>
      <table className="stack-table offers">
        <thead>
          <tr>
            <th scope="col">{t("search.offer.supplier")}</th>
            <th scope="col">{t("search.offer.price")}</th>
            <th scope="col">{t("search.offer.stock")}</th>
            <th scope="col">{t("search.offer.leadTime")}</th>
            <th scope="col">{t("search.offer.moq")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("cart.addToCart")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {offers.map((offer) => (
            <tr key={`${offer.supplier.slug}:${offer.variant_id}`}>
              <td data-label={t("search.offer.supplier")}>{offer.supplier.name}</td>
              <td data-label={t("search.offer.price")}>
                <OfferPrice offer={offer} />
              </td>
              <td data-label={t("search.offer.stock")}>
                <StockBadge offer={offer} />
              </td>
              <td data-label={t("search.offer.leadTime")}>
                <LeadTime offer={offer} />
              </td>
              <td data-label={t("search.offer.moq")}>
                <Quantity value={offer.min_order_qty} unit={offer.unit} />
              </td>
              <td data-label={t("cart.addToCart")}>
                <AddToCart supplier={offer.supplier.slug} sku={offer.sku} quantity={offer.min_order_qty} label={`${name} · ${offer.supplier.name}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OfferPrice({ offer }: { offer: Offer }) {
  const { t, locale } = useI18n();
  const price = offer.price;
  if (!price) return <p className="muted">{t("search.noPrice")}</p>;
  return (
    <div className="search-hit__price">
      <strong>{formatMoney(locale, price.unit_price, price.currency)}</strong> / {offer.unit}
      {price.tiers && price.tiers.length > 0 && (
        <ul className="tiers">
          {price.tiers.map((tier) => (
            <li key={tier.min_qty}>{t("items.tierLine", { qty: formatQuantity(locale, tier.min_qty), price: formatMoney(locale, tier.unit_price, price.currency) })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function StockBadge({ offer }: { offer: Offer }) {
  const { t } = useI18n();
  return <span className={`badge badge--${offer.in_stock ? "active" : "inactive"}`}>{offer.in_stock ? t("browse.inStock") : t("browse.outOfStock")}</span>;
}

function LeadTime({ offer }: { offer: Offer }) {
  const { t } = useI18n();
  return <span className="muted">{t("search.leadDays", { count: offer.lead_time_days })}</span>;
}

function Quantity({ value, unit }: { value: string; unit: string }) {
  const { locale } = useI18n();
  return (
    <>
      {formatQuantity(locale, value)} {unit}
    </>
  );
}
