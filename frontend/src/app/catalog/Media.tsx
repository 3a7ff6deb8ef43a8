import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api, ApiError, call, postMultipart, type Schemas } from "../../api/client";
import { BuyerPicker, buyerName, buyerRefs, useBuyerNames, type BuyerRef } from "../../components/BuyerPicker";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../../components/forms";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";

type Media = Schemas["MediaOut"];
type Visibility = Media["visibility"];
const VISIBILITIES: readonly Visibility[] = ["public", "signed_in", "buyers"];
// the server's reasons to refuse an image, said in the UI language next to the file field
const UPLOAD_REFUSALS: Record<string, "media.notAnImage" | "media.tooManyPixels"> = {
  "media.not_an_image": "media.notAnImage",
  "media.too_many_pixels": "media.tooManyPixels",
};

// thumbnails are made by a job a moment after the upload: look again until they are there
export const RENDITION_POLL_MS = 2000;
const RENDITION_POLLS = 60;

/** Reloads `reload` every RENDITION_POLL_MS while `pending`, at most RENDITION_POLLS times per page visit. */
function useReloadWhilePending(pending: boolean, reload: () => void, version: unknown) {
  const polls = useRef(0);
  useEffect(() => {
    if (!pending || polls.current >= RENDITION_POLLS) return;
    const timer = window.setTimeout(() => {
      polls.current += 1;
      reload();
    }, RENDITION_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [pending, reload, version]);
}

/** Images and documents of a product, with who may download each. */
export function MediaSection({ slug, productId }: { slug: string; productId: string }) {
  const { t, number } = useI18n();
  const fileId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const media = useResource(
    () => call(api.GET("/api/v1/suppliers/{tenant}/products/{product_id}/media", { params: { path: { tenant: slug, product_id: productId } } })),
    `media:${slug}:${productId}`,
  );
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<Media["kind"]>("image");
  const [title, setTitle] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("public");
  const [buyers, setBuyers] = useState<BuyerRef[]>([]);
  const [editingBuyers, setEditingBuyers] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!file) local.file = t("imports.chooseFile");
    const ids = buyers.map((b) => b.id);
    if (visibility === "buyers" && ids.length === 0) local.buyer_org_ids = t("buyers.required");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length || !file) return;
    const form = new FormData();
    form.append("file", file);
    form.append("kind", kind);
    if (title.trim()) form.append("title", title.trim());
    form.append("visibility", visibility);
    if (visibility === "buyers") form.append("buyer_org_ids", ids.join(","));
    setBusy(true);
    try {
      const created = await postMultipart<Media>(`/api/v1/suppliers/${encodeURIComponent(slug)}/products/${productId}/media`, form);
      media.setData((list) => [...(list ?? []), created]);
      setNotice(t("media.uploaded", { name: created.filename }));
      setFile(null);
      setTitle("");
      if (inputRef.current) inputRef.current.value = "";
    } catch (error) {
      const fields: Record<string, string> = error instanceof ApiError ? { ...error.fieldErrors } : {};
      const refused = error instanceof ApiError ? UPLOAD_REFUSALS[error.code] : undefined;
      if (refused) fields.file = t(refused);
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (m: Media) => {
    if (!window.confirm(t("media.confirmDelete", { name: m.filename }))) return;
    try {
      await call(api.DELETE("/api/v1/suppliers/{tenant}/products/{product_id}/media/{media_id}", { params: { path: { tenant: slug, product_id: productId, media_id: m.id } } }));
      media.setData((list) => list?.filter((x) => x.id !== m.id));
      setNotice(t("media.deleted", { name: m.filename }));
    } catch (error) {
      setFormError(errorMessage(t, error));
    }
  };

  const patchMedia = async (m: Media, body: { visibility: Visibility; buyer_org_ids?: string[] }): Promise<boolean> => {
    try {
      const updated = await call(
        api.PATCH("/api/v1/suppliers/{tenant}/products/{product_id}/media/{media_id}", {
          params: { path: { tenant: slug, product_id: productId, media_id: m.id } },
          body: { ...body, clear_title: false },
        }),
      );
      media.setData((list) => list?.map((x) => (x.id === updated.id ? updated : x)));
      setNotice(t("media.saved", { name: m.filename }));
      return true;
    } catch (error) {
      setFormError(errorMessage(t, error));
      return false;
    }
  };

  const setVisibilityOf = async (m: Media, next: Visibility) => {
    // named buyers need at least one company: chosen in the row's picker, saved from there
    if (next === "buyers") setEditingBuyers(m.id);
    else await patchMedia(m, { visibility: next });
  };

  const items = media.data ?? [];
  useReloadWhilePending(
    items.some((m) => m.rendition_state === "pending"),
    media.reload,
    media.data,
  );
  const names = useBuyerNames(slug, items.flatMap((m) => m.buyer_org_ids ?? []));
  return (
    <section className="card" aria-labelledby="media-title">
      <h2 id="media-title">{t("media.title")}</h2>
      <Notice message={notice} />
      <FormAlert message={formError} />
      {media.error !== undefined && <FormAlert message={errorMessage(t, media.error)} />}
      {items.length === 0 ? (
        <p className="state state--empty">{media.loading ? t("app.loading") : t("media.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("imports.file")}</th>
                <th scope="col">{t("media.kind")}</th>
                <th scope="col">{t("media.size")}</th>
                <th scope="col">{t("media.visibility")}</th>
                <th scope="col">{t("tenants.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.kind === "image" && <MediaPreview media={m} />}{" "}
                    <a href={m.url}>{m.title ?? m.filename}</a>
                  </td>
                  <td>{t(`mediaKind.${m.kind}`)}</td>
                  <td>{number(m.size / 1024, { maximumFractionDigits: 1 })} KB</td>
                  <td>
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
                          <button type="button" className="button button--link" onClick={() => setEditingBuyers(m.id)} aria-label={t("buyers.editBuyersOf", { name: m.title ?? m.filename })}>
                            {t("buyers.editBuyers")}
                          </button>
                        </p>
                      )
                    )}
                  </td>
                  <td className="actions">
                    <button type="button" className="button button--danger" onClick={() => void remove(m)} aria-label={t("media.deleteNamed", { name: m.filename })}>
                      {t("app.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="subform" noValidate onSubmit={(e) => void upload(e)} aria-labelledby="media-upload">
        <h3 id="media-upload">{t("media.upload")}</h3>
        <div className="form-grid">
          <div className={`field${errors.file ? " field--invalid" : ""}`}>
            <label htmlFor={fileId}>{t("media.file")}</label>
            <input
              ref={inputRef}
              id={fileId}
              type="file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              aria-invalid={errors.file ? true : undefined}
              aria-describedby={errors.file ? `${fileId}-error` : undefined}
            />
            {errors.file && (
              <p id={`${fileId}-error`} className="field__error">
                {errors.file}
              </p>
            )}
          </div>
          <SelectField
            label={t("media.kind")}
            value={kind}
            onValue={(v) => setKind(v as Media["kind"])}
            error={errors.kind}
            options={[
              { value: "image", label: t("mediaKind.image") },
              { value: "document", label: t("mediaKind.document") },
            ]}
          />
          <TextField label={t("media.fileTitle")} value={title} onValue={setTitle} error={errors.title} />
          <SelectField label={t("media.visibility")} value={visibility} onValue={(v) => setVisibility(v as Visibility)} options={VISIBILITIES.map((v) => ({ value: v, label: t(`visibility.${v}`) }))} />
          {visibility === "buyers" && <BuyerPicker slug={slug} multiple label={t("buyers.documentBuyers")} value={buyers} onChange={setBuyers} error={errors.buyer_org_ids} />}
        </div>
        <SubmitButton busy={busy} busyLabel={t("imports.uploading")}>
          {t("media.uploadButton")}
        </SubmitButton>
      </form>
    </section>
  );
}

/** An image in the list: its 160 px rendition once made, a placeholder while it is made or when it cannot be. */
function MediaPreview({ media }: { media: Media }) {
  const { t } = useI18n();
  switch (media.rendition_state) {
    case "ready":
      return <img src={media.thumbnail_url ?? media.url} alt="" className="thumb" width={48} height={48} loading="lazy" />;
    case "pending":
      return (
        <span className="thumb badge badge--queued" style={PLACEHOLDER}>
          {t("media.processing")}
        </span>
      );
    case "failed":
      return (
        <span className="thumb badge badge--failed" style={PLACEHOLDER}>
          {t("media.noPreview")}
        </span>
      );
    default: // an image from before renditions existed
      return <img src={media.url} alt="" className="thumb" width={48} height={48} loading="lazy" />;
  }
}
// .thumb sizes images; the placeholders are spans, so they need a box of their own
const PLACEHOLDER = { display: "inline-flex", alignItems: "center", justifyContent: "center", fontSize: "0.7rem", textAlign: "center", whiteSpace: "normal" } as const;

/** The named buyer companies of one document, changed in place. */
function NamedBuyersEditor({ slug, label, initial, onSave, onCancel }: { slug: string; label: string; initial: BuyerRef[]; onSave: (ids: string[]) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<BuyerRef[]>(initial);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!chosen.length) {
      setError(t("buyers.required"));
      return;
    }
    setError(undefined);
    setBusy(true);
    await onSave(chosen.map((b) => b.id));
    setBusy(false);
  };
  return (
    <div className="subform">
      <BuyerPicker slug={slug} multiple label={label} value={chosen} onChange={setChosen} error={error} />
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void save()}>
          {t("buyers.save")}
        </button>
        <button type="button" className="button button--link" onClick={onCancel}>
          {t("app.cancel")}
        </button>
      </div>
    </div>
  );
}
