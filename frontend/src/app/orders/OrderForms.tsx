import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormAlert } from "../../components/forms";
import { Button, SelectInput, TextInput } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { isDecimal, isZero, normaliseDecimal } from "../../lib/decimal";
import { applyServerErrors } from "../../lib/forms";
import type { ChangeIn, OrderLine, ShipIn } from "./api/orders";

const positive = (value: string) => value.trim() !== "" && isDecimal(value.trim()) && !isZero(value.trim()) && !value.trim().startsWith("-");

/** A reason (reject, cancel): required, at most 1,000 characters. */
export function ReasonForm({ label, onSubmit, onClose }: { label: string; onSubmit: (reason: string) => Promise<unknown>; onClose: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ reason: z.string().trim().min(1, t("orders.reasonRequired")).max(1000) }), [t]);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { reason: "" } });
  const submit = form.handleSubmit(async ({ reason }) => {
    try {
      await onSubmit(reason);
      onClose();
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  });
  return (
    <form className="order-form" onSubmit={(event) => void submit(event)} noValidate>
      <TextInput control={form.control} name="reason" label={t("orders.reason")} maxLength={1000} autoFocus />
      <FormAlert message={form.formState.errors.root?.server?.message} />
      <div className="order-form__buttons">
        <Button type="submit" tone="danger" busy={form.formState.isSubmitting}>
          {label}
        </Button>
        <Button onPress={onClose}>{t("orders.close")}</Button>
      </div>
    </form>
  );
}

interface ShipDraft {
  lines: Record<string, string>;
  carrier: string;
  tracking_number: string;
  tracking_url: string;
}

/** A shipment: per line what to ship (prefilled with what is left), carrier and tracking. */
export function ShipForm({ lines, onSubmit, onClose }: { lines: OrderLine[]; onSubmit: (body: ShipIn) => Promise<unknown>; onClose: () => void }) {
  const { t } = useI18n();
  const open = lines.filter((line) => !line.cancelled && Number(line.quantity) > Number(line.shipped_quantity));
  const schema = useMemo(
    () =>
      z.object({
        lines: z.record(z.string(), z.string().refine((v) => v.trim() === "" || v.trim() === "0" || positive(v), t("orders.quantityFormat"))),
        carrier: z.string().max(100),
        tracking_number: z.string().max(100),
        tracking_url: z.string().refine((v) => v === "" || /^https?:\/\/\S+$/.test(v), t("orders.trackingUrlFormat")),
      }),
    [t],
  );
  const form = useForm<ShipDraft>({
    resolver: zodResolver(schema),
    defaultValues: {
      lines: Object.fromEntries(open.map((line) => [line.id, normaliseDecimal(String(Number(line.quantity) - Number(line.shipped_quantity)))])),
      carrier: "",
      tracking_number: "",
      tracking_url: "",
    },
  });
  const submit = form.handleSubmit(async (draft) => {
    const body: ShipIn = {
      lines: Object.entries(draft.lines)
        .filter(([, quantity]) => positive(quantity))
        .map(([line_id, quantity]) => ({ line_id, quantity: quantity.trim() })),
      carrier: draft.carrier.trim() || null,
      tracking_number: draft.tracking_number.trim() || null,
      tracking_url: draft.tracking_url.trim() || null,
    };
    try {
      await onSubmit(body);
      onClose();
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  });
  return (
    <form className="order-form" onSubmit={(event) => void submit(event)} noValidate aria-label={t("orders.shipTitle")}>
      <h3>{t("orders.shipTitle")}</h3>
      {open.map((line) => (
        <TextInput key={line.id} control={form.control} name={`lines.${line.id}`} label={`${t("orders.toShip")}: ${line.sku}`} inputMode="decimal" />
      ))}
      <TextInput control={form.control} name="carrier" label={t("orders.carrier")} maxLength={100} />
      <TextInput control={form.control} name="tracking_number" label={t("orders.trackingNumber")} maxLength={100} />
      <TextInput control={form.control} name="tracking_url" label={t("orders.trackingUrl")} maxLength={500} />
      <FormAlert message={form.formState.errors.root?.server?.message} />
      <div className="order-form__buttons">
        <Button type="submit" tone="primary" busy={form.formState.isSubmitting}>
          {t("orders.ship")}
        </Button>
        <Button onPress={onClose}>{t("orders.close")}</Button>
      </div>
    </form>
  );
}

interface ChangeDraft {
  quantities: Record<string, string>;
  removed: Record<string, boolean>;
  requested_delivery_date: string;
  ship_to_location_id: string;
}

/**
 * A change (the supplier's proposal or the buyer's request): new quantities per line, a new
 * date; the buyer (given `shipTo`, the company's ship-to locations) may also remove lines and
 * choose another ship-to location.
 */
export function ChangeForm({ title, lines, onSubmit, onClose, shipTo }: { title: string; lines: OrderLine[]; onSubmit: (body: ChangeIn) => Promise<unknown>; onClose: () => void; shipTo?: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const open = lines.filter((line) => !line.cancelled);
  const schema = useMemo(
    () =>
      z
        .object({
          quantities: z.record(z.string(), z.string().refine((v) => v.trim() === "" || positive(v), t("orders.quantityFormat"))),
          removed: z.record(z.string(), z.boolean()),
          requested_delivery_date: z.string(),
          ship_to_location_id: z.string(),
        })
        .refine((d) => d.requested_delivery_date !== "" || d.ship_to_location_id !== "" || Object.values(d.removed).some(Boolean) || Object.values(d.quantities).some((v) => v.trim() !== ""), { message: t("orders.nothingToChange"), path: ["requested_delivery_date"] }),
    [t],
  );
  const form = useForm<ChangeDraft>({ resolver: zodResolver(schema), defaultValues: { quantities: Object.fromEntries(open.map((l) => [l.id, ""])), removed: Object.fromEntries(open.map((l) => [l.id, false])), requested_delivery_date: "", ship_to_location_id: "" } });
  const submit = form.handleSubmit(async (draft) => {
    const body: ChangeIn = {
      lines: open
        .filter((line) => draft.removed[line.id] || (draft.quantities[line.id] ?? "").trim() !== "")
        .map((line) =>
          draft.removed[line.id]
            ? { line_id: line.id, quantity: null, requested_date: null, substitute_sku: null, remove: true }
            : { line_id: line.id, quantity: (draft.quantities[line.id] ?? "").trim(), requested_date: null, substitute_sku: null, remove: false },
        ),
      requested_delivery_date: draft.requested_delivery_date || null,
      ship_to_location_id: draft.ship_to_location_id || null,
      reason: null,
    };
    try {
      await onSubmit(body);
      onClose();
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  });
  return (
    <form className="order-form" onSubmit={(event) => void submit(event)} noValidate aria-label={title}>
      <h3>{title}</h3>
      {open.map((line) => (
        <div key={line.id}>
          <TextInput control={form.control} name={`quantities.${line.id}`} label={t("orders.newQuantity", { sku: line.sku })} inputMode="decimal" />
          {shipTo && (
            <label>
              <input type="checkbox" {...form.register(`removed.${line.id}`)} /> {t("orders.removeLine", { sku: line.sku })}
            </label>
          )}
        </div>
      ))}
      <TextInput control={form.control} name="requested_delivery_date" label={t("orders.requestedDate")} type="date" />
      {shipTo && <SelectInput control={form.control} name="ship_to_location_id" label={t("orders.newShipTo")} options={[{ value: "", label: t("orders.shipToUnchanged") }, ...shipTo]} />}
      <FormAlert message={form.formState.errors.root?.server?.message} />
      <div className="order-form__buttons">
        <Button type="submit" tone="primary" busy={form.formState.isSubmitting}>
          {t("orders.send")}
        </Button>
        <Button onPress={onClose}>{t("orders.close")}</Button>
      </div>
    </form>
  );
}
