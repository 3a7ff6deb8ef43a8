import { zodResolver } from "@hookform/resolvers/zod";
import type { UseQueryResult } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { loadState } from "../../../api/query";
import { BuyerPicker, buyerName, buyerRefs, useBuyerNames, type BuyerRef } from "../../../components/BuyerPicker";
import { FormAlert, Notice } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage, formErrors } from "../../../lib/errors";
import { applyServerErrors } from "../../../lib/forms";
import { EditableIf } from "../../../session/Permitted";
import { useCreateSegment, useDeleteSegment, useSetSegmentMembers, type Segment } from "../api/segments";

/** Buyer segments the supplier defines: create, set members (picked by company name), delete. */
export function Segments({ slug, segments }: { slug: string; segments: UseQueryResult<Segment[]> }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const [members, setMembers] = useState<BuyerRef[]>([]);
  const [membersError, setMembersError] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const names = useBuyerNames(slug, (segments.data ?? []).flatMap((s) => s.buyer_org_ids));
  const setSegmentMembers = useSetSegmentMembers(slug);
  const deleteSegment = useDeleteSegment(slug);

  const saveMembers = async (event: FormEvent, segment: Segment) => {
    event.preventDefault();
    setMembersError(undefined);
    try {
      await setSegmentMembers.mutateAsync({ segmentId: segment.id, buyerOrgIds: [...new Set(members.map((b) => b.id))] });
      setEditing(null);
      setNotice(t("segments.membersSaved", { name: segment.name }));
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setMembersError(Object.values(fields)[0] ?? form);
    }
  };

  const remove = async (segment: Segment) => {
    if (!window.confirm(t("segments.confirmDelete", { name: segment.name }))) return;
    setActionError(null);
    try {
      await deleteSegment.mutateAsync(segment.id);
      setNotice(t("segments.deleted", { name: segment.name }));
    } catch (error) {
      setActionError(error instanceof ApiError && error.status === 409 ? t("segments.inUse", { name: segment.name }) : errorMessage(t, error));
    }
  };

  return (
    <EditableIf action="pricing.write">
      <section className="card" aria-labelledby="segments-title">
        <h2 id="segments-title">{t("segments.title")}</h2>
        <p className="muted">{t("segments.intro")}</p>
        <Notice message={notice} />
        <FormAlert message={actionError} />
        <ListState data={segments.data} {...loadState(segments)} empty={t("segments.empty")}>
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
                        <Button type="submit" tone="primary" busy={setSegmentMembers.isPending}>
                          {t("segments.saveMembers")}
                        </Button>
                        <Button tone="link" onPress={() => setEditing(null)}>
                          {t("app.cancel")}
                        </Button>
                      </div>
                    </form>
                  ) : (
                    <>
                      <Button
                        tone="link"
                        onPress={() => {
                          setEditing(segment.id);
                          setMembers(buyerRefs(t, names, segment.buyer_org_ids));
                          setMembersError(undefined);
                        }}
                      >
                        {t("segments.editMembers")}
                      </Button>
                      <Button tone="link" onPress={() => void remove(segment)} aria-label={t("segments.deleteNamed", { name: segment.name })}>
                        {t("app.delete")}
                      </Button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </ListState>
        <NewSegmentForm slug={slug} onCreated={(name) => setNotice(t("segments.created", { name }))} />
      </section>
    </EditableIf>
  );
}

/** A segment's name: required; a name already taken is said next to the field. */
function NewSegmentForm({ slug, onCreated }: { slug: string; onCreated: (name: string) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ name: z.string().trim().min(1, t("validation.required")) }), [t]);
  const form = useForm<{ name: string }, unknown, { name: string }>({ defaultValues: { name: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const create = useCreateSegment(slug);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ name }) => {
    try {
      const created = await create.mutateAsync({ name });
      form.reset({ name: "" });
      onCreated(created.name);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && !error.hasFieldErrors) form.setError("name", { message: t("segments.nameTaken") });
      else applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void submit(e)}>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="name" label={t("segments.name")} maxLength={200} />
      <Button type="submit" tone="primary" busy={isSubmitting}>
        {t("segments.create")}
      </Button>
    </form>
  );
}
