import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useController, useForm, type Control } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { TextArea } from "../../../components/TextArea";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, ruledText, useSlugFollows } from "../../../lib/forms";
import { validateRequired, validateSlug } from "../../../lib/validation";
import { useCreateMarketplace, useUpdateMarketplace, type Marketplace } from "../api/marketplaces";

interface Draft {
  name: string;
  slug: string;
  kind: Marketplace["kind"];
  description: string;
}

/** A new marketplace, or an existing one's name, slug and description (its kind is fixed once created). */
export function MarketplaceForm({ marketplace, onSaved, onCancel }: { marketplace: Marketplace | null; onSaved: (m: Marketplace) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(
    () => z.object({ name: ruledText(t, validateRequired), slug: ruledText(t, validateSlug), kind: z.enum(["vertical", "horizontal"]), description: z.string() }),
    [t],
  );
  const form = useForm<Draft>({
    defaultValues: { name: marketplace?.name ?? "", slug: marketplace?.slug ?? "", kind: marketplace?.kind ?? "vertical", description: marketplace?.description ?? "" },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  useSlugFollows(form, "name", "slug", marketplace !== null);
  const create = useCreateMarketplace();
  const update = useUpdateMarketplace(marketplace?.id ?? "");
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ name, slug, kind, description }) => {
    try {
      const saved = marketplace ? await update.mutateAsync({ name: name.trim(), slug, description }) : await create.mutateAsync({ name: name.trim(), slug, kind, description });
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === "marketplaces.slug_taken") form.setError("slug", { type: "server", message: t("markets.slugTaken") });
      else applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)}>
      <FormAlert message={errors.root?.server?.message} />
      <div className="form-grid">
        <TextInput control={form.control} name="name" label={t("markets.name")} required maxLength={200} />
        <TextInput control={form.control} name="slug" label={t("markets.slug")} required maxLength={63} />
        <SelectInput
          control={form.control}
          name="kind"
          label={t("markets.kind")}
          disabled={marketplace !== null}
          options={[
            { value: "vertical", label: t("marketKind.vertical") },
            { value: "horizontal", label: t("marketKind.horizontal") },
          ]}
        />
      </div>
      <Description control={form.control} label={t("markets.description")} />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {marketplace ? t("markets.save") : t("markets.create")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}

function Description({ control, label }: { control: Control<Draft>; label: string }) {
  const { field, fieldState } = useController({ control, name: "description" });
  return <TextArea label={label} name={field.name} value={field.value} onValue={field.onChange} onBlur={field.onBlur} error={fieldState.error?.message} rows={3} />;
}
