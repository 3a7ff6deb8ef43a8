import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button, TextInput } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";

interface Props {
  label: string;
  submitLabel: string;
  /** Said when the reason is left empty; an optional reason without it. */
  requiredMessage?: string;
  maxLength: number;
  busy: boolean;
  /** The trimmed reason (null when optional and empty). */
  onSubmit: (reason: string | null) => Promise<unknown>;
  onCancel: () => void;
}

/** An inline "why" before a refusal (reject a tenant or a listing, suspend a tenant), inside a table row. */
export function ReasonForm({ label, submitLabel, requiredMessage, maxLength, busy, onSubmit, onCancel }: Props) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z.object({
        reason: z
          .string()
          .transform((v) => v.trim())
          .refine((v) => !requiredMessage || v.length > 0, { message: requiredMessage }),
      }),
    [requiredMessage],
  );
  const form = useForm<{ reason: string }>({ defaultValues: { reason: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const submit = form.handleSubmit(({ reason }) => onSubmit(reason || null));
  return (
    <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void submit(e)}>
      <TextInput control={form.control} name="reason" label={label} maxLength={maxLength} autoFocus />
      <Button type="submit" tone="danger" busy={busy}>
        {submitLabel}
      </Button>
      <Button tone="link" onPress={onCancel}>
        {t("app.cancel")}
      </Button>
    </form>
  );
}
