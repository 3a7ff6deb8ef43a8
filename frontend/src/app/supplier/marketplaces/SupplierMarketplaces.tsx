import { useMemo } from "react";
import { loadState } from "../../../api/query";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useActionOutcome } from "../../../lib/useActionOutcome";
import { useLatest } from "../../../lib/useLatest";
import { useCan } from "../../../session/permissions";
import { usePublicMarketplaces } from "../../browse/api/browse";
import { useOrg } from "../../orgContext";
import { useApplyOrWithdraw, useOwnListings, type Listing } from "../api/listings";

type Market = NonNullable<ReturnType<typeof usePublicMarketplaces>["data"]>[number];
interface Row {
  market: Market;
  listing: Listing | undefined;
}

/** Supplier console: the marketplaces, this supplier's application on each, apply / withdraw. */
export function SupplierMarketplaces() {
  const { t } = useI18n();
  const { active } = useOrg();
  const markets = usePublicMarketplaces();
  const listings = useOwnListings(active.id);
  const change = useApplyOrWithdraw(active.id);
  const outcome = useActionOutcome();

  const act = (market: Market, listing: Listing | undefined) =>
    outcome.run(async () => {
      await change.mutateAsync(listing ? { withdraw: listing.id } : { apply: market.id });
      return t(listing ? "supplierMarkets.withdrawn" : "supplierMarkets.applied", { name: market.name });
    });

  const rows = useMemo(() => markets.data?.map((market) => ({ market, listing: listings.data?.find((l) => l.marketplace_id === market.id) })), [markets.data, listings.data]);
  const busyMarket = change.isPending ? change.variables : undefined;

  return (
    <div className="page">
      <h1>{t("supplierMarkets.title")}</h1>
      <p className="muted">{t("supplierMarkets.intro")}</p>
      <Notice message={outcome.notice} />
      <FormAlert message={outcome.error} />
      {listings.error !== null && <FormAlert message={errorMessage(t, listings.error)} />}
      <ListState data={rows} {...loadState(markets)} empty={t("supplierMarkets.empty")}>
        {(items) => (
          <MarketsTable
            rows={items}
            listingsLoaded={listings.data !== undefined}
            busyId={busyMarket ? ("apply" in busyMarket ? busyMarket.apply : (items.find((r) => r.listing?.id === busyMarket.withdraw)?.market.id ?? null)) : null}
            onApply={(row) => void act(row.market, undefined)}
            onWithdraw={(row) => void act(row.market, row.listing)}
          />
        )}
      </ListState>
    </div>
  );
}

const column = columnHelper<Row>();

interface TableProps {
  rows: Row[];
  listingsLoaded: boolean;
  busyId: string | null;
  onApply: (row: Row) => void;
  onWithdraw: (row: Row) => void;
}

function MarketsTable({ rows, listingsLoaded, busyId, onApply, onWithdraw }: TableProps) {
  const { t, date } = useI18n();
  const canApply = useCan()("listings.apply");
  const handlers = useLatest({ onApply, onWithdraw });
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor((r) => r.market.name, {
          id: "name",
          header: t("markets.name"),
          sortFn: "alphanumeric",
          cell: (c) => (
            <>
              <strong>{c.getValue()}</strong>
              {c.row.original.market.description && <div className="muted">{c.row.original.market.description}</div>}
            </>
          ),
        }),
        column.accessor((r) => r.market.kind, { id: "kind", header: t("markets.kind"), sortFn: "alphanumeric", cell: (c) => t(`marketKind.${c.getValue()}`) }),
        column.accessor((r) => r.listing?.status ?? "", {
          id: "status",
          header: t("listings.status"),
          sortFn: "alphanumeric",
          cell: (c) => {
            const listing = c.row.original.listing;
            if (!listing) return t("supplierMarkets.notApplied");
            return (
              <>
                <span className={`badge badge--${listing.status}`}>{t(`listingStatus.${listing.status}`)}</span> <span className="muted">{date(listing.decided_at ?? listing.applied_at)}</span>
              </>
            );
          },
        }),
        column.accessor((r) => r.listing?.reason ?? "—", { id: "reason", header: t("listings.reason") }),
        column.display({
          id: "actions",
          header: t("tenants.actions"),
          meta: { className: "actions" },
          cell: (c) => {
            const { market, listing } = c.row.original;
            if (!canApply) return null;
            const busy = busyId === market.id;
            const mayApply = !listing || listing.status === "rejected" || listing.status === "withdrawn";
            const mayWithdraw = listing && (listing.status === "pending" || listing.status === "approved");
            return (
              <>
                {mayApply && (
                  <Button tone="primary" busy={busy} isDisabled={!listingsLoaded} aria-label={t("supplierMarkets.applyTo", { name: market.name })} onPress={() => handlers.current.onApply(c.row.original)}>
                    {t("supplierMarkets.apply")}
                  </Button>
                )}
                {mayWithdraw && (
                  <Button busy={busy} aria-label={t("supplierMarkets.withdrawFrom", { name: market.name })} onPress={() => handlers.current.onWithdraw(c.row.original)}>
                    {t("supplierMarkets.withdraw")}
                  </Button>
                )}
              </>
            );
          },
        }),
      ]),
    [t, date, canApply, listingsLoaded, busyId, handlers],
  );
  const table = useDataTable(columns, rows, (r) => r.market.id);
  return <DataTable table={table} caption={t("supplierMarkets.title")} />;
}
