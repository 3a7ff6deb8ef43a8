import { useEffect, useState } from "react";
import type { Tenant, TenantStatus } from "../../../api/client";
import { loadState } from "../../../api/query";
import { FormAlert, Notice, SelectField, TextField } from "../../../components/forms";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import { useActionOutcome } from "../../../lib/useActionOutcome";
import { statusLabel } from "../../account/roleLabel";
import { useDecideTenant, useTenants, type TenantDecision } from "../api/tenants";
import "../operator.css";
import { TenantsTable } from "./TenantsTable";

export const PAGE_SIZE = 20;
const STATUSES: readonly TenantStatus[] = ["pending", "active", "suspended", "archived"];
const DONE = { approve: "tenants.approved", reject: "tenants.rejected", suspend: "tenants.suspended", reactivate: "tenants.reactivated" } as const;

/** Operator console: every supplier tenant, searchable, filterable, paged; approve / reject / suspend /
 * reactivate (operators; support staff only look). */
export function Tenants() {
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<TenantStatus | "">("");
  const [offset, setOffset] = useState(0);

  // Search as the operator types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const page = useTenants({ search: query || null, status: status || null, limit: PAGE_SIZE, offset });
  const decide = useDecideTenant();
  const outcome = useActionOutcome();

  /** True when done (the row's inline form closes). */
  const run = (tenant: Tenant, decision: TenantDecision) =>
    outcome.run(async () => {
      await decide.mutateAsync({ tenant, decision });
      return t(DONE[decision.action], { name: tenant.name });
    });

  const statusOptions = [{ value: "", label: t("tenants.allStatuses") }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))];

  return (
    <div className="page">
      <h1>{t("tenants.title")}</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(search.trim());
          setOffset(0);
        }}
      >
        <TextField label={t("tenants.search")} type="search" name="search" value={search} onValue={setSearch} placeholder={t("tenants.searchPlaceholder")} />
        <SelectField
          label={t("tenants.status")}
          value={status}
          options={statusOptions}
          onValue={(value) => {
            setStatus(value as TenantStatus | "");
            setOffset(0);
          }}
        />
      </form>
      <Notice message={outcome.notice} />
      <FormAlert message={outcome.error} />
      <ListState data={page.data?.items} {...loadState(page)} empty={t("tenants.empty")}>
        {(items) => <TenantsTable tenants={items} busyId={decide.isPending ? (decide.variables?.tenant.id ?? null) : null} onDecide={run} />}
      </ListState>
      <Pagination offset={offset} limit={PAGE_SIZE} total={page.data?.total ?? 0} busy={page.isFetching} label={t("tenants.pagination")} onOffset={setOffset} />
    </div>
  );
}
