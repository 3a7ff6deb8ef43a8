import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useNavigate } from "react-router";
import { z } from "zod";
import { ApiError } from "../../api/client";
import { FormAlert, Notice, Spinner } from "../../components/forms";
import { Button, SelectInput, TextInput } from "../../components/kit/fields";
import { LoadState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { applyServerErrors } from "../../lib/forms";
import { formatMoney, formatQuantity } from "../../lib/money";
import { useOrg } from "../orgContext";
import { useCheckoutPreview, usePlaceOrders, type CheckoutPreview, type PaymentMethod, type SupplierGroup } from "./api/checkout";

interface Draft {
  ship_to: string;
  bill_to: string;
  po_number: string;
  requested_delivery_date: string;
  note: string;
  payment: Record<string, PaymentMethod>;
}

/** A group the buyer can order from now: the supplier takes orders and every line has a price. */
export function placeable(group: SupplierGroup): boolean {
  return group.available && group.subtotal != null && group.lines.every((line) => line.reason == null);
}

/** The cart by supplier, addresses and payment per supplier, then "Place orders": one order per supplier. */
export function Checkout() {
  const { t } = useI18n();
  const { active } = useOrg();
  const preview = useCheckoutPreview(active.id);
  if (preview.data === undefined) return preview.isFetching ? <Spinner /> : <LoadState error={preview.error} onRetry={() => void preview.refetch()} />;
  return (
    <div className="page">
      <h1>{t("checkout.title")}</h1>
      <p className="muted">{t("checkout.intro")}</p>
      {preview.data.suppliers.length === 0 ? (
        <p className="state state--empty">{t("checkout.empty")}</p>
      ) : (
        <CheckoutForm orgId={active.id} preview={preview.data} reload={() => preview.refetch()} />
      )}
    </div>
  );
}

function CheckoutForm({ orgId, preview, reload }: { orgId: string; preview: CheckoutPreview; reload: () => Promise<unknown> }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const place = usePlaceOrders(orgId);
  const [conflict, setConflict] = useState<"prices" | "unavailable" | null>(null);
  const schema = useMemo(
    () =>
      z.object({
        ship_to: z.string().min(1, t("checkout.required")),
        bill_to: z.string().min(1, t("checkout.required")),
        po_number: z.string().max(100),
        requested_delivery_date: z.string(),
        note: z.string().max(2000),
        payment: z.record(z.string(), z.enum(["on_account", "bank_transfer"])),
      }),
    [t],
  );
  const form = useForm<Draft>({
    defaultValues: {
      ship_to: preview.default_ship_to ?? "",
      bill_to: preview.default_bill_to ?? "",
      po_number: "",
      requested_delivery_date: "",
      note: "",
      payment: Object.fromEntries(preview.suppliers.map((g) => [g.tenant_id, g.payment_methods[0]?.method ?? "bank_transfer"])),
    },
    resolver: zodResolver(schema),
  });
  const { errors, isSubmitting } = form.formState;
  const groups = preview.suppliers.filter(placeable);
  const options = (kind: "is_ship_to" | "is_bill_to") => [{ value: "", label: "—" }, ...preview.locations.filter((l) => l[kind]).map((l) => ({ value: l.id, label: `${l.name}, ${l.city}` }))];

  const submit = (skipUnavailable: boolean) =>
    form.handleSubmit(async (draft) => {
      setConflict(null);
      const body = {
        ship_to_location_id: draft.ship_to,
        bill_to_location_id: draft.bill_to,
        po_number: draft.po_number.trim() || null,
        requested_delivery_date: draft.requested_delivery_date || null,
        note: draft.note.trim() || null,
        skip_unavailable: skipUnavailable,
        suppliers: groups.map((g) => ({ tenant_id: g.tenant_id, payment_method: draft.payment[g.tenant_id] ?? "bank_transfer", expected_total: g.subtotal ?? "0" })),
      };
      try {
        const placed = await place.mutateAsync({ body, key: crypto.randomUUID() });
        void navigate(`/app/checkouts/${placed.id}`);
      } catch (error) {
        if (error instanceof ApiError && (error.code === "checkout.prices_changed" || error.code === "checkout.supplier_unavailable")) {
          setConflict(error.code === "checkout.prices_changed" ? "prices" : "unavailable");
          await reload(); // the new prices, or which supplier left, as the server sees them now
          return;
        }
        applyServerErrors(form, t, error, { alertWithFields: false });
      }
    });

  return (
    <form className="form" noValidate onSubmit={(e) => void submit(false)(e)} aria-label={t("checkout.title")}>
      <FormAlert message={errors.root?.server?.message} />
      {conflict === "prices" && <Notice tone="info" message={t("checkout.pricesChanged")} />}
      {conflict === "unavailable" && (
        <div className="state" role="alert">
          <p>{t("checkout.supplierUnavailable")}</p>
          <Button tone="primary" busy={isSubmitting} onPress={() => void submit(true)()}>
            {t("checkout.placeOthers")}
          </Button>
        </div>
      )}
      {preview.approval.needed && (
        <section className="card" aria-label={t("checkout.approvalNeeded")}>
          <p>{t("checkout.approvalNeeded")}</p>
          <ul>
            {(preview.approval.reasons ?? []).map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="card">
        <h2>{t("checkout.addresses")}</h2>
        {preview.locations.length === 0 && <p className="muted">{t("checkout.noLocations")}</p>}
        <div className="form-grid">
          <SelectInput control={form.control} name="ship_to" label={t("checkout.shipTo")} options={options("is_ship_to")} />
          <SelectInput control={form.control} name="bill_to" label={t("checkout.billTo")} options={options("is_bill_to")} />
          <TextInput control={form.control} name="po_number" label={t("checkout.poNumber")} maxLength={100} />
          <TextInput control={form.control} name="requested_delivery_date" label={t("checkout.deliveryDate")} type="date" />
          <TextInput control={form.control} name="note" label={t("checkout.note")} maxLength={2000} />
        </div>
      </section>

      {preview.suppliers.map((group) => (
        <SupplierSection key={group.tenant_id} group={group} control={form.control} />
      ))}

      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("checkout.placing")} isDisabled={groups.length === 0}>
          {t("checkout.place")}
        </Button>
      </div>
      {groups.length === 0 && <p className="muted">{t("checkout.nothingToPlace")}</p>}
    </form>
  );
}

function SupplierSection({ group, control }: { group: SupplierGroup; control: ReturnType<typeof useForm<Draft>>["control"] }) {
  const { t, locale } = useI18n();
  const money = (amount: string | null | undefined) => (amount == null || group.currency == null ? "—" : formatMoney(locale, amount, group.currency));
  return (
    <section className="card" aria-label={group.supplier_name}>
      <h2>{group.supplier_name}</h2>
      {!group.available && <Notice tone="info" message={t("checkout.unavailable", { reason: group.unavailable_reason ?? "" })} />}
      <table className="stack-table">
        <thead>
          <tr>
            <th>{t("checkout.sku")}</th>
            <th>{t("checkout.quantity")}</th>
            <th>{t("checkout.unitPrice")}</th>
            <th>{t("checkout.lineTotal")}</th>
          </tr>
        </thead>
        <tbody>
          {group.lines.map((line) => (
            <tr key={line.cart_line_id}>
              <td>{line.sku}</td>
              <td>{formatQuantity(locale, line.quantity)}</td>
              <td>{line.reason ? t("checkout.noPrice", { reason: line.reason }) : money(line.unit_price)}</td>
              <td>{money(line.line_total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {group.available && group.lines.some((line) => line.reason) && <p className="muted">{t("checkout.unpricedHint")}</p>}
      <p>
        <strong>{t("checkout.subtotal")}:</strong> {money(group.subtotal)}
      </p>
      {placeable(group) && (
        <SelectInput
          control={control}
          name={`payment.${group.tenant_id}`}
          label={t("checkout.paymentMethod")}
          options={group.payment_methods.map((option) => ({
            value: option.method,
            label: option.method === "on_account" ? t("checkout.onAccount", { days: String(option.payment_terms_days ?? 0) }) : t("checkout.bankTransfer"),
          }))}
        />
      )}
    </section>
  );
}
