import { useEffect, useState, type FormEvent } from "react";
import { api, call, type Tenant, type TenantStatus } from "../../api/client";
import { FormAlert, Notice, SelectField, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { useCan } from "../../session/permissions";
import { statusLabel } from "../roleLabel";

export const PAGE_SIZE = 20;
const STATUSES: readonly TenantStatus[] = ["pending", "active", "suspended", "archived"];

/** Operator console: every supplier tenant, searchable, filterable, paged; approve / reject / suspend /
 * reactivate (operators; support staff only look). */
export function Tenants() {
  const { t, date } = useI18n();
  const canManage = useCan()("tenants.manage");
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<TenantStatus | "">("");
  const [offset, setOffset] = useState(0);
  const [suspending, setSuspending] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  // Search as the operator types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const page = useResource(
    () =>
      call(
        api.GET("/api/v1/operator/tenants", {
          params: { query: { search: query || null, status: status || null, limit: PAGE_SIZE, offset } },
        }),
      ),
    `tenants:${query}|${status}|${offset}`,
  );

  const replace = (updated: Tenant) =>
    page.setData((current) => current && { ...current, items: current.items.map((x) => (x.id === updated.id ? updated : x)) });

  const run = async (tenant: Tenant, work: () => Promise<Tenant>, done: "tenants.approved" | "tenants.rejected" | "tenants.suspended" | "tenants.reactivated") => {
    setBusyId(tenant.id);
    setNotice(null);
    setActionError(null);
    try {
      const updated = await work();
      replace(updated);
      setNotice(t(done, { name: tenant.name }));
      return true;
    } catch (error) {
      setActionError(errorMessage(t, error));
      return false;
    } finally {
      setBusyId(null);
    }
  };

  const path = (tenant: Tenant) => ({ params: { path: { tenant_id: tenant.id } } });
  const approve = (tenant: Tenant) =>
    run(tenant, () => call(api.POST("/api/v1/operator/tenants/{tenant_id}/approve", path(tenant))), "tenants.approved");
  const reactivate = (tenant: Tenant) =>
    run(tenant, () => call(api.POST("/api/v1/operator/tenants/{tenant_id}/reactivate", path(tenant))), "tenants.reactivated");
  const suspend = async (event: FormEvent, tenant: Tenant) => {
    event.preventDefault();
    const ok = await run(
      tenant,
      () =>
        call(
          api.POST("/api/v1/operator/tenants/{tenant_id}/suspend", { ...path(tenant), body: { reason: reason.trim() || null } }),
        ),
      "tenants.suspended",
    );
    if (ok) {
      setSuspending(null);
      setReason("");
    }
  };

  const reject = async (event: FormEvent, tenant: Tenant) => {
    event.preventDefault();
    const ok = await run(
      tenant,
      () =>
        call(api.POST("/api/v1/operator/tenants/{tenant_id}/reject", { ...path(tenant), body: { reason: reason.trim() || null } })),
      "tenants.rejected",
    );
    if (ok) {
      setRejecting(null);
      setReason("");
    }
  };

  const data = page.data;
  const total = data?.total ?? 0;
  const statusOptions = [
    { value: "", label: t("tenants.allStatuses") },
    ...STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) })),
  ];

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
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <ListState data={data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={t("tenants.empty")}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("tenants.name")}</th>
                  <th scope="col">{t("tenants.slug")}</th>
                  <th scope="col">{t("tenants.status")}</th>
                  <th scope="col">{t("tenants.created")}</th>
                  <th scope="col">{t("tenants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((tenant) => (
                  <tr key={tenant.id} data-testid={`tenant-${tenant.slug}`}>
                    <td>{tenant.name}</td>
                    <td>
                      <code>{tenant.slug}</code>
                    </td>
                    <td>
                      <span className={`badge badge--${tenant.status}`}>{statusLabel(t, tenant.status)}</span>
                      {tenant.status_reason && <div className="muted">{tenant.status_reason}</div>}
                    </td>
                    <td>
                      <time dateTime={tenant.created_at}>{date(tenant.created_at)}</time>
                    </td>
                    <td className="actions">
                      {canManage && tenant.status === "pending" && rejecting !== tenant.id && (
                        <>
                          <button type="button" className="button button--primary" disabled={busyId === tenant.id} onClick={() => void approve(tenant)}>
                            {t("tenants.approve")}
                          </button>
                          <button
                            type="button"
                            className="button button--danger"
                            disabled={busyId === tenant.id}
                            onClick={() => {
                              setRejecting(tenant.id);
                              setReason("");
                            }}
                          >
                            {t("tenants.reject")}
                          </button>
                        </>
                      )}
                      {canManage && tenant.status === "pending" && rejecting === tenant.id && (
                        <form className="inline-form inline-form--row" onSubmit={(e) => void reject(e, tenant)}>
                          <TextField
                            label={t("tenants.rejectReason", { name: tenant.name })}
                            name="reason"
                            value={reason}
                            onValue={setReason}
                            maxLength={500}
                            autoFocus
                          />
                          <button type="submit" className="button button--danger" disabled={busyId === tenant.id}>
                            {t("tenants.confirmReject")}
                          </button>
                          <button type="button" className="button button--link" onClick={() => setRejecting(null)}>
                            {t("app.cancel")}
                          </button>
                        </form>
                      )}
                      {canManage && tenant.status === "active" && suspending !== tenant.id && (
                        <button
                          type="button"
                          className="button button--danger"
                          disabled={busyId === tenant.id}
                          onClick={() => {
                            setSuspending(tenant.id);
                            setReason("");
                          }}
                        >
                          {t("tenants.suspend")}
                        </button>
                      )}
                      {canManage && tenant.status === "active" && suspending === tenant.id && (
                        <form className="inline-form inline-form--row" onSubmit={(e) => void suspend(e, tenant)}>
                          <TextField label={t("tenants.reason")} name="reason" value={reason} onValue={setReason} maxLength={500} autoFocus />
                          <button type="submit" className="button button--danger" disabled={busyId === tenant.id}>
                            {t("tenants.confirmSuspend")}
                          </button>
                          <button type="button" className="button button--link" onClick={() => setSuspending(null)}>
                            {t("app.cancel")}
                          </button>
                        </form>
                      )}
                      {canManage && tenant.status === "suspended" && (
                        <button type="button" className="button" disabled={busyId === tenant.id} onClick={() => void reactivate(tenant)}>
                          {t("tenants.reactivate")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE_SIZE} total={total} busy={page.loading} label={t("tenants.pagination")} onOffset={setOffset} />
    </div>
  );
}
