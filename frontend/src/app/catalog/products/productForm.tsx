import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useController, useForm, type Control } from "react-hook-form";
import { z } from "zod";
import type { Schemas } from "../../../api/client";
import { SelectInput, TextInput } from "../../../components/kit/fields";
import { TextArea } from "../../../components/TextArea";
import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import { checkedBy } from "../../../lib/forms";
import type { Product } from "../api/products";
import type { Attribute } from "../api/categories";
import { CategoryPicker } from "./CategoryPicker";
import { PRODUCT_STATUSES } from "./productStatus";

/** The product form's values, named as the API names them (its field errors land on them). */
const productShape = z.object({
  name: z.string(),
  description: z.string(),
  unit_of_measure: z.string(),
  status: z.enum(PRODUCT_STATUSES),
  category_id: z.string(),
});
export type ProductDraft = z.infer<typeof productShape>;
const UNIT_MAX = 20;

export function draftFromProduct(product: Product | null): ProductDraft {
  return {
    name: product?.name ?? "",
    description: product?.description ?? "",
    unit_of_measure: product?.unit_of_measure ?? "pcs",
    status: product?.status ?? "draft",
    category_id: product?.category_id ?? "",
  };
}

export function validateProduct(d: ProductDraft): Record<string, MessageKey | [MessageKey, Record<string, number>]> {
  const errors: Record<string, MessageKey | [MessageKey, Record<string, number>]> = {};
  if (!d.name.trim()) errors.name = "validation.required";
  if (!d.unit_of_measure.trim()) errors.unit_of_measure = "validation.required";
  else if (d.unit_of_measure.trim().length > UNIT_MAX) errors.unit_of_measure = ["validation.tooLong", { max: UNIT_MAX }];
  return errors;
}

export function newProductBody(d: ProductDraft): Schemas["NewProduct"] {
  return { name: d.name.trim(), description: d.description, unit_of_measure: d.unit_of_measure.trim(), status: d.status, category_id: d.category_id || null };
}

/** The saved product's editable fields; no category clears it. */
export function productPatchBody(d: ProductDraft): Schemas["ProductPatch"] {
  return { ...newProductBody(d), clear_category: !d.category_id };
}

/** Errors about the variants ("variants[HB-8].attributes.thread") as "HB-8 · Thread: required"
 * (the schema's name for an attribute code). */
export function variantProblems(fields: Record<string, string>, schema: readonly Attribute[] = []): string[] {
  const out: string[] = [];
  for (const [field, message] of Object.entries(fields)) {
    const match = /^variants\[([^\]]+)\]\.(?:attributes\.)?(.+)$/.exec(field);
    if (match) out.push(`${match[1]} · ${schema.find((a) => a.code === match[2])?.name ?? match[2]}: ${message}`);
  }
  return out;
}

/** The product form: checked on submit by {@link validateProduct}. */
export function useProductForm(product: Product | null) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      productShape.superRefine(
        checkedBy((d: ProductDraft) => Object.fromEntries(Object.entries(validateProduct(d)).map(([k, v]) => [k, typeof v === "string" ? t(v) : t(v[0], v[1])]))),
      ),
    [t],
  );
  return useForm<ProductDraft>({ defaultValues: draftFromProduct(product), resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
}

export function ProductFields({ control }: { control: Control<ProductDraft> }) {
  const { t } = useI18n();
  const description = useController({ control, name: "description" });
  const category = useController({ control, name: "category_id" });
  return (
    <>
      <TextInput control={control} name="name" label={t("catalog.name")} required maxLength={300} />
      <TextArea
        label={t("catalog.description")}
        value={description.field.value}
        onValue={description.field.onChange}
        onBlur={description.field.onBlur}
        error={description.fieldState.error?.message}
      />
      <div className="form-row">
        <TextInput control={control} name="unit_of_measure" label={t("catalog.unit")} required maxLength={UNIT_MAX} hint={t("catalog.unitHint")} />
        <SelectInput control={control} name="status" label={t("catalog.status")} options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`productStatus.${s}`) }))} />
      </div>
      <CategoryPicker value={category.field.value} onValue={category.field.onChange} onBlur={category.field.onBlur} error={category.fieldState.error?.message} />
    </>
  );
}
