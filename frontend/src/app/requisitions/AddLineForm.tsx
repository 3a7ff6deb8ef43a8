import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../api/client";
import { FormAlert } from "../../components/forms";
import { Button, SelectInput, TextInput } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { typedDecimal } from "../../lib/decimal";
import { errorMessage } from "../../lib/errors";
import { useAddLines } from "./api/lists";

export const SKU_RE = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$/;

interface Draft {
  sku: string;
  quantity: string;
  supplier: string; // "" : the one supplier that sells the SKU
}

/** A SKU and quantity onto the list; the supplier is named when several sell the SKU. */
export function AddLineForm({ orgId, listId, suppliers }: { orgId: string; listId: string; suppliers: { id: string; name: string }[] }) {
  const { t, locale } = useI18n();
  const schema = useMemo(
    () =>
      z.object({
        sku: z.string().trim().regex(SKU_RE, t("requisitions.skuFormat")),
        quantity: z.string().refine((v) => {
          const parsed = typedDecimal(locale, v);
          return parsed !== null && Number(parsed) > 0;
        }, t("requisitions.quantityFormat")),
        supplier: z.string(),
      }),
    [t, locale],
  );
  const form = useForm<Draft>({ defaultValues: { sku: "", quantity: "", supplier: "" }, resolver: zodResolver(schema), mode: "onSubmit" });
  const add = useAddLines(orgId, listId);
  const submit = form.handleSubmit(async (draft) => {
    const quantity = typedDecimal(locale, draft.quantity) ?? draft.quantity;
    try {
      await add.mutateAsync([{ sku: draft.sku.trim(), quantity, ...(draft.supplier ? { tenant_id: draft.supplier } : {}) }]);
      form.reset({ sku: "", quantity: "", supplier: draft.supplier });
    } catch (error) {
      const fields = error instanceof ApiError ? Object.keys(error.fieldErrors) : [];
      if (fields.some((f) => f.endsWith("tenant_id"))) form.setError("supplier", { type: "server", message: t("requisitions.severalSuppliers") });
      else if (fields.some((f) => f.endsWith("sku"))) form.setError("sku", { type: "server", message: t("requisitions.noSuchSku") });
      else if (fields.some((f) => f.endsWith("quantity"))) form.setError("quantity", { type: "server", message: t("requisitions.quantityFormat") });
      else form.setError("root.server", { type: "server", message: error instanceof ApiError && error.code === "requisitions.too_many_lines" ? t("requisitions.tooManyLines") : errorMessage(t, error) });
    }
  });
  return (
    <form className="form" noValidate aria-label={t("requisitions.addBySku")} onSubmit={(e) => void submit(e)}>
      <FormAlert message={form.formState.errors.root?.server?.message} />
      <div className="form-grid">
        <TextInput control={form.control} name="sku" label={t("requisitions.sku")} required maxLength={64} autoCapitalize="characters" spellCheck={false} />
        <TextInput control={form.control} name="quantity" label={t("requisitions.quantity")} required inputMode="decimal" maxLength={20} />
        <SelectInput control={form.control} name="supplier" label={t("requisitions.supplier")} options={[{ value: "", label: t("requisitions.anySupplier") }, ...suppliers.map((s) => ({ value: s.id, label: s.name }))]} />
      </div>
      <Button type="submit" tone="primary" busy={form.formState.isSubmitting}>
        {t("requisitions.addLine")}
      </Button>
    </form>
  );
}
