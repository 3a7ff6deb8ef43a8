import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useController, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { FormAlert, SelectField } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { applyServerErrors, ruledText } from "../../../lib/forms";
import { slugify, validateRequired, validateSlug } from "../../../lib/validation";
import { useCreateCategory } from "../api/taxonomy";
import type { Category } from "./taxonomy";

interface Draft {
  name: string;
  slug: string;
  /** null until chosen (the category selected in the tree, else the top); "" is the top. */
  parent: string | null;
}

/** A category under the chosen parent (the one selected in the tree unless another is picked); the slug defaults to the name's. */
export function NewCategory({ marketplaceId, categories, parentId, onCreated }: { marketplaceId: string; categories: Category[]; parentId: string | null; onCreated: (c: Category) => void }) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z
        .object({ name: ruledText(t, validateRequired), slug: z.string(), parent: z.string().nullable() })
        .transform((draft) => ({ ...draft, slug: draft.slug || slugify(draft.name) }))
        .superRefine((draft, ctx) => {
          const problem = validateSlug(draft.slug);
          if (problem) ctx.addIssue({ code: "custom", path: ["slug"], message: t(problem) });
        }),
    [t],
  );
  const form = useForm<Draft, unknown, Draft>({ defaultValues: { name: "", slug: "", parent: null }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const create = useCreateCategory(marketplaceId);
  const [name, parent] = useWatch({ control: form.control, name: ["name", "parent"] });
  const chosenParent = parent ?? parentId ?? "";
  const { field: parentField } = useController({ control: form.control, name: "parent" });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (draft) => {
    try {
      const created = await create.mutateAsync({ name: draft.name.trim(), slug: draft.slug, parent_id: chosenParent || null });
      form.reset({ name: "", slug: "", parent: draft.parent });
      onCreated(created);
    } catch (error) {
      // a slug taken under the same parent
      if (error instanceof ApiError && error.status === 409 && !error.fieldErrors.slug) form.setError("slug", { type: "server", message: errorMessage(t, error) });
      else applyServerErrors(form, t, error, { alertWithFields: false, aliases: { parent_id: "parent" } });
    }
  });

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="add-category">
      <h3 id="add-category">{t("taxonomy.add")}</h3>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="name" label={t("taxonomy.name")} maxLength={200} />
      <TextInput control={form.control} name="slug" label={t("taxonomy.slug")} placeholder={slugify(name)} maxLength={63} />
      <SelectField
        label={t("taxonomy.parent")}
        value={chosenParent}
        onValue={parentField.onChange}
        options={[{ value: "", label: t("taxonomy.top") }, ...categories.map((c) => ({ value: c.id, label: c.path }))]}
      />
      <Button type="submit" tone="primary" busy={isSubmitting}>
        {t("taxonomy.addButton")}
      </Button>
    </form>
  );
}
