import { useEffect, useMemo, useState } from "react";
import { FormAlert, Notice, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useMarketplaceTree } from "../../browse/api/browse";
import { useOrg } from "../../orgContext";
import { useSuggest } from "../../search/api/search";
import { QuoteStatusBadge } from "../shared/StatusBadge";
import { useInvitationPreview, useRfqSteps } from "./api/rfqs";
import type { Rfq } from "./api/types";
import { MAX_INVITATIONS } from "./wizard";

/** Who is invited, and adding more: by name, or every approved supplier listed in chosen categories (previewed first). */
export function SupplierPicker({ rfq, marketplace, listInvited = true }: { rfq: Rfq; marketplace: string; listInvited?: boolean }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const { invite, uninvite } = useRfqSteps(active.id, rfq.id);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = rfq.status === "draft" || rfq.status === "open";
  const room = MAX_INVITATIONS - rfq.invitations.length;

  const send = async (body: { suppliers?: string[]; categories?: string[] }, count: number) => {
    setNotice(null);
    setError(null);
    try {
      await invite.mutateAsync(body);
      setNotice(t(rfq.status === "draft" ? "rfq.invitationsStaged" : "rfq.invitationsSent", { count }));
      return true;
    } catch (failure) {
      setError(errorMessage(t, failure));
      return false;
    }
  };

  return (
    <section className="card" aria-label={listInvited ? t("rfq.suppliers") : t("rfq.inviteMore")}>
      <h2>{listInvited ? t("rfq.suppliers") : t("rfq.inviteMore")}</h2>
      <p className="muted">{t("rfq.invitedCount", { count: rfq.invitations.length, max: MAX_INVITATIONS })}</p>
      {listInvited && rfq.invitations.length > 0 && (
        <ul className="rfq-invited">
          {rfq.invitations.map((invitation) => (
            <li key={invitation.tenant_id}>
              {invitation.name} <QuoteStatusBadge status={invitation.status} />
              {rfq.status === "draft" && (
                <Button
                  tone="link"
                  aria-label={t("rfq.removeInvitation", { name: invitation.name })}
                  isDisabled={uninvite.isPending}
                  onPress={() => {
                    setError(null);
                    uninvite.mutate(invitation.tenant_id, { onError: (failure) => setError(errorMessage(t, failure)) });
                  }}
                >
                  {t("rfq.remove")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormAlert message={error} />
      <Notice message={notice} />
      {open && room > 0 && (
        <div className="rfq-supplier-pickers">
          <ByName marketplace={marketplace} invited={rfq.invitations.map((i) => i.slug)} busy={invite.isPending} onInvite={(slug) => send({ suppliers: [slug] }, 1)} />
          <ByCategories rfq={rfq} marketplace={marketplace} room={room} busy={invite.isPending} onInvite={(categories, count) => send({ categories }, count)} />
        </div>
      )}
      {open && room <= 0 && <p className="muted">{t("rfq.invitationsFull", { max: MAX_INVITATIONS })}</p>}
    </section>
  );
}

function ByName({ marketplace, invited, busy, onInvite }: { marketplace: string; invited: string[]; busy: boolean; onInvite: (slug: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [typed, setTyped] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setTyped(text), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const suggest = useSuggest(marketplace, typed);
  const suppliers = typed.trim().length >= 2 ? (suggest.data?.suppliers ?? []) : [];
  return (
    <div>
      <h3>{t("rfq.byName")}</h3>
      <TextField label={t("rfq.supplierName")} type="search" value={text} onValue={setText} />
      {typed.trim().length >= 2 && !suggest.isFetching && suppliers.length === 0 && <p className="muted">{t("rfq.noSuppliersFound")}</p>}
      <ul className="rfq-offers">
        {suppliers.map((supplier) => (
          <li key={supplier.value}>
            <span>{supplier.label}</span>
            {invited.includes(supplier.value) ? (
              <span className="muted">{t("rfq.alreadyInvited")}</span>
            ) : (
              <Button aria-label={t("rfq.inviteNamed", { name: supplier.label })} isDisabled={busy} onPress={() => void onInvite(supplier.value)}>
                {t("rfq.invite")}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ByCategories({ rfq, marketplace, room, busy, onInvite }: { rfq: Rfq; marketplace: string; room: number; busy: boolean; onInvite: (categories: string[], count: number) => Promise<boolean> }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const tree = useMarketplaceTree(marketplace);
  const [chosen, setChosen] = useState<string[]>([]);
  const [previewed, setPreviewed] = useState<string[]>([]);
  const preview = useInvitationPreview(active.id, rfq.id, previewed);
  const invitedIds = useMemo(() => new Set(rfq.invitations.map((i) => i.tenant_id)), [rfq.invitations]);
  const fresh = (preview.data?.suppliers ?? []).filter((s) => !s.invited && !invitedIds.has(s.tenant_id));
  const roomLeft = preview.data?.room ?? room;
  const toggle = (id: string) => {
    setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
    setPreviewed([]);
  };
  return (
    <div>
      <h3>{t("rfq.byCategories")}</h3>
      <p className="muted">{t("rfq.byCategoriesHint")}</p>
      <fieldset className="rfq-categories">
        <legend className="visually-hidden">{t("rfq.byCategories")}</legend>
        {(tree.data?.categories ?? []).map((category) => (
          <label key={category.id} className={`checkbox rfq-category rfq-category--depth-${Math.min(category.depth, 4)}`}>
            <input type="checkbox" checked={chosen.includes(category.id)} onChange={() => toggle(category.id)} /> {category.name}
          </label>
        ))}
      </fieldset>
      <div className="rfq-actions">
        <Button isDisabled={chosen.length === 0} onPress={() => setPreviewed([...chosen].sort())}>
          {t("rfq.preview")}
        </Button>
      </div>
      {previewed.length > 0 && preview.isFetching && <p className="muted">{t("app.loading")}</p>}
      {previewed.length > 0 && preview.data && (
        <div aria-label={t("rfq.previewList")} role="region">
          {fresh.length === 0 ? (
            <p className="muted">{t("rfq.previewEmpty")}</p>
          ) : (
            <>
              <p>{t("rfq.previewCount", { count: fresh.length })}</p>
              <ul>
                {fresh.map((s) => (
                  <li key={s.tenant_id}>{s.name}</li>
                ))}
              </ul>
              {fresh.length > roomLeft ? (
                <p className="field__error">{t("rfq.previewTooMany", { room: roomLeft, max: MAX_INVITATIONS })}</p>
              ) : (
                <Button
                  tone="primary"
                  busy={busy}
                  onPress={() =>
                    void onInvite(previewed, fresh.length).then((ok) => {
                      if (ok) {
                        setChosen([]);
                        setPreviewed([]);
                      }
                    })
                  }
                >
                  {t("rfq.inviteAll", { count: fresh.length })}
                </Button>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}
