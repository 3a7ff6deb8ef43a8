import { useMemo } from "react";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { useLatest } from "../../../lib/useLatest";
import { roleLabel } from "../roleLabel";
import type { ApiKey } from "../api/apiKeys";

const column = columnHelper<ApiKey>();

/** Live keys: name, prefix, role, created, last used (sortable); Revoke for managers. */
export function ApiKeysTable({ keys, canRevoke, onRevoke }: { keys: ApiKey[]; canRevoke: boolean; onRevoke: (key: ApiKey) => void }) {
  const { t, date, dateTime } = useI18n();
  const revoke = useLatest(onRevoke);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", { header: t("keys.name"), sortFn: "alphanumeric" }),
        column.accessor("prefix", { header: t("keys.prefix"), sortFn: "alphanumeric", cell: (c) => <code>{c.getValue()}</code> }),
        column.accessor("role", { header: t("keys.role"), sortFn: "alphanumeric", cell: (c) => roleLabel(t, c.getValue()) }),
        column.accessor("created_at", { header: t("keys.created"), sortFn: "alphanumeric", cell: (c) => <time dateTime={c.getValue()}>{date(c.getValue())}</time> }),
        column.accessor((k) => k.last_used_at ?? "", {
          id: "last_used_at",
          header: t("keys.lastUsed"),
          sortFn: "alphanumeric",
          cell: (c) => {
            const used = c.row.original.last_used_at;
            return used ? <time dateTime={used}>{dateTime(used)}</time> : t("app.never");
          },
        }),
        column.display({
          id: "actions",
          header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
          meta: { className: "actions" },
          cell: (c) =>
            canRevoke && (
              <Button tone="danger" onPress={() => revoke.current(c.row.original)}>
                {t("keys.revoke")}
              </Button>
            ),
        }),
      ]),
    [t, date, dateTime, canRevoke, revoke],
  );
  const table = useDataTable(columns, keys, (k) => k.id);
  return <DataTable table={table} caption={t("keys.list")} />;
}
