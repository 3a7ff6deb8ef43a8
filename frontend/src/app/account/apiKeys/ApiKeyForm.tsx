import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, ruledText } from "../../../lib/forms";
import { validateRequired } from "../../../lib/validation";
import { roleLabel } from "../roleLabel";
import { useCreateApiKey } from "../api/apiKeys";

interface Draft {
  name: string;
  role: string;
}

/** A key's name and role (the weakest role first offered); the created key's secret goes to `onCreated`. */
export function ApiKeyForm({ orgId, roles, onCreated }: { orgId: string; roles: readonly string[]; onCreated: (secret: string) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ name: ruledText(t, validateRequired).transform((v) => v.trim()), role: z.string() }), [t]);
  const form = useForm<Draft, unknown, Draft>({
    defaultValues: { name: "", role: roles[roles.length - 1] ?? "viewer" },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const create = useCreateApiKey(orgId);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (draft) => {
    try {
      const created = await create.mutateAsync(draft);
      form.reset({ name: "", role: draft.role });
      onCreated(created.secret);
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="name" label={t("keys.name")} autoComplete="off" required />
      <SelectInput control={form.control} name="role" label={t("keys.role")} options={roles.map((r) => ({ value: r, label: roleLabel(t, r) }))} />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting}>
          {t("keys.create")}
        </Button>
      </div>
    </form>
  );
}
