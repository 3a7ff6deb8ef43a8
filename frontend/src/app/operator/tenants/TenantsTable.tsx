import { createContext, useContext, useMemo, useState } from "react";
import type { Tenant } from "../../../api/client";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { useCan } from "../../../session/permissions";
import { statusLabel } from "../../account/roleLabel";
import type { TenantDecision } from "../api/tenants";
import { ReasonForm } from "../ReasonForm";

const column = columnHelper<Tenant>();

interface Props {
  tenants: Tenant[];
  busyId: string | null;
  onDecide: (tenant: Tenant, decision: TenantDecision) => Promise<boolean>;
}

interface Actions {
  canManage: boolean;
  busyId: string | null;
  asking: { id: string; action: "reject" | "suspend" } | null;
  setAsking: (asking: Actions["asking"]) => void;
  onDecide: Props["onDecide"];
}

// The actions cell reads the table's changing state from here: the columns stay the same
// objects, so a cell (and the reason typed into its form) is not remounted on each render.
const ActionsContext = createContext<Actions | null>(null);

/** One page of tenants (name, slug, status, created sort); the actions their status allows, a reason asked inline. */
export function TenantsTable({ tenants, busyId, onDecide }: Props) {
  const { t, date } = useI18n();
  const canManage = useCan()("tenants.manage");
  const [asking, setAsking] = useState<Actions["asking"]>(null);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", { header: t("tenants.name"), sortFn: "alphanumeric" }),
        column.accessor("slug", { header: t("tenants.slug"), sortFn: "alphanumeric", cell: (c) => <code>{c.getValue()}</code> }),
        column.accessor("status", {
          header: t("tenants.status"),
          sortFn: "alphanumeric",
          cell: (c) => (
            <>
              <span className={`badge badge--${c.getValue()}`}>{statusLabel(t, c.getValue())}</span>
              {c.row.original.status_reason && <div className="muted">{c.row.original.status_reason}</div>}
            </>
          ),
        }),
        column.accessor("created_at", { header: t("tenants.created"), sortFn: "alphanumeric", cell: (c) => <time dateTime={c.getValue()}>{date(c.getValue())}</time> }),
        column.display({ id: "actions", header: t("tenants.actions"), meta: { className: "actions" }, cell: (c) => <TenantActions tenant={c.row.original} /> }),
      ]),
    [t, date],
  );
  const table = useDataTable(columns, tenants, (tenant) => tenant.id);
  return (
    <ActionsContext.Provider value={{ canManage, busyId, asking, setAsking, onDecide }}>
      <DataTable table={table} caption={t("tenants.title")} />
    </ActionsContext.Provider>
  );
}

function TenantActions({ tenant }: { tenant: Tenant }) {
  const { t } = useI18n();
  const actions = useContext(ActionsContext);
  if (!actions?.canManage) return null;
  const { busyId, asking, setAsking, onDecide } = actions;
  const busy = busyId === tenant.id;
  if (asking?.id === tenant.id) {
    const reject = asking.action === "reject";
    return (
      <ReasonForm
        label={reject ? t("tenants.rejectReason", { name: tenant.name }) : t("tenants.reason")}
        submitLabel={reject ? t("tenants.confirmReject") : t("tenants.confirmSuspend")}
        maxLength={500}
        busy={busy}
        onCancel={() => setAsking(null)}
        onSubmit={async (reason) => {
          if (await onDecide(tenant, { action: asking.action, reason })) setAsking(null);
        }}
      />
    );
  }
  if (tenant.status === "pending") {
    return (
      <>
        <Button tone="primary" busy={busy} onPress={() => void onDecide(tenant, { action: "approve" })}>
          {t("tenants.approve")}
        </Button>
        <Button tone="danger" busy={busy} onPress={() => setAsking({ id: tenant.id, action: "reject" })}>
          {t("tenants.reject")}
        </Button>
      </>
    );
  }
  if (tenant.status === "active") {
    return (
      <Button tone="danger" busy={busy} onPress={() => setAsking({ id: tenant.id, action: "suspend" })}>
        {t("tenants.suspend")}
      </Button>
    );
  }
  if (tenant.status === "suspended") {
    return (
      <Button busy={busy} onPress={() => void onDecide(tenant, { action: "reactivate" })}>
        {t("tenants.reactivate")}
      </Button>
    );
  }
  return null;
}
