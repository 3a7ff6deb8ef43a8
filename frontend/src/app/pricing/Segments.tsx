import { useState, type FormEvent } from "react";
import { api, call } from "../../api/client";
import { BuyerPicker, buyerName, buyerRefs, useBuyerNames, type BuyerRef } from "../../components/BuyerPicker";
import { FormAlert, Notice, SubmitButton, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { errorMessage, formErrors } from "../../lib/errors";
import type { Resource } from "../../lib/useResource";
import type { Segment } from "./priceListForm";
import { EditableIf } from "../../session/Permitted";

/** Buyer segments the supplier defines: create, set members (picked by company name), delete. */
export function Segments({ slug, segments }: { slug: string; segments: Resource<Segment[]> }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [editing, setEditing] = useState<string | null>(null);
  const [members, setMembers] = useState<BuyerRef[]>([]);
  const [membersError, setMembersError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = useBuyerNames(slug, (segments.data ?? []).flatMap((s) => s.buyer_org_ids));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!name.trim()) {
      setNameError(t("validation.required"));
      return;
    }
    setNameError(undefined);
    setBusy(true);
    try {
      const created = await call(api.POST("/api/v1/suppliers/{tenant}/segments", { params: { path: { tenant: slug } }, body: { name: name.trim() } }));
      segments.setData((list) => [...(list ?? []), created]);
      setName("");
      setNotice(t("segments.created", { name: created.name }));
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setNameError(fields.name ?? ((error as { status?: number }).status === 409 ? t("segments.nameTaken") : undefined));
      if (!fields.name && (error as { status?: number }).status !== 409) setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  const saveMembers = async (event: FormEvent, segment: Segment) => {
    event.preventDefault();
    const ids = members.map((b) => b.id);
    setMembersError(undefined);
    setBusy(true);
    try {
      const updated = await call(
        api.PUT("/api/v1/suppliers/{tenant}/segments/{segment_id}/members", { params: { path: { tenant: slug, segment_id: segment.id } }, body: { buyer_org_ids: [...new Set(ids)] } }),
      );
      segments.setData((list) => list?.map((s) => (s.id === updated.id ? updated : s)));
      setEditing(null);
      setNotice(t("segments.membersSaved", { name: segment.name }));
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setMembersError(Object.values(fields)[0] ?? form);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (segment: Segment) => {
    if (!window.confirm(t("segments.confirmDelete", { name: segment.name }))) return;
    setFormError(null);
    try {
      await call(api.DELETE("/api/v1/suppliers/{tenant}/segments/{segment_id}", { params: { path: { tenant: slug, segment_id: segment.id } } }));
      segments.setData((list) => list?.filter((s) => s.id !== segment.id));
      setNotice(t("segments.deleted", { name: segment.name }));
    } catch (error) {
      setFormError((error as { status?: number }).status === 409 ? t("segments.inUse", { name: segment.name }) : errorMessage(t, error));
    }
  };

  return (
    <EditableIf action="pricing.write">
    <section className="card" aria-labelledby="segments-title">
      <h2 id="segments-title">{t("segments.title")}</h2>
      <p className="muted">{t("segments.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={formError} />
      <ListState data={segments.data} loading={segments.loading} error={segments.error} onRetry={segments.reload} empty={t("segments.empty")}>
        {(items) => (
          <ul className="plain-list">
            {items.map((segment) => (
              <li key={segment.id}>
                <strong>{segment.name}</strong> · {t("segments.memberCount", { count: segment.buyer_org_ids.length })}
                {editing !== segment.id && segment.buyer_org_ids.length > 0 && <> ({segment.buyer_org_ids.map((id) => buyerName(t, names, id)).join(", ")})</>}{" "}
                {editing === segment.id ? (
                  <form className="inline-form" noValidate onSubmit={(e) => void saveMembers(e, segment)}>
                    <BuyerPicker slug={slug} multiple label={t("buyers.segmentMembers", { name: segment.name })} value={members} onChange={setMembers} error={membersError} />
                    <div className="form-actions">
                      <SubmitButton busy={busy}>{t("segments.saveMembers")}</SubmitButton>
                      <button type="button" className="button button--link" onClick={() => setEditing(null)}>
                        {t("app.cancel")}
                      </button>
                    </div>
                  </form>
                ) : (
                  <>
                    <button
                      type="button"
                      className="button button--link"
                      onClick={() => {
                        setEditing(segment.id);
                        setMembers(buyerRefs(t, names, segment.buyer_org_ids));
                        setMembersError(undefined);
                      }}
                    >
                      {t("segments.editMembers")}
                    </button>
                    <button type="button" className="button button--link" onClick={() => void remove(segment)} aria-label={t("segments.deleteNamed", { name: segment.name })}>
                      {t("app.delete")}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </ListState>
      <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void create(e)}>
        <TextField label={t("segments.name")} value={name} onValue={setName} error={nameError} maxLength={200} />
        <SubmitButton busy={busy}>{t("segments.create")}</SubmitButton>
      </form>
    </section>
    </EditableIf>
  );
}
