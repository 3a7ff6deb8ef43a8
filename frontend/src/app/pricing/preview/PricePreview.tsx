import { useState } from "react";
import { Link } from "react-router";
import type { Schemas } from "../../../api/client";
import { loadState } from "../../../api/query";
import { BuyerPicker, type BuyerRef } from "../../../components/BuyerPicker";
import { TextField } from "../../../components/forms";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import { formatMoney, formatQuantity } from "../../../lib/money";
import { SupplierOnly } from "../../supplier/supplier";
import { usePricePreview } from "../api/preview";

type Line = Schemas["PreviewLine"];
const PAGE = 25;

/** Supplier console: the catalog priced as one buyer company gets it. */
export function PricePreview() {
  return <SupplierOnly>{(slug) => <PricePreviewPage slug={slug} />}</SupplierOnly>;
}

function PricePreviewPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const [buyer, setBuyer] = useState<BuyerRef | null>(null);
  return (
    <div className="page">
      <p>
        <Link to="/app/price-lists">← {t("priceLists.back")}</Link>
      </p>
      <h1>{t("preview.title")}</h1>
      <p className="muted">{t("preview.intro")}</p>
      <div className="card form">
        <BuyerPicker slug={slug} label={t("preview.buyer")} value={buyer ? [buyer] : []} onChange={(next) => setBuyer(next[0] ?? null)} />
      </div>
      {buyer ? <PreviewTable key={buyer.id} slug={slug} buyer={buyer} /> : <p>{t("preview.pickBuyer")}</p>}
    </div>
  );
}

export function PreviewTable({ slug, buyer }: { slug: string; buyer: BuyerRef }) {
  const { t } = useI18n();
  const [sku, setSku] = useState("");
  const [query, setQuery] = useState("");
  const [offset, setOffset] = useState(0);
  const page = usePricePreview(slug, { buyer_org_id: buyer.id, sku: query || null, limit: PAGE, offset });
  const data = page.data;
  return (
    <section className="card" aria-label={t("preview.title")}>
      {data && <p role="status">{t(data.currency_source === "terms" ? "preview.currency.terms" : "preview.currency.default", { name: buyer.name, currency: data.currency })}</p>}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(sku.trim());
          setOffset(0);
        }}
      >
        <TextField label={t("preview.findSku")} type="search" value={sku} onValue={setSku} maxLength={64} />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("preview.find")}
          </button>
        </div>
      </form>
      <ListState data={data?.items} {...loadState(page)} empty={t("preview.empty")}>
        {(rows) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("preview.sku")}</th>
                  <th scope="col">{t("preview.product")}</th>
                  <th scope="col">{t("preview.quantity")}</th>
                  <th scope="col">{t("preview.price")}</th>
                  <th scope="col">{t("preview.source")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((line) => (
                  <PreviewRow key={line.variant_id} line={line} currency={data?.currency ?? ""} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={data?.total ?? 0} busy={page.isFetching} label={t("preview.pagination")} onOffset={setOffset} />
    </section>
  );
}

function PreviewRow({ line, currency }: { line: Line; currency: string }) {
  const { t, locale } = useI18n();
  const money = (amount: string) => formatMoney(locale, amount, currency);
  const others = line.other_currencies ?? [];
  return (
    <tr>
      <td>
        <code>{line.sku}</code>
        {line.variant_name && <div className="muted">{line.variant_name}</div>}
      </td>
      <td>{line.product_name}</td>
      <td>{formatQuantity(locale, line.quantity)}</td>
      <td>
        {line.unit_price ? (
          <strong>{money(line.unit_price)}</strong>
        ) : (
          <>
            {t(`preview.reason.${line.reason ?? "no_price"}`)}
            {others.length > 0 && <div className="field__error">{t("preview.otherCurrencies", { currencies: others.join(", ") })}</div>}
          </>
        )}
      </td>
      <td>
        {line.price_list_id && line.price_list_kind && (
          <>
            <Link to={`/app/price-lists/${line.price_list_id}`}>{line.price_list_name}</Link> <span className="badge">{t(`priceKind.${line.price_list_kind}`)}</span>
            {line.tier_min_qty && <div className="muted">{t("preview.tier", { qty: formatQuantity(locale, line.tier_min_qty) })}</div>}
            {line.next_tier_min_qty && line.next_tier_unit_price && (
              <div className="muted">{t("preview.nextTier", { price: money(line.next_tier_unit_price), qty: formatQuantity(locale, line.next_tier_min_qty) })}</div>
            )}
          </>
        )}
      </td>
    </tr>
  );
}
