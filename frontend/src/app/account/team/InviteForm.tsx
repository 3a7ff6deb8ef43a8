import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, ruledText } from "../../../lib/forms";
import { validateEmail } from "../../../lib/validation";
import { roleLabel } from "../roleLabel";
import { useInvite } from "../api/members";

interface Draft {
  email: string;
  role: string;
}

/** Invite a colleague by e-mail with a role; "already invited" / "already a member" sit next to the address. */
export function InviteForm({ orgId, roles, defaultRole, onInvited }: { orgId: string; roles: readonly string[]; defaultRole: string; onInvited: (email: string) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ email: ruledText(t, validateEmail).transform((v) => v.trim()), role: z.string() }), [t]);
  const form = useForm<Draft, unknown, Draft>({ defaultValues: { email: "", role: defaultRole }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const invite = useInvite(orgId);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (draft) => {
    try {
      const created = await invite.mutateAsync(draft);
      form.reset({ email: "", role: draft.role });
      onInvited(created.email);
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="email" type="email" label={t("team.inviteEmail")} autoComplete="off" required />
      <SelectInput control={form.control} name="role" label={t("team.role")} options={roles.map((r) => ({ value: r, label: roleLabel(t, r) }))} />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting}>
          {t("team.invite")}
        </Button>
      </div>
    </form>
  );
}
