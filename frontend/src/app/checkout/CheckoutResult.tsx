import { useContext, useState } from "react";
import { Link, useParams } from "react-router";
import { Spinner } from "../../components/forms";
import { Button } from "../../components/kit/fields";
import { LoadState } from "../../components/ListState";
import { useI18n, type I18n } from "../../i18n/context";
import { formatMoney } from "../../lib/money";
import { SessionContext } from "../../session/context";
import { PurchaseRequestProgress } from "../approvals/PurchaseRequestProgress";
import { useOrg } from "../orgContext";
import { useCheckout, type CheckoutOut, type CheckoutStep } from "./api/checkout";
import { EditRequest } from "./EditRequest";

/** What became of each supplier's order: placed (its number), waiting for approval, or failed (why). */
export function stepText(t: I18n["t"], checkout: CheckoutOut, step: CheckoutStep): string {
  if (step.status === "placed") {
    return step.order_status === "credit_hold"
      ? t("checkout.step.creditHold", { number: step.order_number ?? "", reason: step.order_status_reason ?? "" })
      : t("checkout.step.placed", { number: step.order_number ?? "" });
  }
  if (step.status === "failed") return t("checkout.step.failed", { reason: step.failure_reason ?? "" });
  return checkout.status === "pending_approval" ? t("checkout.step.waitingApproval") : t("checkout.step.pending");
}

/** One checkout: its state and one row per supplier order. */
export function CheckoutResult() {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const { id = "" } = useParams();
  const checkout = useCheckout(active.id, id);
  const me = useContext(SessionContext)?.me;
  const [editing, setEditing] = useState(false);
  if (checkout.data === undefined) return checkout.isFetching ? <Spinner /> : <LoadState error={checkout.error} onRetry={() => void checkout.refetch()} />;
  const data = checkout.data;
  const mayEdit = data.status === "pending_approval" && me != null && me.id === data.user_id;
  return (
    <div className="page">
      <h1>{t("checkout.resultTitle")}</h1>
      <p>
        <strong>{t(`checkout.status.${data.status}`)}</strong>
        {data.status === "rejected" && data.status_reason ? ` — ${t("checkout.rejectedBecause", { reason: data.status_reason })}` : ""}
      </p>
      {data.po_number && (
        <p className="muted">
          {t("checkout.poNumber")}: {data.po_number}
        </p>
      )}
      <section className="card">
        <table className="stack-table">
          <thead>
            <tr>
              <th>{t("checkout.supplier")}</th>
              <th>{t("checkout.subtotal")}</th>
              <th>{t("checkout.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.steps.map((step) => (
              <tr key={step.tenant_id} data-status={step.status}>
                <td>{step.supplier_name}</td>
                <td>{formatMoney(locale, step.total, step.currency)}</td>
                <td>{stepText(t, data, step)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {data.request && <PurchaseRequestProgress request={data.request} />}
      {mayEdit && !editing && <Button onPress={() => setEditing(true)}>{t("checkout.edit.open")}</Button>}
      {mayEdit && editing && <EditRequest checkout={data} onDone={() => setEditing(false)} />}
      <Link to="/app/checkout">{t("checkout.back")}</Link>
    </div>
  );
}
