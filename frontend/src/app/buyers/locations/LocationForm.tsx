import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormAlert } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, ruledText } from "../../../lib/forms";
import { EMAIL_RE, validateRequired } from "../../../lib/validation";
import { useCreateLocation, useUpdateLocation, type BuyerLocation } from "../api/locations";

interface Draft {
  name: string;
  line1: string;
  line2: string;
  postal_code: string;
  city: string;
  region: string;
  country: string;
  is_ship_to: boolean;
  is_bill_to: boolean;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  tax_id: string;
}

const OPTIONAL = ["line2", "postal_code", "region", "contact_name", "contact_phone", "tax_id"] as const;

function draftOf(location: BuyerLocation | null): Draft {
  return {
    name: location?.name ?? "",
    line1: location?.line1 ?? "",
    line2: location?.line2 ?? "",
    postal_code: location?.postal_code ?? "",
    city: location?.city ?? "",
    region: location?.region ?? "",
    country: location?.country ?? "",
    is_ship_to: location?.is_ship_to ?? true,
    is_bill_to: location?.is_bill_to ?? false,
    contact_name: location?.contact_name ?? "",
    contact_email: location?.contact_email ?? "",
    contact_phone: location?.contact_phone ?? "",
    tax_id: location?.tax_id ?? "",
  };
}

/** A new location of the buyer company, or an existing one's address, kinds and contact. */
export function LocationForm({ orgId, location, onSaved, onCancel }: { orgId: string; location: BuyerLocation | null; onSaved: (saved: BuyerLocation) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z
        .object({
          name: ruledText(t, validateRequired),
          line1: ruledText(t, validateRequired),
          line2: z.string(),
          postal_code: z.string(),
          city: ruledText(t, validateRequired),
          region: z.string(),
          country: z.string().regex(/^[A-Z]{2}$/, t("locations.countryFormat")),
          is_ship_to: z.boolean(),
          is_bill_to: z.boolean(),
          contact_name: z.string(),
          contact_email: z.string().refine((v) => !v.trim() || EMAIL_RE.test(v.trim()), t("validation.email")),
          contact_phone: z.string(),
          tax_id: z.string(),
        })
        .refine((d) => d.is_ship_to || d.is_bill_to, { path: ["is_ship_to"], message: t("locations.kindRequired") }),
    [t],
  );
  const form = useForm<Draft>({ defaultValues: draftOf(location), resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const create = useCreateLocation(orgId);
  const update = useUpdateLocation(orgId);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (draft) => {
    const texts = Object.fromEntries(OPTIONAL.map((name) => [name, draft[name].trim()]));
    const email = draft.contact_email.trim();
    const base = { name: draft.name.trim(), line1: draft.line1.trim(), city: draft.city.trim(), country: draft.country, is_ship_to: draft.is_ship_to, is_bill_to: draft.is_bill_to };
    try {
      const saved = location
        ? await update.mutateAsync({ id: location.id, body: { ...base, ...texts, clear_contact_email: !email, ...(email ? { contact_email: email } : {}) } })
        : await create.mutateAsync({ ...base, ...Object.fromEntries(Object.entries(texts).filter(([, v]) => v)), ...(email ? { contact_email: email } : {}) });
      onSaved(saved);
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label={location ? t("locations.editOf", { name: location.name }) : t("locations.add")}>
      <FormAlert message={errors.root?.server?.message} />
      <div className="form-grid">
        <TextInput control={form.control} name="name" label={t("locations.name")} required maxLength={200} />
        <TextInput control={form.control} name="line1" label={t("locations.line1")} required maxLength={200} />
        <TextInput control={form.control} name="line2" label={t("locations.line2")} maxLength={200} />
        <TextInput control={form.control} name="postal_code" label={t("locations.postalCode")} maxLength={20} />
        <TextInput control={form.control} name="city" label={t("locations.city")} required maxLength={100} />
        <TextInput control={form.control} name="region" label={t("locations.region")} maxLength={100} />
        <TextInput control={form.control} name="country" label={t("locations.country")} hint={t("locations.countryHint")} required maxLength={2} transform={(v) => v.toUpperCase()} autoCapitalize="characters" />
        <TextInput control={form.control} name="tax_id" label={t("locations.taxId")} maxLength={40} />
        <TextInput control={form.control} name="contact_name" label={t("locations.contactName")} maxLength={200} />
        <TextInput control={form.control} name="contact_email" label={t("locations.contactEmail")} maxLength={254} />
        <TextInput control={form.control} name="contact_phone" label={t("locations.contactPhone")} maxLength={40} />
      </div>
      <fieldset className="field" aria-invalid={Boolean(errors.is_ship_to)}>
        <legend>{t("locations.kinds")}</legend>
        <label>
          <input type="checkbox" {...form.register("is_ship_to")} /> {t("locations.shipTo")}
        </label>{" "}
        <label>
          <input type="checkbox" {...form.register("is_bill_to")} /> {t("locations.billTo")}
        </label>
        {errors.is_ship_to?.message && (
          <p className="field__error" role="alert">
            {errors.is_ship_to.message}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {location ? t("locations.save") : t("locations.add")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}
