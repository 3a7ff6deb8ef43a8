import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormAlert, Notice, Spinner } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { formatDecimalInput } from "../../../lib/decimal";
import { applyServerErrors, decimalText } from "../../../lib/forms";
import { useCan } from "../../../session/permissions";
import { useOrg } from "../../orgContext";
import { useQuotePolicy, useSaveQuotePolicy } from "./api/rfqs";
import type { QuotePolicy } from "./api/types";

const CURRENCY_RE = /^[A-Z]{3}$/;

/** The supplier's quote policy: quotes above an amount in a currency need an owner's or admin's approval before sending. */
export function QuotePolicySettings() {
  const { t } = useI18n();
  const { active } = useOrg();
  const slug = active.slug ?? "";
  const policy = useQuotePolicy(slug);
  return (
    <div className="page">
      <h1>{t("rfqSupplier.policyTitle")}</h1>
      <p className="muted">{t("rfqSupplier.policyIntro")}</p>
      <section className="card">{policy.data ? <PolicyForm slug={slug} policy={policy.data} /> : policy.error ? <LoadState error={policy.error} onRetry={() => void policy.refetch()} /> : <Spinner />}</section>
    </div>
  );
}

interface PolicyValues {
  approval_above: string;
  currency: string;
}

function PolicyForm({ slug, policy }: { slug: string; policy: QuotePolicy }) {
  const { t, locale } = useI18n();
  const can = useCan();
  const save = useSaveQuotePolicy(slug);
  const [notice, setNotice] = useState<string | null>(null);
  const schema = useMemo(
    () =>
      z
        .object({
          approval_above: decimalText(locale, { scale: 2, message: t("validation.price"), optional: true }),
          currency: z.string().transform((value) => value.trim().toUpperCase()),
        })
        .superRefine((values, ctx) => {
          if (values.approval_above !== null && !CURRENCY_RE.test(values.currency)) ctx.addIssue({ code: "custom", path: ["currency"], message: t("rfqSupplier.error.currency") });
        }),
    [t, locale],
  );
  const form = useForm<PolicyValues, unknown, z.output<typeof schema>>({
    defaultValues: { approval_above: policy.approval_above ? formatDecimalInput(locale, policy.approval_above) : "", currency: policy.currency ?? "" },
    resolver: zodResolver(schema),
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setNotice(null);
    try {
      await save.mutateAsync({ approval_above: values.approval_above, currency: values.approval_above === null ? null : values.currency });
      setNotice(t("rfqSupplier.policySaved"));
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  });
  const disabled = !can("quotes.approve");
  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="rfq-policy">
      <FormAlert message={errors.root?.server?.message} />
      <Notice message={notice} />
      <div className={`field${errors.approval_above ? " field--invalid" : ""}`}>
        <label htmlFor="policy-above">{t("rfqSupplier.approvalAbove")}</label>
        <input id="policy-above" inputMode="decimal" disabled={disabled} {...form.register("approval_above")} aria-describedby="policy-above-hint" />
        <p id="policy-above-hint" className="field__hint">
          {t("rfqSupplier.approvalAboveHint")}
        </p>
        {errors.approval_above && <p className="field__error">{errors.approval_above.message}</p>}
      </div>
      <div className={`field${errors.currency ? " field--invalid" : ""}`}>
        <label htmlFor="policy-currency">{t("rfqSupplier.currency")}</label>
        <input id="policy-currency" maxLength={3} disabled={disabled} {...form.register("currency")} />
        {errors.currency && <p className="field__error">{errors.currency.message}</p>}
      </div>
      {!disabled && (
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {t("rfqSupplier.savePolicy")}
        </Button>
      )}
    </form>
  );
}
