import { useMemo } from "react";
import { SelectField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { useLatest } from "../../../lib/useLatest";
import { useSession } from "../../../session/context";
import { useCan } from "../../../session/permissions";
import { roleLabel } from "../roleLabel";
import type { Member } from "../api/members";

const column = columnHelper<Member>();

interface Props {
  members: Member[];
  /** The roles the caller may give. */
  roles: readonly string[];
  onRole: (member: Member, role: string) => void;
  onRemove: (member: Member) => void;
}

/** Members by name, e-mail and role (sortable); a role menu and Remove where the caller may manage, Leave on their own row. */
export function MembersTable({ members, roles, onRole, onRemove }: Props) {
  const { t } = useI18n();
  const { me } = useSession();
  const can = useCan();
  const meId = me?.id;
  const handlers = useLatest({ onRole, onRemove });
  const columns = useMemo(() => {
    // owners are changed or removed only by owners (members.manage_owners); leaving is anyone's
    const canManage = (role: string) => can("members.manage") && (role !== "owner" || can("members.manage_owners"));
    const options = roles.map((r) => ({ value: r, label: roleLabel(t, r) }));
    return column.columns([
      column.accessor("name", {
        header: t("team.name"),
        sortFn: "alphanumeric",
        cell: (c) => (
          <>
            {c.getValue()} {c.row.original.user_id === meId && <span className="muted">{t("team.you")}</span>}
          </>
        ),
      }),
      column.accessor("email", { header: t("team.email"), sortFn: "alphanumeric" }),
      column.accessor("role", {
        header: t("team.role"),
        sortFn: "alphanumeric",
        cell: (c) => {
          const m = c.row.original;
          if (!canManage(m.role)) return roleLabel(t, m.role);
          return <SelectField className="field--compact" hideLabel label={t("team.roleOf", { name: m.name })} value={m.role} options={options} onValue={(role) => handlers.current.onRole(m, role)} />;
        },
      }),
      column.display({
        id: "actions",
        header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
        meta: { className: "actions" },
        cell: (c) => {
          const m = c.row.original;
          if (!canManage(m.role) && m.user_id !== meId) return null;
          return (
            <Button tone="danger" onPress={() => handlers.current.onRemove(m)}>
              {m.user_id === meId ? t("team.leave") : t("team.remove")}
            </Button>
          );
        },
      }),
    ]);
  }, [t, can, roles, meId, handlers]);
  const table = useDataTable(columns, members, (m) => m.user_id);
  return <DataTable table={table} caption={t("team.members")} />;
}
