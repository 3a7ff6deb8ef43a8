import { useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { useCan } from "../../session/permissions";

type Listing = Schemas["ListingOut"];
type ListingStatus = Listing["status"];
export const LISTING_STATUSES: readonly ListingStatus[] = ["pending", "approved", "rejected", "withdrawn"];
const PAGE = 20;

/** Operator console: suppliers' applications to list on marketplaces; approve, or reject with a reason. */
export function Listings() {
  const { t, date } = useI18n();
  const canManage = useCan()("marketplaces.manage");
  const [status, setStatus] = useState<ListingStatus | "">("pending");
  const [marketplace, setMarketplace] = useState("");
  const [offset, setOffset] = useState(0);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const markets = useResource(() => call(api.GET("/api/v1/operator/marketplaces", { params: { query: { limit: 200 } } })), "listing-markets");
  const page = useResource(
    () =>
      call(
        api.GET("/api/v1/operator/listings", {
          params: { query: { status: status || null, marketplace_id: marketplace || null, limit: PAGE, offset } },
        }),
      ),
    `listings:${status}|${marketplace}|${offset}`,
  );
  const replace = (l: Listing) => page.setData((p) => p && { ...p, items: p.items.map((x) => (x.id === l.id ? l : x)) });

  const decide = async (listing: Listing, work: () => Promise<Listing>, done: "listings.approved" | "listings.rejected") => {
    setBusyId(listing.id);
    setNotice(null);
    setActionError(null);
    try {
      replace(await work());
      setNotice(t(done, { supplier: listing.supplier_name ?? listing.supplier_slug ?? "", marketplace: listing.marketplace_name }));
      return true;
    } catch (error) {
      setActionError(errorMessage(t, error));
      return false;
    } finally {
      setBusyId(null);
    }
  };
  const approve = (l: Listing) => decide(l, () => call(api.POST("/api/v1/operator/listings/{listing_id}/approve", { params: { path: { listing_id: l.id } } })), "listings.approved");
  const reject = async (event: FormEvent, l: Listing) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError(t("listings.reasonRequired"));
      return;
    }
    setReasonError(undefined);
    const ok = await decide(
      l,
      () => call(api.POST("/api/v1/operator/listings/{listing_id}/reject", { params: { path: { listing_id: l.id } }, body: { reason: reason.trim() } })),
      "listings.rejected",
    );
    if (ok) {
      setRejecting(null);
      setReason("");
    }
  };

  return (
    <div className="page">
      <h1>{t("listings.title")}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t("listings.status")}
          value={status}
          onValue={(v) => {
            setStatus(v as ListingStatus | "");
            setOffset(0);
          }}
          options={[{ value: "", label: t("listings.allStatuses") }, ...LISTING_STATUSES.map((s) => ({ value: s, label: t(`listingStatus.${s}`) }))]}
        />
        <SelectField
          label={t("listings.marketplace")}
          value={marketplace}
          onValue={(v) => {
            setMarketplace(v);
            setOffset(0);
          }}
          options={[{ value: "", label: t("listings.allMarketplaces") }, ...(markets.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))]}
        />
      </form>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <ListState data={page.data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={t("listings.empty")}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("listings.supplier")}</th>
                  <th scope="col">{t("listings.marketplace")}</th>
                  <th scope="col">{t("listings.status")}</th>
                  <th scope="col">{t("listings.applied")}</th>
                  <th scope="col">{t("listings.reason")}</th>
                  <th scope="col">{t("tenants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((l) => {
                  const supplier = l.supplier_name ?? l.supplier_slug ?? l.tenant_id;
                  return (
                    <tr key={l.id} data-testid={`listing-${l.supplier_slug ?? l.tenant_id}`}>
                      <td>{supplier}</td>
                      <td>{l.marketplace_name}</td>
                      <td>
                        <span className={`badge badge--${l.status}`}>{t(`listingStatus.${l.status}`)}</span>
                      </td>
                      <td>{date(l.applied_at)}</td>
                      <td>{l.reason ?? "—"}</td>
                      <td className="actions">
                        {canManage && l.status === "pending" && (
                          <button
                            type="button"
                            className="button button--primary"
                            disabled={busyId === l.id}
                            onClick={() => void approve(l)}
                            aria-label={t("listings.approveNamed", { supplier, marketplace: l.marketplace_name })}
                          >
                            {t("listings.approve")}
                          </button>
                        )}
                        {canManage && (l.status === "pending" || l.status === "approved") && rejecting !== l.id && (
                          <button
                            type="button"
                            className="button button--danger"
                            disabled={busyId === l.id}
                            onClick={() => {
                              setRejecting(l.id);
                              setReason("");
                              setReasonError(undefined);
                            }}
                            aria-label={t("listings.rejectNamed", { supplier, marketplace: l.marketplace_name })}
                          >
                            {t("listings.reject")}
                          </button>
                        )}
                        {canManage && rejecting === l.id && (
                          <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void reject(e, l)}>
                            <TextField label={t("listings.reason")} value={reason} onValue={setReason} error={reasonError} maxLength={1000} autoFocus />
                            <button type="submit" className="button button--danger" disabled={busyId === l.id}>
                              {t("listings.confirmReject")}
                            </button>
                            <button type="button" className="button button--link" onClick={() => setRejecting(null)}>
                              {t("app.cancel")}
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.loading} label={t("listings.pagination")} onOffset={setOffset} />
    </div>
  );
}
