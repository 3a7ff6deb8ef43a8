import { useId, useRef, useState, type FormEvent } from "react";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../../components/forms";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { UUID_RE } from "../pricing/priceListForm";
import { postMultipart } from "./Imports";

type Media = Schemas["MediaOut"];
type Visibility = Media["visibility"];
const VISIBILITIES: readonly Visibility[] = ["public", "signed_in", "buyers"];

function splitIds(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
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
  const [buyers, setBuyers] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!file) local.file = t("imports.chooseFile");
    const ids = splitIds(buyers);
    if (visibility === "buyers" && ids.length === 0) local.buyer_org_ids = t("validation.required");
    const bad = ids.find((id) => !UUID_RE.test(id));
    if (bad) local.buyer_org_ids = t("segments.badId", { id: bad });
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
      const fields = error instanceof ApiError ? { ...error.fieldErrors } : {};
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

  const setVisibilityOf = async (m: Media, next: Visibility) => {
    if (next === "buyers") return; // named buyers are chosen at upload
    try {
      const updated = await call(
        api.PATCH("/api/v1/suppliers/{tenant}/products/{product_id}/media/{media_id}", {
          params: { path: { tenant: slug, product_id: productId, media_id: m.id } },
          body: { visibility: next, clear_title: false },
        }),
      );
      media.setData((list) => list?.map((x) => (x.id === updated.id ? updated : x)));
      setNotice(t("media.saved", { name: m.filename }));
    } catch (error) {
      setFormError(errorMessage(t, error));
    }
  };

  const items = media.data ?? [];
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
                    {m.kind === "image" && <img src={m.url} alt="" className="thumb" loading="lazy" />}{" "}
                    <a href={m.url}>{m.title ?? m.filename}</a>
                  </td>
                  <td>{t(`mediaKind.${m.kind}`)}</td>
                  <td>{number(m.size / 1024, { maximumFractionDigits: 1 })} KB</td>
                  <td>
                    {m.visibility === "buyers" ? (
                      t("media.namedBuyers", { n: number(m.buyer_org_ids?.length ?? 0) })
                    ) : (
                      <select aria-label={t("media.visibilityOf", { name: m.filename })} value={m.visibility} onChange={(e) => void setVisibilityOf(m, e.target.value as Visibility)}>
                        <option value="public">{t("visibility.public")}</option>
                        <option value="signed_in">{t("visibility.signed_in")}</option>
                      </select>
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
          {visibility === "buyers" && <TextField label={t("media.buyers")} value={buyers} onValue={setBuyers} error={errors.buyer_org_ids} hint={t("priceLists.buyerHint")} />}
        </div>
        <SubmitButton busy={busy} busyLabel={t("imports.uploading")}>
          {t("media.uploadButton")}
        </SubmitButton>
      </form>
    </section>
  );
}
