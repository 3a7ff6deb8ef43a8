import { useMemo, useState, type FormEvent } from "react";
import type { AuditEntry } from "../../../api/client";
import { loadState } from "../../../api/query";
import { Spinner, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { useAuditTrail } from "../api/audit";
import "../operator.css";

interface Filters {
  action: string;
  since: string;
  until: string;
}

const EMPTY: Filters = { action: "", since: "", until: "" };

/** `<input type="datetime-local">` (local time) → ISO 8601 in UTC, or null. */
export function localToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Who acted, by the name kept when the record was written (the id only for old records). */
export function AuditActor({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  if (entry.actor_kind === "system") return <>{t("audit.system")}</>;
  if (!entry.actor_name) {
    return (
      <>
        {entry.actor_kind}:<span className="mono">{entry.actor_id}</span>
      </>
    );
  }
  if (entry.actor_kind === "api_key") return <>{t("audit.apiKey", { name: entry.actor_name })}</>;
  return (
    <>
      {entry.actor_name}
      {entry.actor_email && <div className="muted">{entry.actor_email}</div>}
    </>
  );
}

/** Operator console: the audit trail across the platform, newest first, paged by cursor. */
export function Audit() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const trail = useAuditTrail({ action: applied.action.trim() || null, since: localToIso(applied.since), until: localToIso(applied.until) });
  const items = trail.data?.pages.flatMap((page) => page.items);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...draft });
  };

  return (
    <div className="page">
      <h1>{t("audit.title")}</h1>
      <form className="filters" onSubmit={apply} aria-label={t("audit.filters")}>
        <TextField label={t("audit.action")} name="action" value={draft.action} onValue={(action) => setDraft((d) => ({ ...d, action }))} hint={t("audit.actionHint")} />
        <TextField label={t("audit.since")} name="since" type="datetime-local" value={draft.since} onValue={(since) => setDraft((d) => ({ ...d, since }))} />
        <TextField label={t("audit.until")} name="until" type="datetime-local" value={draft.until} onValue={(until) => setDraft((d) => ({ ...d, until }))} />
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t("audit.apply")}
          </button>
          <Button
            tone="link"
            onPress={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
            }}
          >
            {t("audit.clear")}
          </Button>
        </div>
      </form>
      <ListState data={items} {...loadState(trail)} loading={trail.isFetching && !trail.isFetchingNextPage} empty={t("audit.empty")}>
        {(list) => <AuditTable entries={list} />}
      </ListState>
      {trail.isFetchingNextPage && <Spinner />}
      {trail.hasNextPage && items !== undefined && (
        <div className="form-actions">
          <Button busy={trail.isFetching} onPress={() => void trail.fetchNextPage()}>
            {t("audit.loadMore")}
          </Button>
        </div>
      )}
    </div>
  );
}

const column = columnHelper<AuditEntry>();

/** The entries loaded so far (when, action, actor and organisation sort among them). */
function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t, dateTime } = useI18n();
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("at", { header: t("audit.when"), sortFn: "alphanumeric", cell: (c) => <time dateTime={c.getValue()}>{dateTime(c.getValue())}</time> }),
        column.accessor("action", { header: t("audit.action"), sortFn: "alphanumeric", cell: (c) => <code>{c.getValue()}</code> }),
        column.accessor((e) => e.actor_name ?? e.actor_id, {
          id: "actor",
          header: t("audit.actor"),
          sortFn: "alphanumeric",
          cell: (c) => (
            <span title={`${c.row.original.actor_kind}:${c.row.original.actor_id}`}>
              <AuditActor entry={c.row.original} />
            </span>
          ),
        }),
        column.display({ id: "target", header: t("audit.target"), cell: (c) => <AuditTarget entry={c.row.original} /> }),
        column.accessor((e) => e.org ?? "—", { id: "org", header: t("audit.org"), sortFn: "alphanumeric", meta: { className: "mono" } }),
      ]),
    [t, dateTime],
  );
  const table = useDataTable(columns, entries, (e) => String(e.id));
  return <DataTable table={table} caption={t("audit.title")} />;
}

function AuditTarget({ entry }: { entry: AuditEntry }) {
  return (
    <span title={`${entry.target_type}:${entry.target_id}`}>
      {entry.target_label ? (
        <>
          {entry.target_label} <span className="muted">({entry.target_type})</span>
        </>
      ) : (
        <>
          {entry.target_type}:<span className="mono">{entry.target_id}</span>
        </>
      )}
    </span>
  );
}
