import { useId } from "react";
import { useI18n } from "../../i18n/context";
import { formatMoney } from "../../lib/money";
import { typedDecimal } from "../../lib/decimal";
import type { TierDraft, TierErrors } from "./tiers";

interface Props {
  sku: string;
  currency: string;
  tiers: TierDraft[];
  errors: TierErrors | null;
  onChange: (tiers: TierDraft[]) => void;
}

function previewPrice(price: string | null, format: (price: string) => string): string {
  return price === null ? "\u00a0" : format(price);
}

/** Rows of "from quantity → unit price", add / remove; errors sit in each cell. */
export function TierEditor({ sku, currency, tiers, errors, onChange }: Props) {
  const { t, locale } = useI18n();
  const base = useId();
  const set = (index: number, key: keyof TierDraft, value: string) => onChange(tiers.map((tier, i) => (i === index ? { ...tier, [key]: value } : tier)));
  return (
    <div className="tier-editor">
      <table>
        <caption className="visually-hidden">{t("tiers.caption", { sku })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("tiers.minQty")}</th>
            <th scope="col">{t("tiers.unitPrice", { currency })}</th>
            <th scope="col">
              <span className="visually-hidden">{t("tenants.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier, i) => {
            const rowErrors = errors?.rows[i] ?? {};
            const qtyId = `${base}-q${i}`;
            const priceId = `${base}-p${i}`;
            return (
              <tr key={i}>
                <td>
                  <label htmlFor={qtyId} className="visually-hidden">
                    {t("tiers.minQtyRow", { sku, n: i + 1 })}
                  </label>
                  <input
                    id={qtyId}
                    inputMode="decimal"
                    value={tier.min_qty}
                    onChange={(e) => set(i, "min_qty", e.target.value)}
                    aria-invalid={rowErrors.min_qty ? true : undefined}
                    aria-describedby={rowErrors.min_qty ? `${qtyId}-error` : undefined}
                  />
                  {rowErrors.min_qty && (
                    <p id={`${qtyId}-error`} className="field__error">
                      {t(rowErrors.min_qty)}
                    </p>
                  )}
                </td>
                <td>
                  <label htmlFor={priceId} className="visually-hidden">
                    {t("tiers.unitPriceRow", { sku, n: i + 1 })}
                  </label>
                  <input
                    id={priceId}
                    inputMode="decimal"
                    value={tier.unit_price}
                    onChange={(e) => set(i, "unit_price", e.target.value)}
                    aria-invalid={rowErrors.unit_price ? true : undefined}
                    aria-describedby={rowErrors.unit_price ? `${priceId}-error` : `${priceId}-preview`}
                  />
                  {rowErrors.unit_price ? (
                    <p id={`${priceId}-error`} className="field__error">
                      {t(rowErrors.unit_price)}
                    </p>
                  ) : (
                    <p id={`${priceId}-preview`} className="field__hint">
                      {previewPrice(typedDecimal(locale, tier.unit_price), (price) => formatMoney(locale, price, currency))}
                    </p>
                  )}
                </td>
                <td>
                  <button type="button" className="button button--link" onClick={() => onChange(tiers.filter((_, j) => j !== i))} aria-label={t("tiers.removeRow", { sku, n: i + 1 })}>
                    {t("app.remove")}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {errors?.table && (
        <p className="field__error" role="alert">
          {t(errors.table)}
        </p>
      )}
      <button type="button" className="button" onClick={() => onChange([...tiers, { min_qty: "", unit_price: "" }])}>
        {t("tiers.add")}
      </button>
    </div>
  );
}
