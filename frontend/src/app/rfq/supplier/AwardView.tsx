import { useState } from "react";
import { Link } from "react-router";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { formatMoney, formatQuantity } from "../../../lib/money";
import { useCan } from "../../../session/permissions";
import { useMapAwardLines, useSupplierAward } from "./api/rfqs";
import type { SupplierRfq } from "./api/types";

/** What the buyer awarded this supplier: the lines at their locked prices, the order, the contract list; free-text lines mapped to its SKUs. */
export function AwardView({ slug, rfq }: { slug: string; rfq: SupplierRfq }) {
  const { t, locale } = useI18n();
  const can = useCan();
  const award = useSupplierAward(slug, rfq.id, true);
  const map = useMapAwardLines(slug, rfq.id);
  const [skus, setSkus] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const lines = new Map(rfq.lines.map((line) => [line.id, line]));
  if (!award.data) return award.error ? <FormAlert message={errorMessage(t, award.error)} /> : null;
  const unmapped = award.data.lines.filter((line) => !line.sku);
  const submit = async () => {
    setError(null);
    setNotice(null);
    try {
      await map.mutateAsync(unmapped.map((line) => ({ line_id: line.line_id, sku: (skus[line.line_id] ?? "").trim() })).filter((line) => line.sku));
      setNotice(t("rfqSupplier.mappingSaved"));
    } catch (cause) {
      setError(errorMessage(t, cause));
    }
  };
  return (
    <section className="card" aria-labelledby="rfq-award-title">
      <h2 id="rfq-award-title">{t("rfqSupplier.awardTitle")}</h2>
      <div className="table-wrap">
        <table className="table--dense">
          <thead>
            <tr>
              <th scope="col">{t("rfqSupplier.line")}</th>
              <th scope="col">{t("rfqSupplier.quantity")}</th>
              <th scope="col">{t("rfqSupplier.unitPriceShort")}</th>
              <th scope="col">{t("rfqSupplier.yourSku")}</th>
            </tr>
          </thead>
          <tbody>
            {award.data.lines.map((awarded) => {
              const line = lines.get(awarded.line_id);
              return (
                <tr key={awarded.line_id}>
                  <td>{line ? `${line.position}. ${line.description}` : awarded.line_id}</td>
                  <td className="numeric">
                    {formatQuantity(locale, awarded.quantity)} {line?.unit ?? ""}
                  </td>
                  <td className="numeric">{formatMoney(locale, awarded.unit_price, rfq.currency)}</td>
                  <td>
                    {awarded.sku ?? (
                      <>
                        <label htmlFor={`map-${awarded.line_id}`} className="visually-hidden">
                          {t("rfqSupplier.mapSkuOf", { line: line?.description ?? awarded.line_id })}
                        </label>
                        <input id={`map-${awarded.line_id}`} maxLength={64} value={skus[awarded.line_id] ?? ""} onChange={(e) => setSkus({ ...skus, [awarded.line_id]: e.target.value })} />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {award.data.order_id && (
        <p>
          <Link to={`/app/sales-orders/${award.data.order_id}`}>{t("rfqSupplier.awardOrder")}</Link>
        </p>
      )}
      {award.data.price_list_id && (
        <p>
          <Link to={`/app/price-lists/${award.data.price_list_id}`}>{t("rfqSupplier.awardContract")}</Link>
        </p>
      )}
      {unmapped.length > 0 && (
        <>
          <p className="alert alert--info">{t("rfqSupplier.mapIntro")}</p>
          <FormAlert message={error} />
          <Notice message={notice} />
          {can("quotes.write") && (
            <Button tone="primary" busy={map.isPending} onPress={() => void submit()}>
              {t("rfqSupplier.saveMapping")}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
