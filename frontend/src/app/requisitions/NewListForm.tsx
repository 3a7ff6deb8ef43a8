import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../api/client";
import { FormAlert } from "../../components/forms";
import { Button, SelectInput, TextInput } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { applyServerErrors, ruledText } from "../../lib/forms";
import { validateRequired } from "../../lib/validation";
import { useCreateList, type RequisitionList, type Visibility } from "./api/lists";

interface Draft {
  name: string;
  visibility: Visibility;
  fromCart: boolean;
}

/** A new list: its name and whether the whole company sees it. */
export function NewListForm({ orgId, onCreated }: { orgId: string; onCreated: (created: RequisitionList) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ name: ruledText(t, validateRequired), visibility: z.enum(["private", "shared"]), fromCart: z.boolean() }), [t]);
  const form = useForm<Draft>({ defaultValues: { name: "", visibility: "private", fromCart: false }, resolver: zodResolver(schema), mode: "onSubmit" });
  const create = useCreateList(orgId);
  const submit = form.handleSubmit(async (draft) => {
    try {
      const created = await create.mutateAsync({ name: draft.name.trim(), visibility: draft.visibility, fromCart: draft.fromCart });
      form.reset();
      onCreated(created);
    } catch (error) {
      if (error instanceof ApiError && error.code === "requisitions.empty_cart") form.setError("root.server", { type: "server", message: t("requisitions.emptyCart") });
      else applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });
  return (
    <form className="form" noValidate aria-label={t("requisitions.create")} onSubmit={(e) => void submit(e)}>
      <FormAlert message={form.formState.errors.root?.server?.message} />
      <div className="form-grid">
        <TextInput control={form.control} name="name" label={t("requisitions.name")} required maxLength={200} />
        <SelectInput
          control={form.control}
          name="visibility"
          label={t("requisitions.visibility")}
          options={[
            { value: "private", label: t("requisitions.private") },
            { value: "shared", label: t("requisitions.shared") },
          ]}
        />
      </div>
      <label className="field">
        <span>
          <input type="checkbox" {...form.register("fromCart")} /> {t("requisitions.fromCart")}
        </span>
      </label>
      <Button type="submit" tone="primary" busy={form.formState.isSubmitting}>
        {t("requisitions.create")}
      </Button>
    </form>
  );
}
