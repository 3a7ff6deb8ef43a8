import { useState } from "react";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { useOrg } from "../orgContext";
import { useCan } from "../../session/permissions";

type Listing = Schemas["ListingOut"];

/** Supplier console: the marketplaces, this supplier's application on each, apply / withdraw. */
export function SupplierMarketplaces() {
  const { t, date } = useI18n();
  const can = useCan();
  const { active } = useOrg();
  const markets = useResource(() => call(api.GET("/api/v1/marketplaces")), "public-markets");
  const listings = useResource(() => call(api.GET("/api/v1/orgs/{org_id}/listings", { params: { path: { org_id: active.id } } })), `listings:${active.id}`);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const upsert = (l: Listing) => listings.setData((list) => [...(list ?? []).filter((x) => x.id !== l.id), l]);
  const act = async (id: string, work: () => Promise<Listing>, done: "supplierMarkets.applied" | "supplierMarkets.withdrawn", name: string) => {
    setBusy(id);
    setNotice(null);
    setActionError(null);
    try {
      upsert(await work());
      setNotice(t(done, { name }));
    } catch (error) {
      setActionError(errorMessage(t, error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <h1>{t("supplierMarkets.title")}</h1>
      <p className="muted">{t("supplierMarkets.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      {listings.error !== undefined && <FormAlert message={errorMessage(t, listings.error)} />}
      <ListState data={markets.data} loading={markets.loading} error={markets.error} onRetry={markets.reload} empty={t("supplierMarkets.empty")}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("markets.name")}</th>
                  <th scope="col">{t("markets.kind")}</th>
                  <th scope="col">{t("listings.status")}</th>
                  <th scope="col">{t("listings.reason")}</th>
                  <th scope="col">{t("tenants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => {
                  const listing = listings.data?.find((l) => l.marketplace_id === m.id);
                  const canApply = !listing || listing.status === "rejected" || listing.status === "withdrawn";
                  const canWithdraw = listing && (listing.status === "pending" || listing.status === "approved");
                  return (
                    <tr key={m.id}>
                      <td>
                        <strong>{m.name}</strong>
                        {m.description && <div className="muted">{m.description}</div>}
                      </td>
                      <td>{t(`marketKind.${m.kind}`)}</td>
                      <td>
                        {listing ? (
                          <>
                            <span className={`badge badge--${listing.status}`}>{t(`listingStatus.${listing.status}`)}</span>{" "}
                            <span className="muted">{date(listing.decided_at ?? listing.applied_at)}</span>
                          </>
                        ) : (
                          t("supplierMarkets.notApplied")
                        )}
                      </td>
                      <td>{listing?.reason ?? "—"}</td>
                      <td className="actions">
                        {canApply && can("listings.apply") && (
                          <button
                            type="button"
                            className="button button--primary"
                            disabled={busy === m.id || listings.data === undefined}
                            aria-label={t("supplierMarkets.applyTo", { name: m.name })}
                            onClick={() =>
                              void act(m.id, () => call(api.POST("/api/v1/orgs/{org_id}/listings", { params: { path: { org_id: active.id } }, body: { marketplace_id: m.id } })), "supplierMarkets.applied", m.name)
                            }
                          >
                            {t("supplierMarkets.apply")}
                          </button>
                        )}
                        {canWithdraw && can("listings.apply") && (
                          <button
                            type="button"
                            className="button"
                            disabled={busy === m.id}
                            aria-label={t("supplierMarkets.withdrawFrom", { name: m.name })}
                            onClick={() =>
                              void act(
                                m.id,
                                () => call(api.POST("/api/v1/orgs/{org_id}/listings/{listing_id}/withdraw", { params: { path: { org_id: active.id, listing_id: listing.id } } })),
                                "supplierMarkets.withdrawn",
                                m.name,
                              )
                            }
                          >
                            {t("supplierMarkets.withdraw")}
                          </button>
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
    </div>
  );
}
