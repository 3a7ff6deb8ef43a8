import { useMemo, useState } from "react";
import { useController, useForm, type Control } from "react-hook-form";
import type { AuditEntry } from "../../../api/client";
import { loadState } from "../../../api/query";
import { Spinner, TextField } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
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
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const form = useForm<Filters>({ defaultValues: EMPTY });
  const trail = useAuditTrail({ action: applied.action.trim() || null, since: localToIso(applied.since), until: localToIso(applied.until) });
  const items = trail.data?.pages.flatMap((page) => page.items);

  const apply = form.handleSubmit((filters) => setApplied({ ...filters }));

  return (
    <div className="page">
      <h1>{t("audit.title")}</h1>
      <form className="filters" onSubmit={(e) => void apply(e)} aria-label={t("audit.filters")}>
        <TextInput control={form.control} name="action" label={t("audit.action")} hint={t("audit.actionHint")} />
        <DateTimeField control={form.control} name="since" label={t("audit.since")} />
        <DateTimeField control={form.control} name="until" label={t("audit.until")} />
        <div className="form-actions">
          <Button type="submit" tone="primary">
            {t("audit.apply")}
          </Button>
          <Button
            tone="link"
            onPress={() => {
              form.reset(EMPTY);
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

/** A local date and time (the kit's text input has no datetime-local type): the labelled field, bound to the form. */
function DateTimeField({ control, name, label }: { control: Control<Filters>; name: "since" | "until"; label: string }) {
  const { field } = useController({ control, name });
  return <TextField label={label} name={name} type="datetime-local" value={field.value} onValue={field.onChange} onBlur={field.onBlur} />;
}
