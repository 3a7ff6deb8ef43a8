import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { Controller, useFieldArray, useForm, useWatch, type Control } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router";
import { z } from "zod";
import { FormAlert, Notice, Spinner, TextField } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, checkedBy } from "../../../lib/forms";
import { usePublicMarketplaces } from "../../browse/api/browse";
import { useLocations } from "../../buyers/api/locations";
import { useOrg } from "../../orgContext";
import { Money } from "../shared/numbers";
import { useCreateRfq, useRfq, useRfqSteps, useUpdateRfq } from "./api/rfqs";
import type { Rfq } from "./api/types";
import { RfqFiles } from "./RfqFiles";
import { AddLine } from "./LinePickers";
import { SupplierPicker } from "./SupplierPicker";
import { emptyDraft, estimatedValue, fromRfq, MAX_LINES, toRfqIn, validateRfqDraft, type RfqDraft } from "./wizard";
import "./buyer.css";

const draftShape = z.object({
  title: z.string(),
  marketplace: z.string(),
  currency: z.string(),
  deadline: z.string(),
  delivery_date: z.string(),
  delivery_location_id: z.string(),
  payment_terms_days: z.string(),
  sealed: z.boolean(),
  note: z.string(),
  lines: z.array(
    z.object({
      kind: z.enum(["sku", "category", "text"]),
      tenant_id: z.string(),
      supplier_name: z.string(),
      sku: z.string(),
      category_id: z.string(),
      category_name: z.string(),
      attributes: z.record(z.string(), z.string()),
      description: z.string(),
      unit: z.string(),
      quantity: z.string(),
      target_price: z.string(),
      target_visible: z.boolean(),
      note: z.string(),
    }),
  ),
});

/** `/app/rfqs/new` and `/app/rfqs/:id/edit`: the draft's header, lines, files and suppliers, then submit. */
export function RfqWizard() {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const { id } = useParams();
  const rfq = useRfq(active.id, id);
  const marketplaces = usePublicMarketplaces();
  if (!id) return <WizardForm key="new" rfq={null} initial={emptyDraft(new Date())} />;
  if (rfq.data === undefined) return rfq.isFetching ? <Spinner /> : <LoadState error={rfq.error} onRetry={() => void rfq.refetch()} />;
  if (marketplaces.data === undefined) return marketplaces.isFetching ? <Spinner /> : <LoadState error={marketplaces.error} onRetry={() => void marketplaces.refetch()} />;
  const slug = marketplaces.data.find((m) => m.id === rfq.data.marketplace_id)?.slug ?? "";
  if (rfq.data.status !== "draft")
    return (
      <div className="page">
        <p className="state">{t("rfq.notDraft")}</p>
        <Link to={`/app/rfqs/${rfq.data.id}`}>{t("rfq.openDetail", { number: rfq.data.number })}</Link>
      </div>
    );
  return <WizardForm key={rfq.data.id} rfq={rfq.data} initial={fromRfq(locale, rfq.data, slug)} />;
}

function WizardForm({ rfq, initial }: { rfq: Rfq | null; initial: RfqDraft }) {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const navigate = useNavigate();
  const create = useCreateRfq(active.id);
  const update = useUpdateRfq(active.id, rfq?.id ?? "");
  const steps = useRfqSteps(active.id, rfq?.id ?? "");
  const [saved, setSaved] = useState<string | null>(null);
  const schema = useMemo(
    () => draftShape.superRefine(checkedBy((d: RfqDraft) => Object.fromEntries(Object.entries(validateRfqDraft(locale, d, new Date())).map(([k, v]) => [k, t(v)])))),
    [t, locale],
  );
  const form = useForm<RfqDraft>({ defaultValues: initial, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const lines = useFieldArray({ control: form.control, name: "lines" });
  const marketplace = useWatch({ control: form.control, name: "marketplace" });
  const currency = useWatch({ control: form.control, name: "currency" });
  const watchedLines = useWatch({ control: form.control, name: "lines" });
  const { errors, isSubmitting } = form.formState;

  /** Saves the draft (creates it the first time); answers it, or null after showing why not. */
  const save = async (draft: RfqDraft): Promise<Rfq | null> => {
    try {
      const body = toRfqIn(locale, draft);
      return rfq ? await update.mutateAsync(body) : await create.mutateAsync({ body, key: crypto.randomUUID() });
    } catch (error) {
      applyServerErrors(form, t, error);
      return null;
    }
  };
  const invalid = () => form.setError("root.server", { message: t("validation.fixErrors") });
  /** Sending also needs a line: said together with the draft's other problems. */
  const invalidForSending = () => {
    if (form.getValues("lines").length === 0) form.setError("lines", { type: "validate", message: t("rfq.v.noLines") });
    invalid();
  };

  const onSave = form.handleSubmit(async (draft) => {
    setSaved(null);
    const answer = await save(draft);
    if (!answer) return;
    setSaved(t("rfq.draftSaved", { number: answer.number }));
    form.reset(fromRfq(locale, answer, draft.marketplace));
    if (!rfq) void navigate(`/app/rfqs/${answer.id}/edit`, { replace: true });
  }, invalid);

  const onSubmit = form.handleSubmit(async (draft) => {
    // what only sending needs (at least one line), on top of the draft's rules
    const sending = validateRfqDraft(locale, draft, new Date(), true);
    if (sending.lines) {
      form.setError("lines", { type: "validate", message: t(sending.lines) });
      return invalid();
    }
    const answer = await save(draft);
    if (!answer) return;
    if (!rfq) {
      // files and suppliers are added to a saved draft: stay on it
      void navigate(`/app/rfqs/${answer.id}/edit`, { replace: true });
      return;
    }
    try {
      const sent = await steps.submit.mutateAsync(crypto.randomUUID());
      void navigate(`/app/rfqs/${sent.id}`, { state: { submitted: sent.status } });
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  }, invalidForSending);

  const title = rfq ? t("rfq.editTitle", { number: rfq.number }) : t("rfq.newTitle");
  const invited = rfq?.invitations.length ?? 0;
  return (
    <div className="page rfq-wizard">
      <h1>{title}</h1>
      <p className="muted">{t("rfq.wizardIntro")}</p>
      <form
        noValidate
        aria-label={title}
        onSubmit={(e) => void onSave(e)}
      >
        <FormAlert message={errors.root?.server?.message} />
        <Notice message={saved} />
        <HeaderFields control={form.control} marketplaceFixed={rfq !== null} />

        <section className="card" aria-label={t("rfq.lines")}>
          <h2>{t("rfq.lines")}</h2>
          {(errors.lines?.message ?? errors.lines?.root?.message) && (
            <p className="field__error" role="alert">
              {errors.lines.message ?? errors.lines.root?.message}
            </p>
          )}
          {lines.fields.length === 0 && <p className="muted">{t("rfq.noLinesYet")}</p>}
          <ol className="rfq-line-list">
            {lines.fields.map((field, index) => (
              <LineFields key={field.id} control={form.control} index={index} currency={currency} onRemove={() => lines.remove(index)} />
            ))}
          </ol>
          <p>
            {t("rfq.estimatedValue")}: <strong>{/^[A-Z]{3}$/.test(currency) ? <Money amount={estimatedValue(locale, watchedLines)} currency={currency} /> : "—"}</strong>{" "}
            <span className="muted">{t("rfq.estimatedValueHint")}</span>
          </p>
        </section>
        <AddLine marketplace={marketplace} disabled={!marketplace || lines.fields.length >= MAX_LINES} onAdd={(line) => lines.append(line)} />

        <div className="form-actions rfq-actions">
          <Button type="submit" busy={isSubmitting} busyLabel={t("rfq.saving")}>
            {t("rfq.saveDraft")}
          </Button>
          <Button
            tone="primary"
            busy={isSubmitting}
            onPress={() => void onSubmit()}
          >
            {rfq ? t("rfq.submit") : t("rfq.saveAndContinue")}
          </Button>
          {rfq && (
            <Link className="button" to={`/app/rfqs/${rfq.id}`}>
              {t("rfq.openDetail", { number: rfq.number })}
            </Link>
          )}
        </div>
        {rfq && invited === 0 && <p className="muted">{t("rfq.inviteBeforeSubmit")}</p>}
      </form>

      {rfq ? (
        <>
          <RfqFiles rfq={rfq} editable />
          <SupplierPicker rfq={rfq} marketplace={marketplace} />
        </>
      ) : (
        <p className="muted">{t("rfq.saveForFilesAndSuppliers")}</p>
      )}
    </div>
  );
}

function HeaderFields({ control, marketplaceFixed }: { control: Control<RfqDraft>; marketplaceFixed: boolean }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const marketplaces = usePublicMarketplaces();
  const locations = useLocations(active.id);
  const shipTo = (locations.data ?? []).filter((l) => l.is_ship_to);
  return (
    <section className="card" aria-label={t("rfq.header")}>
      <h2>{t("rfq.header")}</h2>
      <div className="form-grid">
        <TextInput control={control} name="title" label={t("rfq.titleField")} required maxLength={200} />
        <SelectInput control={control} name="marketplace" label={t("rfq.marketplace")} disabled={marketplaceFixed} options={[{ value: "", label: "—" }, ...(marketplaces.data ?? []).map((m) => ({ value: m.slug, label: m.name }))]} />
        <TextInput control={control} name="currency" label={t("rfq.currency")} hint={t("rfq.currencyHint")} maxLength={3} transform={(v) => v.toUpperCase()} />
        <Controller
          control={control}
          name="deadline"
          render={({ field, fieldState }) => (
            <TextField label={t("rfq.deadline")} hint={t("rfq.deadlineHint")} type="datetime-local" value={field.value} onValue={field.onChange} onBlur={field.onBlur} error={fieldState.error?.message} />
          )}
        />
        <TextInput control={control} name="delivery_date" label={t("rfq.deliveryDate")} type="date" />
        <SelectInput control={control} name="delivery_location_id" label={t("rfq.shipTo")} options={[{ value: "", label: "—" }, ...shipTo.map((l) => ({ value: l.id, label: `${l.name}, ${l.city}` }))]} />
        <TextInput control={control} name="payment_terms_days" label={t("rfq.paymentTerms")} hint={t("rfq.paymentTermsHint")} inputMode="numeric" maxLength={3} />
        <TextInput control={control} name="note" label={t("rfq.note")} maxLength={2000} />
        <Controller
          control={control}
          name="sealed"
          render={({ field }) => (
            <label className="checkbox">
              <input type="checkbox" checked={field.value} onChange={(e) => field.onChange(e.target.checked)} /> {t("rfq.sealed")}
            </label>
          )}
        />
      </div>
      <p className="field__hint">{t("rfq.sealedHint")}</p>
    </section>
  );
}

function LineFields({ control, index, currency, onRemove }: { control: Control<RfqDraft>; index: number; currency: string; onRemove: () => void }) {
  const { t } = useI18n();
  const line = useWatch({ control, name: `lines.${index}` });
  const at = `lines.${index}` as const;
  const heading =
    line.kind === "sku" ? (line.supplier_name ? t("rfq.skuLine", { sku: line.sku, supplier: line.supplier_name }) : t("rfq.skuOnly", { sku: line.sku })) : line.kind === "category" ? t("rfq.categoryLine", { category: line.category_name || "—" }) : t("rfq.textLine");
  return (
    <li className="rfq-line card" aria-label={t("rfq.lineN", { n: index + 1 })}>
      <div className="rfq-page-head">
        <strong>
          {index + 1}. {heading}
        </strong>
        <Button tone="danger" aria-label={t("rfq.removeLineN", { n: index + 1 })} onPress={onRemove}>
          {t("rfq.remove")}
        </Button>
      </div>
      <div className="form-grid">
        {line.kind === "sku" ? <p className="rfq-line__description">{line.description}</p> : <TextInput control={control} name={`${at}.description`} label={t("rfq.description")} maxLength={2000} />}
        <TextInput control={control} name={`${at}.quantity`} label={t("rfq.quantity")} inputMode="decimal" />
        <TextInput control={control} name={`${at}.unit`} label={t("rfq.unit")} maxLength={20} />
        <TextInput control={control} name={`${at}.target_price`} label={t("rfq.targetPrice", { currency: currency || "—" })} hint={t("rfq.targetPriceHint")} inputMode="decimal" />
        <Controller
          control={control}
          name={`${at}.target_visible`}
          render={({ field }) => (
            <label className="checkbox">
              <input type="checkbox" checked={field.value} onChange={(e) => field.onChange(e.target.checked)} /> {t("rfq.showTarget")}
            </label>
          )}
        />
        <TextInput control={control} name={`${at}.note`} label={t("rfq.lineNote")} maxLength={2000} />
      </div>
      {line.kind === "sku" && <ErrorOf control={control} name={`${at}.sku`} />}
      {line.kind === "category" && <ErrorOf control={control} name={`${at}.category_id`} />}
    </li>
  );
}

/** An error of a field the line shows no input for (its SKU, its category). */
function ErrorOf({ control, name }: { control: Control<RfqDraft>; name: `lines.${number}.sku` | `lines.${number}.category_id` }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ fieldState }) =>
        fieldState.error?.message ? (
          <p className="field__error" role="alert">
            {fieldState.error.message}
          </p>
        ) : (
          <></>
        )
      }
    />
  );
}
