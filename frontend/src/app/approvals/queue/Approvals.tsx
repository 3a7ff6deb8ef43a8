import { useMemo, useState } from "react";
import { FormAlert, Notice, SelectField } from "../../../components/forms";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { formatDateTime } from "../../../i18n/format";
import { errorMessage } from "../../../lib/errors";
import { formatMoney } from "../../../lib/money";
import { useLatest } from "../../../lib/useLatest";
import { useOrg } from "../../orgContext";
import { useApprovalQueue, useApprove, type PurchaseRequest, type RequestStatus } from "../api/approvals";
import { PurchaseRequestProgress } from "../PurchaseRequestProgress";
import { RejectForm } from "./RejectForm";

const STATUSES: RequestStatus[] = ["pending", "approved", "rejected", "cancelled"];
const column = columnHelper<PurchaseRequest>();

/** The approvers' queue: requests waiting at a level the caller's role decides, or the company's by status. */
export function Approvals() {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const [status, setStatus] = useState<RequestStatus>("pending");
  const queue = useApprovalQueue(active.id, status);
  const approve = useApprove(active.id);
  const [rejecting, setRejecting] = useState<PurchaseRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const items = useMemo(() => queue.data?.pages.flatMap((page) => page.items), [queue.data]);

  const actions = useLatest({
    approve: async (request: PurchaseRequest) => {
      setNotice(null);
      setActionError(null);
      try {
        await approve.mutateAsync(request.id);
        setNotice(t("approvals.approved", { name: request.requester_name ?? t("approvals.someone"), level: request.current_level }));
      } catch (error) {
        setActionError(errorMessage(t, error));
      }
    },
    reject: (request: PurchaseRequest) => {
      setNotice(null);
      setRejecting(request);
    },
  });

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor((r) => r.requester_name ?? "", { id: "requester", header: t("approvals.requester"), sortFn: "alphanumeric" }),
        column.display({
          id: "suppliers",
          header: t("approvals.suppliers"),
          cell: (c) => (
            <ul className="plain-list">
              {c.row.original.summary.parts.map((part) => (
                <li key={part.tenant_id}>
                  {part.supplier_name}: {formatMoney(locale, part.total, part.currency)}
                </li>
              ))}
            </ul>
          ),
        }),
        column.display({ id: "progress", header: t("approvals.reasons"), cell: (c) => <PurchaseRequestProgress request={c.row.original} /> }),
        column.accessor((r) => r.current_level, { id: "level", header: t("approvals.level"), cell: (c) => t("approvals.levelOf", { level: c.row.original.current_level, levels: c.row.original.levels.length }) }),
        column.accessor("created_at", { header: t("approvals.requestedAt"), sortFn: "alphanumeric", cell: (c) => formatDateTime(locale, c.getValue()) }),
        column.display({
          id: "actions",
          header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
          meta: { className: "actions" },
          cell: (c) => {
            const r = c.row.original;
            if (r.status !== "pending") return null;
            if (!r.can_decide) return <span className="muted">{t("approvals.ownRequest")}</span>;
            return (
              <>
                <Button tone="primary" onPress={() => void actions.current.approve(r)}>
                  {t("approvals.approve")}
                </Button>
                <Button tone="danger" onPress={() => actions.current.reject(r)}>
                  {t("approvals.reject")}
                </Button>
              </>
            );
          },
        }),
      ]),
    [t, locale, actions],
  );
  const table = useDataTable(columns, items ?? [], (r) => r.id);

  return (
    <div className="page">
      <h1>{t("approvals.title")}</h1>
      <p className="muted">{t("approvals.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <SelectField label={t("approvals.status")} value={status} onValue={(value) => setStatus(value as RequestStatus)} options={STATUSES.map((s) => ({ value: s, label: t(`approvals.status.${s}`) }))} />
      {rejecting && (
        <section className="card">
          <h2>{t("approvals.rejectOf", { name: rejecting.requester_name ?? t("approvals.someone") })}</h2>
          <RejectForm
            key={rejecting.id}
            orgId={active.id}
            request={rejecting}
            onDone={(done) => {
              setRejecting(null);
              setNotice(t("approvals.rejected", { name: done.requester_name ?? t("approvals.someone") }));
            }}
            onCancel={() => setRejecting(null)}
          />
        </section>
      )}
      <section className="card">
        <h2>{t("approvals.list")}</h2>
        <ListState data={items} loading={queue.isPending} error={queue.error} onRetry={() => void queue.refetch()} empty={t("approvals.empty")}>
          {() => <DataTable table={table} caption={t("approvals.list")} />}
        </ListState>
        {queue.hasNextPage && (
          <Button onPress={() => void queue.fetchNextPage()} busy={queue.isFetchingNextPage}>
            {t("approvals.more")}
          </Button>
        )}
      </section>
    </div>
  );
}
