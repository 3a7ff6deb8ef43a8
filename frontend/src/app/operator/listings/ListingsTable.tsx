import { createContext, useContext, useMemo, useState } from "react";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { useCan } from "../../../session/permissions";
import type { Listing } from "../api/listings";
import { ReasonForm } from "../ReasonForm";

const column = columnHelper<Listing>();

const supplierOf = (l: Listing) => l.supplier_name ?? l.supplier_slug ?? l.tenant_id;

interface Props {
  listings: Listing[];
  busyId: string | null;
  /** Approve without a reason, reject with one; true when done. */
  onDecide: (listing: Listing, reason?: string) => Promise<boolean>;
}

interface Actions {
  canManage: boolean;
  busyId: string | null;
  rejecting: string | null;
  setRejecting: (id: string | null) => void;
  onDecide: Props["onDecide"];
}

// The actions cell reads the table's changing state from here: the columns stay the same
// objects, so a cell (and the reason typed into its form) is not remounted on each render.
const ActionsContext = createContext<Actions | null>(null);

/** One page of applications (supplier, marketplace, status, applied sort); approve, or reject with a reason asked inline. */
export function ListingsTable({ listings, busyId, onDecide }: Props) {
  const { t, date } = useI18n();
  const canManage = useCan()("marketplaces.manage");
  const [rejecting, setRejecting] = useState<string | null>(null);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor(supplierOf, { id: "supplier", header: t("listings.supplier"), sortFn: "alphanumeric" }),
        column.accessor("marketplace_name", { header: t("listings.marketplace"), sortFn: "alphanumeric" }),
        column.accessor("status", {
          header: t("listings.status"),
          sortFn: "alphanumeric",
          cell: (c) => <span className={`badge badge--${c.getValue()}`}>{t(`listingStatus.${c.getValue()}`)}</span>,
        }),
        column.accessor("applied_at", { header: t("listings.applied"), sortFn: "alphanumeric", cell: (c) => date(c.getValue()) }),
        column.accessor((l) => l.reason ?? "—", { id: "reason", header: t("listings.reason") }),
        column.display({ id: "actions", header: t("tenants.actions"), meta: { className: "actions" }, cell: (c) => <ListingActions listing={c.row.original} /> }),
      ]),
    [t, date],
  );
  const table = useDataTable(columns, listings, (l) => l.id);
  return (
    <ActionsContext.Provider value={{ canManage, busyId, rejecting, setRejecting, onDecide }}>
      <DataTable table={table} caption={t("listings.title")} />
    </ActionsContext.Provider>
  );
}

function ListingActions({ listing: l }: { listing: Listing }) {
  const { t } = useI18n();
  const actions = useContext(ActionsContext);
  if (!actions?.canManage) return null;
  const { busyId, rejecting, setRejecting, onDecide } = actions;
  const supplier = supplierOf(l);
  const busy = busyId === l.id;
  if (rejecting === l.id) {
    return (
      <ReasonForm
        label={t("listings.reason")}
        submitLabel={t("listings.confirmReject")}
        requiredMessage={t("listings.reasonRequired")}
        maxLength={1000}
        busy={busy}
        onCancel={() => setRejecting(null)}
        onSubmit={async (reason) => {
          if (await onDecide(l, reason ?? "")) setRejecting(null);
        }}
      />
    );
  }
  return (
    <>
      {l.status === "pending" && (
        <Button tone="primary" busy={busy} onPress={() => void onDecide(l)} aria-label={t("listings.approveNamed", { supplier, marketplace: l.marketplace_name })}>
          {t("listings.approve")}
        </Button>
      )}
      {(l.status === "pending" || l.status === "approved") && (
        <Button tone="danger" busy={busy} onPress={() => setRejecting(l.id)} aria-label={t("listings.rejectNamed", { supplier, marketplace: l.marketplace_name })}>
          {t("listings.reject")}
        </Button>
      )}
    </>
  );
}
