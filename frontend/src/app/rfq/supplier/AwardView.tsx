import { useState } from "react";
import { Link } from "react-router";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import { errorMessage } from "../../../lib/errors";
import { formatMoney, formatQuantity } from "../../../lib/money";
import { useCan } from "../../../session/permissions";
import { useMapAwardLines, useSupplierAward } from "./api/rfqs";

/** What the buyer awarded this supplier: the lines at their locked prices, the order, the contract list; free-text lines mapped to its SKUs. */
export function AwardView({ slug, rfqId }: { slug: string; rfqId: string }) {
  const { t, locale, date } = useI18n();
  const can = useCan();
  const award = useSupplierAward(slug, rfqId, true);
  const map = useMapAwardLines(slug, rfqId);
  const [skus, setSkus] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (!award.data) return award.error ? <FormAlert message={errorMessage(t, award.error)} /> : null;
  const data = award.data;
  const unmapped = data.lines.filter((line) => !line.sku);
  const submit = async () => {
    setError(null);
    setNotice(null);
    const mappings = unmapped.map((line) => ({ line_id: line.line_id, sku: (skus[line.line_id] ?? "").trim() })).filter((line) => line.sku);
    if (mappings.length === 0) {
      setError(t("rfqSupplier.mapNone"));
      return;
    }
    try {
      await map.mutateAsync(mappings);
      setNotice(t("rfqSupplier.mappingSaved"));
    } catch (cause) {
      setError(errorMessage(t, cause));
    }
  };
  return (
    <section className="card" aria-labelledby="rfq-award-title">
      <h2 id="rfq-award-title">{t("rfqSupplier.awardTitle")}</h2>
      <p className="muted">{t("rfqSupplier.awardedAt", { date: date(data.awarded_at) })}</p>
      <div className="table-wrap">
        <table className="table--dense">
          <caption className="visually-hidden">{t("rfqSupplier.awardTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rfqSupplier.line")}</th>
              <th scope="col">{t("rfqSupplier.quantity")}</th>
              <th scope="col">{t("rfqSupplier.unitPriceShort")}</th>
              <th scope="col">{t("rfqSupplier.lineTotalShort")}</th>
              <th scope="col">{t("rfqSupplier.yourSku")}</th>
            </tr>
          </thead>
          <tbody>
            {data.lines.map((line) => (
              <tr key={line.line_id}>
                <td>
                  {line.position}. {line.description}
                </td>
                <td className="numeric">
                  {formatQuantity(locale, line.quantity)} {line.unit}
                </td>
                <td className="numeric">{formatMoney(locale, line.unit_price, data.currency)}</td>
                <td className="numeric">{formatMoney(locale, line.line_total, data.currency)}</td>
                <td>
                  {line.sku ?? (
                    <>
                      <label htmlFor={`map-${line.line_id}`} className="visually-hidden">
                        {t("rfqSupplier.mapSkuOf", { line: `${line.position}. ${line.description}` })}
                      </label>
                      <input id={`map-${line.line_id}`} maxLength={64} value={skus[line.line_id] ?? ""} onChange={(e) => setSkus({ ...skus, [line.line_id]: e.target.value })} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.order_number && (
        <p>
          {t("rfqSupplier.awardOrder", { number: data.order_number })} <Link to="/app/sales-orders">{t("rfqSupplier.toSalesOrders")}</Link>
        </p>
      )}
      {data.contract_status && (
        <p>
          {t(`rfqSupplier.contract.${data.contract_status}` as MessageKey, { date: data.contract_valid_until ? date(data.contract_valid_until) : "—" })}
          {data.contract_reason ? ` (${data.contract_reason})` : ""}{" "}
          {data.price_list_id && <Link to={`/app/price-lists/${data.price_list_id}`}>{t("rfqSupplier.awardContract")}</Link>}
        </p>
      )}
      {unmapped.length > 0 && (
        <>
          <p className="alert alert--info">{t("rfqSupplier.mapIntro")}</p>
          <FormAlert message={error} />
          {can("quotes.write") && (
            <Button tone="primary" busy={map.isPending} onPress={() => void submit()}>
              {t("rfqSupplier.saveMapping")}
            </Button>
          )}
        </>
      )}
      <Notice message={notice} />
    </section>
  );
}
