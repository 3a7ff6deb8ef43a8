import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm, type FieldValues, type UseFormReturn } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { applyServerErrors, ruledText } from "../../../lib/forms";
import { validateRequired, validateSlug } from "../../../lib/validation";
import { useDeleteCategory, useMoveCategory, useRenameCategory } from "../api/taxonomy";
import { AttributeEditor } from "./AttributeEditor";
import { hasChildren, moveTargets, type Category } from "./taxonomy";

interface Props {
  marketplaceId: string;
  category: Category;
  categories: Category[];
  onChanged: (message: string) => void;
  onDeleted: (name: string) => void;
}

/** The selected category: rename (name, slug), move under another, delete when empty, its attribute schema. */
export function CategoryPanel({ marketplaceId, category, categories, onChanged, onDeleted }: Props) {
  const { t } = useI18n();
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const remove = useDeleteCategory(marketplaceId);
  const empty = !hasChildren(categories, category.id);

  const confirmDelete = async () => {
    if (!window.confirm(t("taxonomy.confirmDelete", { name: category.name }))) return;
    setDeleteError(null);
    try {
      await remove.mutateAsync(category.id);
      onDeleted(category.name);
    } catch (error) {
      setDeleteError(errorMessage(t, error));
    }
  };

  return (
    <section className="card" aria-labelledby="category-title">
      <h2 id="category-title">{category.name}</h2>
      <p className="muted">
        <code>{category.path}</code>
      </p>
      <FormAlert message={deleteError} />
      <RenameForm marketplaceId={marketplaceId} category={category} onRenamed={(name) => onChanged(t("taxonomy.renamed", { name }))} />
      <MoveForm marketplaceId={marketplaceId} category={category} categories={categories} onMoved={() => onChanged(t("taxonomy.moved", { name: category.name }))} />
      <p>
        <Button tone="danger" isDisabled={!empty} busy={remove.isPending} onPress={() => void confirmDelete()} aria-describedby={empty ? undefined : "delete-hint"}>
          {t("taxonomy.delete")}
        </Button>
        {!empty && (
          <span id="delete-hint" className="field__hint">
            {" "}
            {t("taxonomy.notEmpty")}
          </span>
        )}
      </p>
      <AttributeEditor marketplaceId={marketplaceId} category={category} onSaved={() => onChanged(t("attributes.saved", { name: category.name }))} />
    </section>
  );
}

/** A slug already taken among the siblings (409) is said at the slug; other problems as usual. */
function placeErrors<T extends FieldValues>(form: UseFormReturn<T>, t: ReturnType<typeof useI18n>["t"], error: unknown, slugField: boolean) {
  if (slugField && error instanceof ApiError && error.status === 409 && !error.fieldErrors.slug) {
    form.setError("slug" as never, { type: "server", message: errorMessage(t, error) });
  } else {
    applyServerErrors(form, t, error, { alertWithFields: false });
  }
}

function RenameForm({ marketplaceId, category, onRenamed }: { marketplaceId: string; category: Category; onRenamed: (name: string) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ name: ruledText(t, validateRequired).transform((v) => v.trim()), slug: ruledText(t, validateSlug) }), [t]);
  const form = useForm<{ name: string; slug: string }>({ defaultValues: { name: category.name, slug: category.slug }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const rename = useRenameCategory(marketplaceId);
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (body) => {
    try {
      await rename.mutateAsync({ id: category.id, body });
      onRenamed(body.name);
    } catch (error) {
      placeErrors(form, t, error, true);
    }
  });
  return (
    <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void submit(e)} aria-label={t("taxonomy.rename")}>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="name" label={t("taxonomy.name")} maxLength={200} />
      <TextInput control={form.control} name="slug" label={t("taxonomy.slug")} maxLength={63} />
      <Button type="submit" tone="primary" busy={isSubmitting}>
        {t("taxonomy.rename")}
      </Button>
    </form>
  );
}

function MoveForm({ marketplaceId, category, categories, onMoved }: { marketplaceId: string; category: Category; categories: Category[]; onMoved: () => void }) {
  const { t } = useI18n();
  const form = useForm<{ parent: string }>({ defaultValues: { parent: category.parent_id ?? "" } });
  const move = useMoveCategory(marketplaceId);
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async ({ parent }) => {
    try {
      await move.mutateAsync({ id: category.id, body: { parent_id: parent || null } });
      onMoved();
    } catch (error) {
      placeErrors(form, t, error, false);
    }
  });
  return (
    <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void submit(e)} aria-label={t("taxonomy.move")}>
      <FormAlert message={errors.root?.server?.message} />
      <SelectInput
        control={form.control}
        name="parent"
        label={t("taxonomy.moveUnder")}
        options={[{ value: "", label: t("taxonomy.top") }, ...moveTargets(categories, category).map((c) => ({ value: c.id, label: c.path }))]}
      />
      <Button type="submit" tone="primary" busy={isSubmitting}>
        {t("taxonomy.move")}
      </Button>
    </form>
  );
}
