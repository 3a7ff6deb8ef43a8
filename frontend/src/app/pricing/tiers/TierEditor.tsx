import { useId } from "react";
import { useFieldArray, useFormState, useWatch, type UseFormReturn } from "react-hook-form";
import { useI18n } from "../../../i18n/context";
import { typedDecimal } from "../../../lib/decimal";
import { formatMoney } from "../../../lib/money";
import type { ItemValues } from "./tiers";
import "../pricing.css";

interface Props {
  form: UseFormReturn<ItemValues>;
  sku: string;
  currency: string;
}

/** Rows of "from quantity → unit price", add / remove; errors sit in each cell. */
export function TierEditor({ form, sku, currency }: Props) {
  const { t } = useI18n();
  const base = useId();
  const tiers = useFieldArray({ control: form.control, name: "tiers" });
  const { errors } = useFormState({ control: form.control, name: "tiers" });
  const tableError = errors.tiers?.root?.message ?? errors.tiers?.message;
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
          {tiers.fields.map((field, i) => (
            <TierRow key={field.id} form={form} index={i} id={`${base}-${i}`} sku={sku} currency={currency} onRemove={() => tiers.remove(i)} />
          ))}
        </tbody>
      </table>
      {tableError && (
        <p className="field__error" role="alert">
          {tableError}
        </p>
      )}
      <button type="button" className="button" onClick={() => tiers.append({ min_qty: "", unit_price: "" }, { shouldFocus: false })}>
        {t("tiers.add")}
      </button>
    </div>
  );
}

function TierRow({ form, index, id, sku, currency, onRemove }: { form: UseFormReturn<ItemValues>; index: number; id: string; sku: string; currency: string; onRemove: () => void }) {
  const { t, locale } = useI18n();
  const { errors } = useFormState({ control: form.control, name: `tiers.${index}` });
  const price = useWatch({ control: form.control, name: `tiers.${index}.unit_price` });
  const rowErrors = errors.tiers?.[index];
  const qtyError = rowErrors?.min_qty?.message;
  const priceError = rowErrors?.unit_price?.message;
  const qtyId = `${id}-q`;
  const priceId = `${id}-p`;
  const typed = typedDecimal(locale, price);
  return (
    <tr>
      <td>
        <label htmlFor={qtyId} className="visually-hidden">
          {t("tiers.minQtyRow", { sku, n: index + 1 })}
        </label>
        <input id={qtyId} inputMode="decimal" {...form.register(`tiers.${index}.min_qty`)} aria-invalid={qtyError ? true : undefined} aria-describedby={qtyError ? `${qtyId}-error` : undefined} />
        {qtyError && (
          <p id={`${qtyId}-error`} className="field__error">
            {qtyError}
          </p>
        )}
      </td>
      <td>
        <label htmlFor={priceId} className="visually-hidden">
          {t("tiers.unitPriceRow", { sku, n: index + 1 })}
        </label>
        <input
          id={priceId}
          inputMode="decimal"
          {...form.register(`tiers.${index}.unit_price`)}
          aria-invalid={priceError ? true : undefined}
          aria-describedby={priceError ? `${priceId}-error` : `${priceId}-preview`}
        />
        {priceError ? (
          <p id={`${priceId}-error`} className="field__error">
            {priceError}
          </p>
        ) : (
          <p id={`${priceId}-preview`} className="field__hint">
            {typed === null ? "\u00a0" : formatMoney(locale, typed, currency)}
          </p>
        )}
      </td>
      <td>
        <button type="button" className="button button--link" onClick={onRemove} aria-label={t("tiers.removeRow", { sku, n: index + 1 })}>
          {t("app.remove")}
        </button>
      </td>
    </tr>
  );
}
