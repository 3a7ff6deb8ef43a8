import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Link, useNavigate } from "react-router";
import { z } from "zod";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput } from "../../../components/kit/fields";
import { LanguageSwitch } from "../../../components/LanguageSwitch";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, checkedBy, useSlugFollows } from "../../../lib/forms";
import { loadPendingOrg, savePendingOrg } from "../../../lib/storage";
import { useSession } from "../../../session/context";
import { useCreateOrg } from "../api/orgs";
import { CompanyFields, companyRules, type CompanyDraft } from "./companyFields";

const CURRENCIES = ["EUR", "RON", "USD", "GBP", "PLN", "HUF", "BGN"] as const;

interface Draft extends CompanyDraft {
  currency: string;
}

/** A signed-in user without an organisation creates one (POST /api/v1/orgs), prefilled from sign-up. */
export function Onboarding() {
  const { t, locale, currency: money } = useI18n();
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const [pending] = useState(() => loadPendingOrg());
  const schema = useMemo(
    () =>
      z
        .object({ kind: z.enum(["supplier", "buyer"]), companyName: z.string(), slug: z.string(), currency: z.string() })
        .superRefine(checkedBy((draft: Draft) => companyRules(t, draft))),
    [t],
  );
  const form = useForm<Draft>({
    defaultValues: { kind: pending?.kind ?? "supplier", companyName: pending?.name ?? "", slug: pending?.slug ?? "", currency: locale === "ro" ? "RON" : "EUR" },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  useSlugFollows(form, "companyName", "slug", Boolean(pending?.slug));
  const create = useCreateOrg();
  const kind = useWatch({ control: form.control, name: "kind" });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(
    async (draft) => {
      try {
        await create.mutateAsync({ kind: draft.kind, name: draft.companyName.trim(), slug: draft.kind === "supplier" ? draft.slug : null, default_currency: draft.currency });
        savePendingOrg(null);
        void navigate("/app", { replace: true });
      } catch (error) {
        applyServerErrors(form, t, error, { aliases: { name: "companyName" } });
      }
    },
    () => form.setError("root.server", { message: t("validation.fixErrors") }),
  );

  return (
    <div className="public">
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            H
          </span>
          {t("app.name")}
        </Link>
        <div className="topbar__actions">
          <LanguageSwitch />
          <Button onPress={() => void signOut().finally(() => void navigate("/signin", { replace: true }))}>{t("app.signOut")}</Button>
        </div>
      </header>
      <main id="main" className="public__main">
        <div className="panel panel--narrow">
          <h1>{t("onboarding.title")}</h1>
          <p>{t("onboarding.text")}</p>
          {me && !me.email_verified && (
            <p className="alert alert--info" role="status">
              {t("onboarding.unverified")}
            </p>
          )}
          <form onSubmit={(e) => void submit(e)} noValidate>
            <FormAlert message={errors.root?.server?.message} />
            <CompanyFields control={form.control} kind={kind} note={t("onboarding.supplierNote")} />
            <SelectInput
              control={form.control}
              name="currency"
              label={t("onboarding.currency")}
              options={CURRENCIES.map((code) => ({ value: code, label: `${code} (${money(1234.5, code)})` }))}
            />
            <div className="form-actions">
              <Button type="submit" tone="primary" busy={isSubmitting}>
                {t("onboarding.submit")}
              </Button>
            </div>
          </form>
        </div>
      </main>
    </div>
  );
}
