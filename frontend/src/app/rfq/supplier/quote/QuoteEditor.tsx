import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm, useFormState, useWatch, type UseFormReturn } from "react-hook-form";
import { ApiError } from "../../../../api/client";
import { FormAlert, Notice } from "../../../../components/forms";
import { Button } from "../../../../components/kit/fields";
import { useI18n } from "../../../../i18n/context";
import type { MessageKey } from "../../../../i18n/messages";
import { typedDecimal } from "../../../../lib/decimal";
import { applyServerErrors } from "../../../../lib/forms";
import { formatMoney, formatQuantity } from "../../../../lib/money";
import { useCan } from "../../../../session/permissions";
import { useOrg } from "../../../orgContext";
import { newIdempotencyKey } from "../api/http";
import { useQuoteSteps, useSkuSearch } from "../api/rfqs";
import type { CounterLine, QuoteDraft, Revision, RfqFile, RfqLine, SupplierRfq } from "../api/types";
import { BreaksEditor } from "./BreaksEditor";
import { QuoteFiles } from "./QuoteFiles";
import { asksOwnSku, draftPayload, INCOTERMS, lineTotal, quoteSchema, quoteTotal, quoteValues, validateQuote, type QuoteValues } from "./quoteForm";

interface Props {
  slug: string;
  rfq: SupplierRfq;
  /** the open draft (the API answers a copy of the last sent revision when none is saved), or null: then the form starts from `base` or blank */
  draft: QuoteDraft | null;
  base: Revision | null;
  /** the buyer's latest counter per RFQ line, shown beside it */
  counters: Map<string, CounterLine>;
  onSent: (revision: Revision) => void;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Above the quote policy and not approved at this total: an owner or admin approves before it is sent. */
function awaitsApproval(draft: QuoteDraft): boolean {
  return draft.approval_needed && draft.status !== "approved";
}

/**
 * The quote editor: per RFQ line quoted or not, unit price and breaks typed in the UI
 * language, MOQ, lead time, its SKU, an alternative, notes (the internal one private);
 * the whole-quote terms; live totals at the asked quantities; save, approval, send.
 * The API's field errors (`lines[2].unit_price`) land on their fields.
 */
export function QuoteEditor({ slug, rfq, draft, base, counters, onSent }: Props) {
  const { t, locale } = useI18n();
  const can = useCan();
  const { active } = useOrg();
  const schema = useMemo(() => quoteSchema(t, locale), [t, locale]);
  const form = useForm<QuoteValues>({
    defaultValues: quoteValues(locale, rfq.lines, draft ?? base, { payment_terms_days: rfq.payment_terms_days, tenant_id: active.id }),
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const steps = useQuoteSteps(slug, rfq.id);
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState<QuoteDraft | null>(draft);
  // one Idempotency-Key per send attempt: a retry after a lost answer reuses it
  const [sendKey, setSendKey] = useState<string | null>(null);
  // quote uploads not yet attached to a revision: sent with the next one
  const [uploaded, setUploaded] = useState<RfqFile[]>([]);
  const pendingFiles = [...(rfq.files ?? []).filter((file) => file.purpose === "quote" && !file.owner_ref), ...uploaded].filter((file, i, all) => all.findIndex((f) => f.id === file.id) === i);
  const { errors, isSubmitting } = form.formState;
  const mayWrite = can("quotes.write");
  const mayApprove = can("quotes.approve");
  const busy = isSubmitting || steps.send.isPending || steps.approve.isPending || steps.requestApproval.isPending;

  const save = async (values: QuoteValues): Promise<QuoteDraft | null> => {
    try {
      const answer = await steps.save.mutateAsync(draftPayload(values, locale));
      setSaved(answer);
      return answer;
    } catch (error) {
      applyServerErrors(form, t, error, { fallback: undefined });
      return null;
    }
  };

  const onSave = form.handleSubmit(
    async (values) => {
      setNotice(null);
      if (await save(values)) setNotice(t("rfqSupplier.draftSaved"));
    },
    () => form.setError("root.server", { message: t("validation.fixErrors") }),
  );

  const onSend = form.handleSubmit(
    async (values) => {
      setNotice(null);
      const problems = validateQuote(values, locale, { forSend: true, today: today() });
      if (Object.keys(problems).length > 0) {
        for (const [path, key] of Object.entries(problems)) form.setError(path as "lines", { type: "send", message: t(key) });
        form.setError("root.server", { message: t(problems.lines ?? "validation.fixErrors") });
        return;
      }
      const draft = await save(values);
      if (!draft) return;
      if (awaitsApproval(draft)) {
        form.setError("root.server", { message: t(draft.status === "awaiting_approval" ? "rfqSupplier.approvalPending" : "rfqSupplier.needsApproval") });
        return;
      }
      const key = sendKey ?? newIdempotencyKey();
      setSendKey(key);
      try {
        const revision = await steps.send.mutateAsync({ key, files: pendingFiles.map((file) => file.id) });
        setSendKey(null);
        onSent(revision);
      } catch (error) {
        // an answer from the API means nothing was sent: the next attempt is a new one
        if (error instanceof ApiError && error.status > 0) setSendKey(null);
        applyServerErrors(form, t, error);
      }
    },
    () => form.setError("root.server", { message: t("validation.fixErrors") }),
  );

  const approval = async (which: "requestApproval" | "approve") => {
    setNotice(null);
    try {
      setSaved(await steps[which].mutateAsync());
      setNotice(t(which === "approve" ? "rfqSupplier.approved" : "rfqSupplier.approvalRequested"));
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  };

  const needsApproval = saved !== null && awaitsApproval(saved);
  const requested = saved?.status === "awaiting_approval";
  return (
    <form className="rfq-quote" noValidate onSubmit={(e) => void onSave(e)} aria-label={t("rfqSupplier.editorTitle")}>
      <FormAlert message={errors.root?.server?.message} />
      <Notice message={notice} />
      <TermsFields form={form} disabled={!mayWrite} />
      <h3>{t("rfqSupplier.lines")}</h3>
      {errors.lines?.message && (
        <p className="field__error" role="alert">
          {errors.lines.message}
        </p>
      )}
      <ol className="rfq-grid">
        {rfq.lines.map((line, i) => (
          <LineEditor key={line.id} form={form} index={i} line={line} slug={slug} currency={rfq.currency} counter={counters.get(line.id) ?? null} disabled={!mayWrite} />
        ))}
      </ol>
      <QuoteFiles slug={slug} rfqId={rfq.id} files={pendingFiles} onUploaded={(file) => setUploaded((list) => [...list, file])} disabled={!mayWrite} />
      <Totals form={form} rfq={rfq} />
      {needsApproval && <p className="alert alert--info">{t(requested ? "rfqSupplier.approvalPending" : "rfqSupplier.needsApproval")}</p>}
      {mayWrite && (
        <div className="rfq-actions rfq-actions--sticky">
          <Button type="submit" busy={isSubmitting && !steps.send.isPending} busyLabel={t("app.saving")} isDisabled={busy}>
            {t("rfqSupplier.saveDraft")}
          </Button>
          {needsApproval && !requested && !mayApprove && (
            <Button isDisabled={busy} onPress={() => void approval("requestApproval")}>
              {t("rfqSupplier.requestApproval")}
            </Button>
          )}
          {needsApproval && mayApprove && (
            <Button isDisabled={busy} onPress={() => void approval("approve")}>
              {t("rfqSupplier.approve")}
            </Button>
          )}
          <Button tone="primary" isDisabled={busy || needsApproval} busy={steps.send.isPending} busyLabel={t("rfqSupplier.sending")} onPress={() => void onSend()}>
            {t("rfqSupplier.send", { n: rfq.invitation.latest_revision + 1 })}
          </Button>
        </div>
      )}
    </form>
  );
}

/** Payment days, Incoterms, delivery terms, validity, notes (the internal one marked private). */
function TermsFields({ form, disabled }: { form: UseFormReturn<QuoteValues>; disabled: boolean }) {
  const { t } = useI18n();
  const { errors } = useFormState({ control: form.control });
  return (
    <fieldset className="rfq-terms">
      <legend>{t("rfqSupplier.terms")}</legend>
      <Field id="terms-days" label={t("rfqSupplier.paymentTermsDays")} error={errors.payment_terms_days?.message}>
        <input id="terms-days" inputMode="numeric" disabled={disabled} {...form.register("payment_terms_days")} />
      </Field>
      <Field id="terms-incoterms" label={t("rfqSupplier.incoterms")} error={errors.incoterms?.message}>
        <select id="terms-incoterms" disabled={disabled} {...form.register("incoterms")}>
          <option value="">{t("rfqSupplier.none")}</option>
          {INCOTERMS.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </Field>
      <Field id="terms-delivery" label={t("rfqSupplier.deliveryTerms")} error={errors.delivery_terms?.message}>
        <input id="terms-delivery" maxLength={500} disabled={disabled} {...form.register("delivery_terms")} />
      </Field>
      <Field id="terms-valid" label={t("rfqSupplier.validUntil")} error={errors.valid_until?.message}>
        <input id="terms-valid" type="date" disabled={disabled} {...form.register("valid_until")} />
      </Field>
      <Field id="terms-note" label={t("rfqSupplier.noteToBuyer")} error={errors.note?.message} wide>
        <textarea id="terms-note" rows={2} maxLength={2000} disabled={disabled} {...form.register("note")} />
      </Field>
      <Field id="terms-internal" label={t("rfqSupplier.internalNote")} hint={t("rfqSupplier.privateHint")} error={errors.internal_note?.message} wide private_>
        <textarea id="terms-internal" rows={2} maxLength={2000} disabled={disabled} {...form.register("internal_note")} />
      </Field>
    </fieldset>
  );
}

function Field({ id, label, hint, error, wide, private_, children }: { id: string; label: string; hint?: string; error?: string | undefined; wide?: boolean; private_?: boolean; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div className={`field${error ? " field--invalid" : ""}${wide ? " rfq-wide" : ""}${private_ ? " rfq-private" : ""}`}>
      <label htmlFor={id}>
        {label}
        {private_ && <span className="rfq-private__mark"> {t("rfqSupplier.private")}</span>}
      </label>
      {children}
      {hint && <p className="field__hint">{hint}</p>}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

function lineLabel(line: RfqLine): string {
  return `${line.position}. ${line.sku ? `${line.sku} · ` : ""}${line.description}`;
}

/** One RFQ line's answer; the buyer's counter beside it. */
function LineEditor({ form, index, line, slug, currency, counter, disabled }: { form: UseFormReturn<QuoteValues>; index: number; line: RfqLine; slug: string; currency: string; counter: CounterLine | null; disabled: boolean }) {
  const { t, locale } = useI18n();
  const { errors } = useFormState({ control: form.control, name: `lines.${index}` });
  const values = useWatch({ control: form.control, name: `lines.${index}` });
  const lineErrors = errors.lines?.[index];
  // the API may name the whole line (`lines[2]`: not answered) or its id
  const lineProblem = lineErrors?.message ?? lineErrors?.line_id?.message;
  const quoted = values.status === "quoted";
  const label = lineLabel(line);
  const id = `line-${index}`;
  const total = lineTotal(values, line.quantity, locale);
  const price = typedDecimal(locale, values.unit_price);
  return (
    <li className="rfq-line card">
      <div className="rfq-line__head">
        <h4>{label}</h4>
        <p className="muted">
          {formatQuantity(locale, line.quantity)} {line.unit}
          {line.target_price ? ` · ${t("rfqSupplier.target")}: ${formatMoney(locale, line.target_price, currency)}` : ""}
          {line.note ? ` · ${line.note}` : ""}
        </p>
        {counter && <CounterNote counter={counter} currency={currency} unit={line.unit} />}
      </div>
      {lineProblem && (
        <p className="field__error" role="alert">
          {lineProblem}
        </p>
      )}
      <div className="rfq-line__answer" role="radiogroup" aria-label={t("rfqSupplier.answerOf", { line: label })}>
        <label>
          <input type="radio" value="quoted" disabled={disabled} {...form.register(`lines.${index}.status`)} /> {t("rfqSupplier.quoted")}
        </label>
        <label>
          <input type="radio" value="not_quoted" disabled={disabled} {...form.register(`lines.${index}.status`)} /> {t("rfqSupplier.notQuoted")}
        </label>
      </div>
      {quoted && (
        <div className="rfq-line__fields">
          <Field id={`${id}-price`} label={t("rfqSupplier.unitPrice", { currency })} hint={price !== null && !lineErrors?.unit_price ? formatMoney(locale, price, currency) : undefined} error={lineErrors?.unit_price?.message}>
            <input id={`${id}-price`} inputMode="decimal" disabled={disabled} {...form.register(`lines.${index}.unit_price`)} aria-invalid={lineErrors?.unit_price ? true : undefined} />
          </Field>
          <Field id={`${id}-moq`} label={t("rfqSupplier.moq", { unit: line.unit })} error={lineErrors?.moq?.message}>
            <input id={`${id}-moq`} inputMode="decimal" disabled={disabled} {...form.register(`lines.${index}.moq`)} />
          </Field>
          <Field id={`${id}-lead`} label={t("rfqSupplier.leadTime")} error={lineErrors?.lead_time_days?.message}>
            <input id={`${id}-lead`} inputMode="numeric" disabled={disabled} {...form.register(`lines.${index}.lead_time_days`)} />
          </Field>
          <SkuField form={form} index={index} line={line} slug={slug} error={lineErrors?.sku?.message} disabled={disabled} />
          <Field id={`${id}-alt-kind`} label={t("rfqSupplier.alternative")}>
            <select id={`${id}-alt-kind`} disabled={disabled} {...form.register(`lines.${index}.alternative_kind`)}>
              <option value="none">{t("rfqSupplier.altNone")}</option>
              <option value="sku">{t("rfqSupplier.altSku")}</option>
              <option value="description">{t("rfqSupplier.altDescription")}</option>
            </select>
          </Field>
          {values.alternative_kind !== "none" && (
            <Field id={`${id}-alt`} label={t(values.alternative_kind === "sku" ? "rfqSupplier.altSkuValue" : "rfqSupplier.altDescriptionValue")} error={lineErrors?.alternative?.message}>
              <input id={`${id}-alt`} maxLength={500} disabled={disabled} {...form.register(`lines.${index}.alternative`)} />
            </Field>
          )}
          <BreaksEditor form={form} index={index} label={label} currency={currency} disabled={disabled} />
        </div>
      )}
      <div className="rfq-line__fields">
        <Field id={`${id}-note`} label={t("rfqSupplier.lineNote")} error={lineErrors?.note?.message}>
          <input id={`${id}-note`} maxLength={1000} disabled={disabled} {...form.register(`lines.${index}.note`)} />
        </Field>
        <Field id={`${id}-internal`} label={t("rfqSupplier.internalNote")} error={lineErrors?.internal_note?.message} private_>
          <input id={`${id}-internal`} maxLength={1000} disabled={disabled} {...form.register(`lines.${index}.internal_note`)} />
        </Field>
      </div>
      <p className="rfq-line__total">
        {quoted ? (total === null ? t("rfqSupplier.lineTotalPending") : t("rfqSupplier.lineTotal", { total: formatMoney(locale, total, currency) })) : t("rfqSupplier.notQuotedNote")}
      </p>
    </li>
  );
}

/** The line's SKU: fixed for a catalog line of this supplier, else typed or picked from its own catalog. */
function SkuField({ form, index, line, slug, error, disabled }: { form: UseFormReturn<QuoteValues>; index: number; line: RfqLine; slug: string; error: string | undefined; disabled: boolean }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const typed = useWatch({ control: form.control, name: `lines.${index}.sku` });
  // another supplier's SKU line is answered with a SKU of this one's catalog, as a free-text line is
  const fixed = asksOwnSku(line, active.id);
  const search = useSkuSearch(slug, fixed ? "" : typed);
  const id = `line-${index}-sku`;
  const hint: MessageKey = fixed ? "rfqSupplier.skuFixed" : "rfqSupplier.skuMapHint";
  return (
    <Field id={id} label={t("rfqSupplier.yourSku")} hint={t(hint)} error={error}>
      <input id={id} list={`${id}-options`} autoComplete="off" maxLength={64} disabled={disabled || fixed} {...form.register(`lines.${index}.sku`)} />
      <datalist id={`${id}-options`}>
        {(search.data ?? []).map((choice) => (
          <option key={choice.sku} value={choice.sku}>
            {choice.name}
          </option>
        ))}
      </datalist>
    </Field>
  );
}

function CounterNote({ counter, currency, unit }: { counter: CounterLine; currency: string; unit: string }) {
  const { t, locale, date } = useI18n();
  const parts = [
    counter.target_price ? t("rfqSupplier.counterTarget", { price: formatMoney(locale, counter.target_price, currency) }) : null,
    counter.quantity ? t("rfqSupplier.counterQuantity", { quantity: `${formatQuantity(locale, counter.quantity)} ${unit}` }) : null,
    counter.delivery_date ? t("rfqSupplier.counterDate", { date: date(counter.delivery_date) }) : null,
    counter.comment ?? null,
  ].filter(Boolean);
  return (
    <p className="rfq-counter">
      <strong>{t("rfqSupplier.buyerCounter")}</strong> {parts.join(" · ")}
    </p>
  );
}

/** The quote's total at the asked quantities, as typed. */
function Totals({ form, rfq }: { form: UseFormReturn<QuoteValues>; rfq: SupplierRfq }) {
  const { t, locale } = useI18n();
  const values = useWatch({ control: form.control }) as QuoteValues;
  const { total, unpriced } = quoteTotal(values, rfq.lines, locale);
  return (
    <p className="rfq-total" aria-live="polite">
      <strong>{t("rfqSupplier.total", { total: formatMoney(locale, total, rfq.currency) })}</strong>
      {unpriced > 0 && <span className="muted"> {t("rfqSupplier.unpriced", { count: unpriced })}</span>}
    </p>
  );
}
