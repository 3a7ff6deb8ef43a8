import { useState } from "react";
import { FormAlert } from "../../components/forms";
import { Button } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useOrg } from "../orgContext";
import { useEditCheckout, type CheckoutEditIn, type CheckoutOut } from "./api/checkout";

/** Quantity per supplier and SKU, as typed; a removed line is absent. */
type Draft = Record<string, Record<string, string>>;

function draftOf(checkout: CheckoutOut): Draft {
  return Object.fromEntries(checkout.steps.map((step) => [step.tenant_id, Object.fromEntries((step.lines ?? []).map((line) => [line.sku, line.quantity]))]));
}

/** The edit as the API takes it: a supplier with no line left is dropped. */
export function editBody(checkout: CheckoutOut, draft: Draft): CheckoutEditIn {
  return {
    suppliers: checkout.steps
      .map((step) => ({
        tenant_id: step.tenant_id,
        payment_method: step.payment_method,
        lines: Object.entries(draft[step.tenant_id] ?? {}).map(([sku, quantity]) => ({ sku, quantity: quantity.trim().replace(",", ".") })),
      }))
      .filter((supplier) => supplier.lines.length > 0),
  };
}

/**
 * The requester changes a request that waits for approval: quantities, lines removed. Saving
 * re-prices it and its approvals start again from the first level.
 */
export function EditRequest({ checkout, onDone }: { checkout: CheckoutOut; onDone: () => void }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const edit = useEditCheckout(active.id, checkout.id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(checkout));
  const [key] = useState(() => crypto.randomUUID());
  const set = (tenant: string, sku: string, quantity: string | null) =>
    setDraft((current) => {
      const lines = { ...current[tenant] };
      if (quantity === null) delete lines[sku];
      else lines[sku] = quantity;
      return { ...current, [tenant]: lines };
    });
  const body = editBody(checkout, draft);
  return (
    <section className="card" aria-label={t("checkout.edit.title")}>
      <h2>{t("checkout.edit.title")}</h2>
      <p className="muted">{t("checkout.edit.intro")}</p>
      {checkout.steps.map((step) => (
        <div key={step.tenant_id}>
          <h3>{step.supplier_name}</h3>
          <table className="stack-table">
            <tbody>
              {Object.entries(draft[step.tenant_id] ?? {}).map(([sku, quantity]) => (
                <tr key={sku}>
                  <td>{sku}</td>
                  <td>
                    <input aria-label={t("checkout.edit.quantityOf", { sku })} inputMode="decimal" value={quantity} onChange={(e) => set(step.tenant_id, sku, e.target.value)} />
                  </td>
                  <td>
                    <Button onPress={() => set(step.tenant_id, sku, null)}>{t("checkout.edit.remove", { sku })}</Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <FormAlert message={edit.error ? errorMessage(t, edit.error) : null} />
      <Button tone="primary" isDisabled={body.suppliers.length === 0} busy={edit.isPending} busyLabel={t("checkout.edit.saving")} onPress={() => edit.mutate({ body, key }, { onSuccess: onDone })}>
        {t("checkout.edit.save")}
      </Button>{" "}
      <Button onPress={onDone}>{t("checkout.edit.cancel")}</Button>
    </section>
  );
}
