import { useMemo, useState } from "react";
import { Link } from "react-router";
import { FormAlert, Notice, SelectField, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage, fieldErrors } from "../../../lib/errors";
import { useLocations } from "../../buyers/api/locations";
import { useOrg } from "../../orgContext";
import { Money } from "../shared/numbers";
import { useAward, useAwardResult } from "./api/rfqs";
import type { MessageKey } from "../../../i18n/messages";
import type { AwardIn, AwardOut, AwardSupplier, Comparison, Rfq } from "./api/types";
import { awardBody, awardedSuppliers, selectionTotals, type Selection } from "./compare";

const PAYMENT_METHODS = ["on_account", "bank_transfer"] as const;
type PaymentMethod = (typeof PAYMENT_METHODS)[number];

interface Props {
  rfq: Rfq;
  comparison: Comparison;
  selection: Selection;
  onClose: () => void;
}

/**
 * The award's choices: orders (ship-to, bill-to, PO number, payment per supplier) and/or
 * contract price lists (valid until). One Idempotency-Key per opened dialog: a double
 * click or a retry awards once.
 */
export function AwardDialog({ rfq, comparison, selection, onClose }: Props) {
  const { t } = useI18n();
  const { active } = useOrg();
  const locations = useLocations(active.id);
  const award = useAward(active.id, rfq.id);
  const [key] = useState(() => crypto.randomUUID());
  const winners = awardedSuppliers(comparison, selection);
  const totals = selectionTotals(comparison, selection);
  const names = useMemo(() => new Map(comparison.suppliers.map((s) => [s.tenant_id, s.name])), [comparison.suppliers]);
  const list = locations.data ?? [];
  const defaultShip = list.find((l) => l.is_default_ship_to)?.id ?? rfq.delivery_location_id ?? "";
  const defaultBill = list.find((l) => l.is_default_bill_to)?.id ?? "";
  const [orders, setOrders] = useState(true);
  const [contract, setContract] = useState(false);
  const [shipTo, setShipTo] = useState<string | null>(null);
  const [billTo, setBillTo] = useState<string | null>(null);
  const [po, setPo] = useState("");
  const [payment, setPayment] = useState<Record<string, PaymentMethod>>({});
  const [validUntil, setValidUntil] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [lineProblems, setLineProblems] = useState<string[]>([]);
  const ship = shipTo ?? defaultShip;
  const bill = billTo ?? defaultBill;

  const submit = async () => {
    const problems: Record<string, string> = {};
    if (!orders && !contract) problems.outcome = t("rfq.awardPickOutcome");
    if (orders && !ship) problems.ship_to = t("rfq.v.required");
    if (orders && !bill) problems.bill_to = t("rfq.v.required");
    if (contract && !validUntil) problems.valid_until = t("rfq.v.required");
    if (contract && validUntil && validUntil <= new Date().toISOString().slice(0, 10)) problems.valid_until = t("rfq.v.validUntilPast");
    setErrors(problems);
    setAlert(null);
    setLineProblems([]);
    if (Object.keys(problems).length) return;
    const body = awardBody(
      comparison,
      selection,
      orders ? { ship_to_location_id: ship, bill_to_location_id: bill, po_number: po.trim() || null, payment_methods: Object.fromEntries(winners.map((id) => [id, payment[id] ?? "bank_transfer"])) } : null,
      contract ? { valid_until: validUntil } : null,
    );
    try {
      await award.mutateAsync({ body, key });
      onClose();
    } catch (error) {
      // the problem's fields next to ours; the problem itself (an approval refused, a quote expired) above
      const fields = fieldErrors(t, error);
      const placed = { ship_to: fields["orders.ship_to_location_id"], bill_to: fields["orders.bill_to_location_id"], valid_until: fields["contract.valid_until"] };
      setErrors(Object.fromEntries(Object.entries(placed).filter((entry): entry is [string, string] => Boolean(entry[1]))));
      setAlert(errorMessage(t, error));
      setLineProblems(lineErrors(fields, body, comparison));
    }
  };

  const options = (kind: "is_ship_to" | "is_bill_to") => [{ value: "", label: "—" }, ...list.filter((l) => l[kind]).map((l) => ({ value: l.id, label: `${l.name}, ${l.city}` }))];
  return (
    <section className="card rfq-award" role="dialog" aria-modal="false" aria-label={t("rfq.awardTitle")}>
      <h2>{t("rfq.awardTitle")}</h2>
      <FormAlert message={alert} />
      {lineProblems.length > 0 && (
        <ul className="field__error" aria-label={t("rfq.awardLineProblems")}>
          {lineProblems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <ul>
        {winners.map((id) => (
          <li key={id}>
            {names.get(id)}: <Money amount={totals[id]} currency={comparison.currency} />
          </li>
        ))}
      </ul>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>{t("rfq.awardOutcome")}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={orders} onChange={(e) => setOrders(e.target.checked)} /> {t("rfq.awardOrders")}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={contract} onChange={(e) => setContract(e.target.checked)} /> {t("rfq.awardContract")}
          </label>
          {errors.outcome && <p className="field__error">{errors.outcome}</p>}
        </fieldset>
        {orders && (
          <div className="form-grid">
            <SelectField label={t("rfq.shipTo")} value={ship} onValue={setShipTo} options={options("is_ship_to")} error={errors.ship_to} />
            <SelectField label={t("rfq.billTo")} value={bill} onValue={setBillTo} options={options("is_bill_to")} error={errors.bill_to} />
            <TextField label={t("rfq.poNumber")} value={po} onValue={setPo} maxLength={100} />
            {winners.map((id) => (
              <SelectField
                key={id}
                label={t("rfq.paymentFor", { name: names.get(id) ?? id })}
                value={payment[id] ?? "bank_transfer"}
                onValue={(value) => setPayment({ ...payment, [id]: PAYMENT_METHODS.find((m) => m === value) ?? "bank_transfer" })}
                options={PAYMENT_METHODS.map((method) => ({ value: method, label: t(method === "on_account" ? "rfq.onAccount" : "rfq.bankTransfer") }))}
              />
            ))}
          </div>
        )}
        {contract && (
          <div className="form-grid">
            <TextField label={t("rfq.contractValidUntil")} hint={t("rfq.contractHint")} type="date" value={validUntil} onValue={setValidUntil} error={errors.valid_until} />
          </div>
        )}
        <p className="muted">{t("rfq.awardNotice")}</p>
        <div className="rfq-actions">
          <Button type="submit" tone="primary" busy={award.isPending} busyLabel={t("rfq.awarding")}>
            {t("rfq.awardConfirm", { count: winners.length })}
          </Button>
          <Button onPress={onClose}>{t("app.cancel")}</Button>
        </div>
      </form>
    </section>
  );
}

/** The award's complaints about its lines (`lines[1].splits`: …) as "2. Custom bracket: …". */
export function lineErrors(fields: Record<string, string>, body: AwardIn, comparison: Comparison): string[] {
  return Object.entries(fields).flatMap(([field, message]) => {
    const index = /^lines\[(\d+)\]/.exec(field)?.[1];
    if (index === undefined) return [];
    const line = comparison.lines.find((l) => l.id === body.lines[Number(index)]?.line_id);
    return [line ? `${line.position}. ${line.description}: ${message}` : message];
  });
}

/** What the award made: each supplier's order (or the approval it waits for) and contract list. */
export function AwardResult({ rfq }: { rfq: Rfq }) {
  const { active } = useOrg();
  const result = useAwardResult(active.id, rfq.id, true);
  if (result.data === undefined) return <LoadState error={result.error} onRetry={() => void result.refetch()} />;
  return <AwardSummary award={result.data} />;
}

/** Per supplier: its order (a link once placed; waiting for approval, failed with the reason) and its contract list. */
export function AwardSummary({ award }: { award: AwardOut }) {
  const { t, date } = useI18n();
  const waiting = award.checkout_status === "pending_approval" || award.suppliers.some((s) => s.order_status === "waiting_approval");
  return (
    <section className="card" aria-label={t("rfq.awardResult")}>
      <h2>{t("rfq.awardResult")}</h2>
      {waiting && <Notice tone="info" message={t("rfq.awardWaitsApproval")} />}
      {award.status === "placing" && <p className="muted">{t("rfq.awardPlacing")}</p>}
      {award.checkout_id && (
        <p>
          <Link to={`/app/checkouts/${award.checkout_id}`}>{t("rfq.awardCheckout")}</Link>
        </p>
      )}
      <table className="rfq-stack">
        <thead>
          <tr>
            <th>{t("rfq.supplier")}</th>
            <th>{t("rfq.total")}</th>
            <th>{t("rfq.awardOrdersTitle")}</th>
            <th>{t("rfq.awardContractsTitle")}</th>
          </tr>
        </thead>
        <tbody>
          {award.suppliers.map((supplier) => (
            <tr key={supplier.tenant_id}>
              <td data-label={t("rfq.supplier")}>{supplier.name}</td>
              <td data-label={t("rfq.total")}>
                <Money amount={supplier.total} currency={award.currency} />
              </td>
              <td data-label={t("rfq.awardOrdersTitle")}>
                <OrderOutcome supplier={supplier} />
              </td>
              <td data-label={t("rfq.awardContractsTitle")}>
                {supplier.contract_status ? t(contractKey(supplier.contract_status)) : "—"}
                {supplier.contract_status && award.contract_valid_until && <div className="muted">{t("rfq.validUntil", { date: date(award.contract_valid_until) })}</div>}
                {supplier.contract_reason && <div className="muted">{supplier.contract_reason}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function contractKey(status: string): MessageKey {
  if (status === "done") return "rfq.contractDone";
  if (status === "needs_mapping") return "rfq.contractNeedsMapping";
  if (status === "failed") return "rfq.contractFailed";
  return "rfq.contractPending";
}

function OrderOutcome({ supplier }: { supplier: AwardSupplier }) {
  const { t } = useI18n();
  if (!supplier.order_status) return <>—</>;
  return (
    <>
      {supplier.order_id ? (
        <Link to={`/app/orders/${supplier.order_id}`}>{t("rfq.orderN", { number: supplier.order_number ?? supplier.order_id })}</Link>
      ) : (
        <span className="muted">{t(supplier.order_status === "failed" ? "rfq.orderFailed" : supplier.order_status === "waiting_approval" ? "rfq.orderWaiting" : "rfq.orderPending")}</span>
      )}
      {supplier.order_reason && <div className="muted">{supplier.order_reason}</div>}
    </>
  );
}
