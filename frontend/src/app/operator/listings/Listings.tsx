import { useState } from "react";
import { loadState } from "../../../api/query";
import { FormAlert, Notice, SelectField } from "../../../components/forms";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import { useActionOutcome } from "../../../lib/useActionOutcome";
import { useDecideListing, useListings, type Listing } from "../api/listings";
import { useMarketplaces } from "../api/marketplaces";
import "../operator.css";
import { ListingsTable } from "./ListingsTable";

type ListingStatus = Listing["status"];
export const LISTING_STATUSES: readonly ListingStatus[] = ["pending", "approved", "rejected", "withdrawn"];
const PAGE = 20;

/** Operator console: suppliers' applications to list on marketplaces; approve, or reject with a reason. */
export function Listings() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ListingStatus | "">("pending");
  const [marketplace, setMarketplace] = useState("");
  const [offset, setOffset] = useState(0);

  const markets = useMarketplaces({ limit: 200 });
  const page = useListings({ status: status || null, marketplace_id: marketplace || null, limit: PAGE, offset });
  const decide = useDecideListing();
  const outcome = useActionOutcome();

  /** Approve (no reason) or reject; true when done. */
  const run = (listing: Listing, reason?: string) =>
    outcome.run(async () => {
      await decide.mutateAsync(reason === undefined ? { listing } : { listing, reason });
      const names = { supplier: listing.supplier_name ?? listing.supplier_slug ?? "", marketplace: listing.marketplace_name };
      return t(reason === undefined ? "listings.approved" : "listings.rejected", names);
    });

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
      <Notice message={outcome.notice} />
      <FormAlert message={outcome.error} />
      <ListState data={page.data?.items} {...loadState(page)} empty={t("listings.empty")}>
        {(items) => <ListingsTable listings={items} busyId={decide.isPending ? (decide.variables?.listing.id ?? null) : null} onDecide={run} />}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.isFetching} label={t("listings.pagination")} onOffset={setOffset} />
    </div>
  );
}
