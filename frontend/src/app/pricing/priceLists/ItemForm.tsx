import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { ApiError } from "../../../api/client";
import { FormAlert } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { formatDecimalInput } from "../../../lib/decimal";
import { errorMessage } from "../../../lib/errors";
import { applyServerErrors } from "../../../lib/forms";
import { SKU_RE } from "../../catalog/variants/variantForm";
import { useSetPriceListItems, type Item, type PriceList } from "../api/priceLists";
import { TierEditor } from "../tiers/TierEditor";
import { itemSchema, type ItemValues } from "../tiers/tiers";

interface Props {
  slug: string;
  list: PriceList;
  item: Item | null;
  onSaved: (sku: string) => void;
  onCancel: () => void;
}

/** One SKU's tiers in a list: a new SKU, or an existing one's (its SKU fixed). */
export function ItemForm({ slug, list, item, onSaved, onCancel }: Props) {
  const { t, locale } = useI18n();
  const schema = useMemo(() => itemSchema(t, locale, SKU_RE), [t, locale]);
  const form = useForm<ItemValues, unknown, ReturnType<typeof schema.parse>>({
    defaultValues: {
      sku: item?.sku ?? "",
      tiers: item ? item.tiers.map((x) => ({ min_qty: formatDecimalInput(locale, x.min_qty), unit_price: formatDecimalInput(locale, x.unit_price) })) : [{ min_qty: "1", unit_price: "" }],
    },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const save = useSetPriceListItems(slug, list.id);
  const { errors, isSubmitting } = form.formState;
  const sku = useWatch({ control: form.control, name: "sku" });

  const submit = form.handleSubmit(
    async (values) => {
      try {
        await save.mutateAsync([values]);
        onSaved(values.sku);
      } catch (error) {
        // a field error names the SKU (or its line); a 422 without fields is about the SKU too
        applyServerErrors(form, t, error, { fallback: "sku" });
        if (error instanceof ApiError && error.status === 422 && !error.hasFieldErrors) form.setError("sku", { message: errorMessage(t, error) });
      }
    },
    () => form.setError("root.server", { message: t("validation.fixErrors") }),
  );

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-label={item ? t("items.editSku", { sku: item.sku }) : t("items.add")}>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="sku" label={t("variants.sku")} disabled={item !== null} maxLength={64} />
      <TierEditor form={form} sku={sku || "…"} currency={list.currency} />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {t("items.save")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}
