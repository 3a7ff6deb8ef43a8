import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, call, type AuditEntry } from "../../api/client";
import { Spinner, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";

const PAGE_SIZE = 50;

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
  const { t, dateTime } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [items, setItems] = useState<AuditEntry[] | undefined>(undefined);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);

  const fetchPage = useCallback(
    (cursor: number | null) =>
      call(
        api.GET("/api/v1/operator/audit", {
          params: {
            query: {
              action: applied.action.trim() || null,
              since: localToIso(applied.since),
              until: localToIso(applied.until),
              cursor,
              limit: PAGE_SIZE,
            },
          },
        }),
      ),
    [applied],
  );

  useEffect(() => {
    let live = true;
    const load = async () => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await fetchPage(null);
        if (!live) return;
        setItems(page.items);
        setNext(page.next_cursor ?? null);
      } catch (failure) {
        if (live) setError(failure);
      } finally {
        if (live) setLoading(false);
      }
    };
    void load();
    return () => {
      live = false;
    };
  }, [fetchPage, generation]);

  const loadMore = async () => {
    if (next === null) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchPage(next);
      setItems((current) => [...(current ?? []), ...page.items]);
      setNext(page.next_cursor ?? null);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setItems(undefined);
    setApplied({ ...draft });
  };

  return (
    <div className="page">
      <h1>{t("audit.title")}</h1>
      <form className="filters" onSubmit={apply} aria-label={t("audit.filters")}>
        <TextField
          label={t("audit.action")}
          name="action"
          value={draft.action}
          onValue={(action) => setDraft((d) => ({ ...d, action }))}
          hint={t("audit.actionHint")}
        />
        <TextField
          label={t("audit.since")}
          name="since"
          type="datetime-local"
          value={draft.since}
          onValue={(since) => setDraft((d) => ({ ...d, since }))}
        />
        <TextField
          label={t("audit.until")}
          name="until"
          type="datetime-local"
          value={draft.until}
          onValue={(until) => setDraft((d) => ({ ...d, until }))}
        />
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t("audit.apply")}
          </button>
          <button
            type="button"
            className="button button--link"
            onClick={() => {
              setDraft(EMPTY);
              setItems(undefined);
              setApplied(EMPTY);
            }}
          >
            {t("audit.clear")}
          </button>
        </div>
      </form>
      <ListState data={items} loading={loading && items === undefined} error={error} onRetry={() => setGeneration((g) => g + 1)} empty={t("audit.empty")}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("audit.when")}</th>
                  <th scope="col">{t("audit.action")}</th>
                  <th scope="col">{t("audit.actor")}</th>
                  <th scope="col">{t("audit.target")}</th>
                  <th scope="col">{t("audit.org")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                    </td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td title={`${entry.actor_kind}:${entry.actor_id}`}>
                      <AuditActor entry={entry} />
                    </td>
                    <td title={`${entry.target_type}:${entry.target_id}`}>
                      {entry.target_label ? (
                        <>
                          {entry.target_label} <span className="muted">({entry.target_type})</span>
                        </>
                      ) : (
                        <>
                          {entry.target_type}:<span className="mono">{entry.target_id}</span>
                        </>
                      )}
                    </td>
                    <td className="mono">{entry.org ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      {items !== undefined && loading && <Spinner />}
      {next !== null && items !== undefined && (
        <div className="form-actions">
          <button type="button" className="button" disabled={loading} onClick={() => void loadMore()}>
            {t("audit.loadMore")}
          </button>
        </div>
      )}
    </div>
  );
}
