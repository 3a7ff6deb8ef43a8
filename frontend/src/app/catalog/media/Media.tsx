import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useController, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { BuyerPicker, buyerName, buyerRefs, useBuyerNames, type BuyerRef } from "../../../components/BuyerPicker";
import { FormAlert, Notice } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { applyServerErrors } from "../../../lib/forms";
import { useDeleteMedia, useMedia, useUpdateMedia, useUploadMedia, type Media, type Visibility } from "../api/media";
import { FileInput } from "../FileInput";

export { RENDITION_POLL_MS } from "../api/media";
const VISIBILITIES: readonly Visibility[] = ["public", "signed_in", "buyers"];
// the server's reasons to refuse an image, said in the UI language next to the file field
const UPLOAD_REFUSALS: Record<string, "media.notAnImage" | "media.tooManyPixels"> = {
  "media.not_an_image": "media.notAnImage",
  "media.too_many_pixels": "media.tooManyPixels",
};
const column = columnHelper<Media>();

/** Images and documents of a product, with who may download each. */
export function MediaSection({ slug, productId }: { slug: string; productId: string }) {
  const { t, number } = useI18n();
  const media = useMedia(slug, productId);
  const update = useUpdateMedia(slug, productId);
  const { mutateAsync: deleteById } = useDeleteMedia(slug, productId);
  const { mutateAsync: patch } = update;
  const [editingBuyers, setEditingBuyers] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = useMemo(() => media.data ?? [], [media.data]);
  const names = useBuyerNames(
    slug,
    items.flatMap((m) => m.buyer_org_ids ?? []),
  );

  const columns = useMemo(() => {
    const patchMedia = async (m: Media, body: { visibility: Visibility; buyer_org_ids?: string[] }): Promise<boolean> => {
      setActionError(null);
      try {
        await patch({ id: m.id, body: { ...body, clear_title: false } });
        setNotice(t("media.saved", { name: m.filename }));
        return true;
      } catch (error) {
        setActionError(errorMessage(t, error));
        return false;
      }
    };
    const setVisibilityOf = async (m: Media, next: Visibility) => {
      // named buyers need at least one company: chosen in the row's picker, saved from there
      if (next === "buyers") setEditingBuyers(m.id);
      else await patchMedia(m, { visibility: next });
    };
    const remove = async (m: Media) => {
      if (!window.confirm(t("media.confirmDelete", { name: m.filename }))) return;
      setActionError(null);
      try {
        await deleteById(m.id);
        setNotice(t("media.deleted", { name: m.filename }));
      } catch (error) {
        setActionError(errorMessage(t, error));
      }
    };
    return column.columns([
      column.accessor((m) => m.title ?? m.filename, {
        id: "file",
        header: t("imports.file"),
        sortFn: "alphanumeric",
        cell: (c) => (
          <>
            {c.row.original.kind === "image" && <MediaPreview media={c.row.original} />} <a href={c.row.original.url}>{c.getValue()}</a>
          </>
        ),
      }),
      column.accessor("kind", { header: t("media.kind"), sortFn: "alphanumeric", cell: (c) => t(`mediaKind.${c.getValue()}`) }),
      column.accessor("size", { header: t("media.size"), sortFn: "basic", cell: (c) => `${number(c.getValue() / 1024, { maximumFractionDigits: 1 })} KB` }),
      column.display({
        id: "visibility",
        header: t("media.visibility"),
        cell: (c) => {
          const m = c.row.original;
          return (
            <>
              <select aria-label={t("media.visibilityOf", { name: m.filename })} value={editingBuyers === m.id ? "buyers" : m.visibility} onChange={(e) => void setVisibilityOf(m, e.target.value as Visibility)}>
                {VISIBILITIES.map((v) => (
                  <option key={v} value={v}>
                    {t(`visibility.${v}`)}
                  </option>
                ))}
              </select>
              {editingBuyers === m.id ? (
                <NamedBuyersEditor
                  slug={slug}
                  label={t("buyers.documentBuyersOf", { name: m.title ?? m.filename })}
                  initial={buyerRefs(t, names, m.buyer_org_ids ?? [])}
                  onCancel={() => setEditingBuyers(null)}
                  onSave={async (ids) => {
                    if (await patchMedia(m, { visibility: "buyers", buyer_org_ids: ids })) setEditingBuyers(null);
                  }}
                />
              ) : (
                m.visibility === "buyers" && (
                  <p>
                    {(m.buyer_org_ids ?? []).map((id) => buyerName(t, names, id)).join(", ") || t("media.namedBuyers", { count: 0 })}{" "}
                    <Button tone="link" onPress={() => setEditingBuyers(m.id)} aria-label={t("buyers.editBuyersOf", { name: m.title ?? m.filename })}>
                      {t("buyers.editBuyers")}
                    </Button>
                  </p>
                )
              )}
            </>
          );
        },
      }),
      column.display({
        id: "actions",
        header: t("tenants.actions"),
        meta: { className: "actions" },
        cell: (c) => (
          <Button tone="danger" onPress={() => void remove(c.row.original)} aria-label={t("media.deleteNamed", { name: c.row.original.filename })}>
            {t("app.delete")}
          </Button>
        ),
      }),
    ]);
  }, [t, number, slug, names, editingBuyers, patch, deleteById]);
  const table = useDataTable(columns, items, (m) => m.id);

  return (
    <section className="card" aria-labelledby="media-title">
      <h2 id="media-title">{t("media.title")}</h2>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      {media.isError && <FormAlert message={errorMessage(t, media.error)} />}
      {items.length === 0 ? <p className="state state--empty">{media.isFetching ? t("app.loading") : t("media.empty")}</p> : <DataTable table={table} caption={t("media.title")} />}
      <UploadForm slug={slug} productId={productId} onUploaded={(m) => setNotice(t("media.uploaded", { name: m.filename }))} />
    </section>
  );
}

interface UploadDraft {
  file: File | null;
  kind: Media["kind"];
  title: string;
  visibility: Visibility;
  buyers: BuyerRef[];
}

/** A file for the product: an image (thumbnails follow) or a document, and who may download it. */
function UploadForm({ slug, productId, onUploaded }: { slug: string; productId: string; onUploaded: (m: Media) => void }) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z
        .object({
          file: z.custom<File | null>().refine((file) => file !== null, t("imports.chooseFile")),
          kind: z.enum(["image", "document"]),
          title: z.string(),
          visibility: z.enum(VISIBILITIES as [Visibility, ...Visibility[]]),
          buyers: z.array(z.object({ id: z.string(), name: z.string() })),
        })
        .refine((d) => d.visibility !== "buyers" || d.buyers.length > 0, { path: ["buyers"], message: t("buyers.required") }),
    [t],
  );
  const form = useForm<UploadDraft>({
    defaultValues: { file: null, kind: "image", title: "", visibility: "public", buyers: [] },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const upload = useUploadMedia(slug, productId);
  const [attempt, setAttempt] = useState(0); // a new file input after each upload (the browser keeps the old file otherwise)
  const visibility = useWatch({ control: form.control, name: "visibility" });
  const buyers = useController({ control: form.control, name: "buyers" });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ file, kind, title, visibility, buyers }) => {
    if (!file) return;
    try {
      const created = await upload.mutateAsync({ file, kind, title, visibility, buyerOrgIds: buyers.map((b) => b.id) });
      onUploaded(created);
      form.reset({ ...form.getValues(), file: null, title: "" });
      setAttempt((n) => n + 1);
    } catch (error) {
      const refused = error instanceof ApiError ? UPLOAD_REFUSALS[error.code] : undefined;
      if (refused) form.setError("file", { type: "server", message: t(refused) });
      else applyServerErrors(form, t, error, { aliases: { buyer_org_ids: "buyers" }, alertWithFields: false });
    }
  });

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="media-upload">
      <h3 id="media-upload">{t("media.upload")}</h3>
      <FormAlert message={errors.root?.server?.message} />
      <div className="form-grid">
        <FileInput key={attempt} control={form.control} name="file" label={t("media.file")} />
        <SelectInput
          control={form.control}
          name="kind"
          label={t("media.kind")}
          options={[
            { value: "image", label: t("mediaKind.image") },
            { value: "document", label: t("mediaKind.document") },
          ]}
        />
        <TextInput control={form.control} name="title" label={t("media.fileTitle")} />
        <SelectInput control={form.control} name="visibility" label={t("media.visibility")} options={VISIBILITIES.map((v) => ({ value: v, label: t(`visibility.${v}`) }))} />
        {visibility === "buyers" && (
          <BuyerPicker slug={slug} multiple label={t("buyers.documentBuyers")} value={buyers.field.value} onChange={buyers.field.onChange} error={buyers.fieldState.error?.message} />
        )}
      </div>
      <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("imports.uploading")}>
        {t("media.uploadButton")}
      </Button>
    </form>
  );
}

/** An image in the list: its 160 px rendition once made, a placeholder while it is made or when it cannot be. */
function MediaPreview({ media }: { media: Media }) {
  const { t } = useI18n();
  switch (media.rendition_state) {
    case "ready":
      return <img src={media.thumbnail_url ?? media.url} alt="" className="thumb" width={48} height={48} loading="lazy" />;
    case "pending":
      return <span className="thumb thumb--placeholder badge badge--queued">{t("media.processing")}</span>;
    case "failed":
      return <span className="thumb thumb--placeholder badge badge--failed">{t("media.noPreview")}</span>;
    default: // an image from before renditions existed
      return <img src={media.url} alt="" className="thumb" width={48} height={48} loading="lazy" />;
  }
}

/** The named buyer companies of one document, changed in place. */
function NamedBuyersEditor({ slug, label, initial, onSave, onCancel }: { slug: string; label: string; initial: BuyerRef[]; onSave: (ids: string[]) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ buyers: z.array(z.object({ id: z.string(), name: z.string() })).min(1, t("buyers.required")) }), [t]);
  const form = useForm<{ buyers: BuyerRef[] }>({ defaultValues: { buyers: initial }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const buyers = useController({ control: form.control, name: "buyers" });
  const submit = form.handleSubmit(({ buyers }) => onSave(buyers.map((b) => b.id)));
  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-label={label}>
      <BuyerPicker slug={slug} multiple label={label} value={buyers.field.value} onChange={buyers.field.onChange} error={buyers.fieldState.error?.message} />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={form.formState.isSubmitting}>
          {t("buyers.save")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}
