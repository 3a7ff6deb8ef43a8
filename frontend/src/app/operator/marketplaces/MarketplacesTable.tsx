import { useMemo, useState } from "react";
import { Link } from "react-router";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { useLatest } from "../../../lib/useLatest";
import { useCan } from "../../../session/permissions";
import type { Marketplace } from "../api/marketplaces";
import { MarketplaceForm } from "./MarketplaceForm";

const column = columnHelper<Marketplace>();

/** One page of marketplaces (name, kind, status, created sort); a row being edited becomes its form. */
export function MarketplacesTable({ marketplaces, onToggle, onSaved }: { marketplaces: Marketplace[]; onToggle: (m: Marketplace) => void; onSaved: (m: Marketplace) => void }) {
  const { t, date } = useI18n();
  const canManage = useCan()("marketplaces.manage");
  const [editing, setEditing] = useState<string | null>(null);
  const toggle = useLatest(onToggle);

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", {
          header: t("markets.name"),
          sortFn: "alphanumeric",
          cell: (c) => (
            <>
              <strong>{c.getValue()}</strong> <code>{c.row.original.slug}</code>
            </>
          ),
        }),
        column.accessor("kind", { header: t("markets.kind"), sortFn: "alphanumeric", cell: (c) => t(`marketKind.${c.getValue()}`) }),
        column.accessor("status", { header: t("markets.status"), sortFn: "alphanumeric", cell: (c) => <span className={`badge badge--${c.getValue()}`}>{t(`status.${c.getValue()}`)}</span> }),
        column.accessor("created_at", { header: t("tenants.created"), sortFn: "alphanumeric", cell: (c) => date(c.getValue()) }),
        column.display({
          id: "actions",
          header: t("tenants.actions"),
          meta: { className: "actions" },
          cell: (c) => {
            const m = c.row.original;
            return (
              <>
                {m.kind === "vertical" && (
                  <Link className="button" to={`/app/operator/marketplaces/${m.id}`} aria-label={t("markets.taxonomyOf", { name: m.name })}>
                    {t("markets.taxonomy")}
                  </Link>
                )}
                {canManage && (
                  <>
                    <Button onPress={() => setEditing(m.id)} aria-label={t("markets.editNamed", { name: m.name })}>
                      {t("app.edit")}
                    </Button>
                    <Button tone={m.status === "active" ? "danger" : "plain"} onPress={() => toggle.current(m)}>
                      {m.status === "active" ? t("markets.archive") : t("markets.restore")}
                    </Button>
                  </>
                )}
              </>
            );
          },
        }),
      ]),
    [t, date, canManage, toggle],
  );
  const table = useDataTable(columns, marketplaces, (m) => m.id);
  return (
    <DataTable
      table={table}
      caption={t("markets.title")}
      renderRow={(row, span) =>
        row.id === editing ? (
          <tr key={row.id}>
            <td colSpan={span}>
              <MarketplaceForm
                marketplace={row.original}
                onCancel={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  onSaved(saved);
                }}
              />
            </td>
          </tr>
        ) : null
      }
    />
  );
}
