import { useMemo } from "react";
import type { Invitation } from "../../../api/client";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { useLatest } from "../../../lib/useLatest";
import { roleLabel } from "../roleLabel";

const column = columnHelper<Invitation>();

/** Invitations not yet answered, with their expiry; Revoke for those who may invite. */
export function InvitationsTable({ invitations, canRevoke, onRevoke }: { invitations: Invitation[]; canRevoke: boolean; onRevoke: (invitation: Invitation) => void }) {
  const { t, date } = useI18n();
  const revoke = useLatest(onRevoke);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("email", { header: t("team.email"), sortFn: "alphanumeric" }),
        column.accessor("role", { header: t("team.role"), sortFn: "alphanumeric", cell: (c) => roleLabel(t, c.getValue()) }),
        column.accessor("expires_at", { header: t("team.expires"), sortFn: "alphanumeric", cell: (c) => <time dateTime={c.getValue()}>{date(c.getValue())}</time> }),
        column.display({
          id: "actions",
          header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
          meta: { className: "actions" },
          cell: (c) =>
            canRevoke && (
              <Button onPress={() => revoke.current(c.row.original)}>
                {t("team.revoke")}
              </Button>
            ),
        }),
      ]),
    [t, date, canRevoke, revoke],
  );
  const table = useDataTable(columns, invitations, (i) => i.id);
  return <DataTable table={table} caption={t("team.pending")} />;
}
