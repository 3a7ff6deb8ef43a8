import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, checkedBy } from "../../../lib/forms";
import type { Variant } from "../api/products";
import { useCreateVariant, useUpdateVariant } from "../api/variants";
import { draftFromVariant, EMPTY_VARIANT, validateVariant, variantPayload, withSchemaAttributes, type Attribute, type VariantDraft } from "./variantForm";

const variantShape = z.object({
  sku: z.string(),
  name: z.string(),
  pack_size: z.string(),
  min_order_qty: z.string(),
  order_increment: z.string(),
  lead_time_days: z.string(),
  status: z.enum(["active", "inactive"]),
  attributes: z.record(z.string(), z.string()),
});

interface Props {
  slug: string;
  productId: string;
  variant: Variant | null;
  schema: Attribute[];
  onSaved: (v: Variant) => void;
  onCancel?: (() => void) | undefined;
}

/** A new variant, or an existing one's fields; the category's attributes as fields of their own. */
export function VariantForm({ slug, productId, variant, schema, onSaved, onCancel }: Props) {
  const { t, locale } = useI18n();
  const rules = useMemo(
    () => variantShape.superRefine(checkedBy((d: VariantDraft) => Object.fromEntries(Object.entries(validateVariant(d, schema, locale)).map(([k, v]) => [k, t(v)])))),
    [t, schema, locale],
  );
  const form = useForm<VariantDraft>({
    defaultValues: withSchemaAttributes(variant ? draftFromVariant(variant, locale) : EMPTY_VARIANT, schema),
    resolver: zodResolver(rules),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const create = useCreateVariant(slug, productId);
  const update = useUpdateVariant(slug, productId);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(
    async (draft) => {
      try {
        const body = variantPayload(draft, schema, locale);
        onSaved(variant ? await update.mutateAsync({ id: variant.id, body }) : await create.mutateAsync(body));
      } catch (error) {
        applyServerErrors(form, t, error);
        if (error instanceof ApiError && error.status === 409) {
          form.setError("sku", { type: "server", message: t("variants.skuTaken") });
          form.setError("root.server", { message: t("validation.fixErrors") });
        }
      }
    },
    () => form.setError("root.server", { message: t("validation.fixErrors") }),
  );

  const title = variant ? t("variants.editSku", { sku: variant.sku }) : t("variants.add");
  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-label={title}>
      <h3>{title}</h3>
      <FormAlert message={errors.root?.server?.message} />
      <div className="form-grid">
        <TextInput control={form.control} name="sku" label={t("variants.sku")} required maxLength={64} />
        <TextInput control={form.control} name="name" label={t("variants.name")} />
        <TextInput control={form.control} name="pack_size" label={t("variants.packSize")} inputMode="decimal" />
        <TextInput control={form.control} name="min_order_qty" label={t("variants.moq")} inputMode="decimal" />
        <TextInput control={form.control} name="order_increment" label={t("variants.increment")} inputMode="decimal" />
        <TextInput control={form.control} name="lead_time_days" label={t("variants.leadTimeDays")} inputMode="numeric" />
        <SelectInput
          control={form.control}
          name="status"
          label={t("variants.status")}
          options={[
            { value: "active", label: t("variantStatus.active") },
            { value: "inactive", label: t("variantStatus.inactive") },
          ]}
        />
        {schema.map((attr) => {
          const label = `${attr.name}${attr.unit ? ` (${attr.unit})` : ""}${attr.required ? " *" : ""}`;
          const name = `attributes.${attr.code}` as const;
          if (attr.type === "enum" || attr.type === "boolean") {
            const options =
              attr.type === "boolean"
                ? [
                    { value: "true", label: t("app.yes") },
                    { value: "false", label: t("app.no") },
                  ]
                : (attr.allowed_values ?? []).map((v) => ({ value: v, label: v }));
            return <SelectInput key={attr.code} control={form.control} name={name} label={label} options={[{ value: "", label: "—" }, ...options]} />;
          }
          return <TextInput key={attr.code} control={form.control} name={name} label={label} inputMode={attr.type === "number" ? "decimal" : "text"} />;
        })}
      </div>
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {variant ? t("variants.save") : t("variants.create")}
        </Button>
        {onCancel && (
          <Button tone="link" onPress={onCancel}>
            {t("app.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
