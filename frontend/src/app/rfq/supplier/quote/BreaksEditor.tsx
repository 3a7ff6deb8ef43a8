import { useFieldArray, useFormState, type UseFormReturn } from "react-hook-form";
import { useI18n } from "../../../../i18n/context";
import type { QuoteValues } from "./quoteForm";

/** A line's quantity breaks: rows of "from quantity → unit price", added and removed; errors in each cell. */
export function BreaksEditor({ form, index, label, currency, disabled }: { form: UseFormReturn<QuoteValues>; index: number; label: string; currency: string; disabled: boolean }) {
  const { t } = useI18n();
  const rows = useFieldArray({ control: form.control, name: `lines.${index}.breaks` });
  const { errors } = useFormState({ control: form.control, name: `lines.${index}.breaks` });
  const rowErrors = errors.lines?.[index]?.breaks;
  // about the breaks as a whole (the API's `lines[2].breaks`: not ascending)
  const tableError = rowErrors?.message ?? rowErrors?.root?.message;
  return (
    <fieldset className="rfq-breaks">
      <legend>{t("rfqSupplier.breaks")}</legend>
      {rows.fields.length > 0 && (
        <table>
          <caption className="visually-hidden">{t("rfqSupplier.breaksOf", { line: label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rfqSupplier.breakFrom")}</th>
              <th scope="col">{t("rfqSupplier.breakPrice", { currency })}</th>
              <th scope="col">
                <span className="visually-hidden">{t("tenants.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.fields.map((field, i) => {
              const qtyError = rowErrors?.[i]?.min_quantity?.message;
              const priceError = rowErrors?.[i]?.unit_price?.message;
              const id = `break-${index}-${i}`;
              return (
                <tr key={field.id}>
                  <td>
                    <label htmlFor={`${id}-q`} className="visually-hidden">
                      {t("rfqSupplier.breakFromRow", { line: label, n: i + 1 })}
                    </label>
                    <input id={`${id}-q`} inputMode="decimal" disabled={disabled} {...form.register(`lines.${index}.breaks.${i}.min_quantity`)} aria-invalid={qtyError ? true : undefined} aria-describedby={qtyError ? `${id}-q-error` : undefined} />
                    {qtyError && (
                      <p id={`${id}-q-error`} className="field__error">
                        {qtyError}
                      </p>
                    )}
                  </td>
                  <td>
                    <label htmlFor={`${id}-p`} className="visually-hidden">
                      {t("rfqSupplier.breakPriceRow", { line: label, n: i + 1 })}
                    </label>
                    <input id={`${id}-p`} inputMode="decimal" disabled={disabled} {...form.register(`lines.${index}.breaks.${i}.unit_price`)} aria-invalid={priceError ? true : undefined} aria-describedby={priceError ? `${id}-p-error` : undefined} />
                    {priceError && (
                      <p id={`${id}-p-error`} className="field__error">
                        {priceError}
                      </p>
                    )}
                  </td>
                  <td>
                    <button type="button" className="button button--link" disabled={disabled} onClick={() => rows.remove(i)} aria-label={t("rfqSupplier.removeBreak", { line: label, n: i + 1 })}>
                      {t("app.remove")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {tableError && (
        <p className="field__error" role="alert">
          {tableError}
        </p>
      )}
      <button type="button" className="button" disabled={disabled} onClick={() => rows.append({ min_quantity: "", unit_price: "" }, { shouldFocus: true })}>
        {t("rfqSupplier.addBreak")}
      </button>
    </fieldset>
  );
}
