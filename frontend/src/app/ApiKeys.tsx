import { useRef, useState, type FormEvent } from "react";
import { api, call } from "../api/client";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../components/forms";
import { ListState } from "../components/ListState";
import { useI18n } from "../i18n/context";
import { errorMessage, formErrors } from "../lib/errors";
import { useResource } from "../lib/useResource";
import { validateRequired } from "../lib/validation";
import { ROLES, useOrg } from "./orgContext";
import { roleLabel } from "./roleLabel";
import { useCan } from "../session/permissions";

export function ApiKeys() {
  const { t, date, dateTime } = useI18n();
  const { active } = useOrg();
  const canManage = useCan()("api_keys.manage");
  const orgId = active.id;
  const params = { params: { path: { org_id: orgId } } };
  const keys = useResource(() => call(api.GET("/api/v1/orgs/{org_id}/api-keys", params)), `keys:${orgId}`);
  const roleOptions = ROLES[active.kind].filter((r) => r !== "owner").map((r) => ({ value: r, label: roleLabel(t, r) }));

  const [name, setName] = useState("");
  const [role, setRole] = useState(roleOptions[roleOptions.length - 1]?.value ?? "viewer");
  const [errors, setErrors] = useState<{ name?: string; role?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const secretRef = useRef<HTMLDivElement>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validateRequired(name);
    setErrors(problem ? { name: t(problem) } : {});
    setFormError(null);
    setNotice(null);
    if (problem) return;
    setBusy(true);
    try {
      const created = await call(api.POST("/api/v1/orgs/{org_id}/api-keys", { ...params, body: { name: name.trim(), role } }));
      keys.setData((list) => [created.key, ...(list ?? [])]);
      setSecret(created.secret);
      setCopied(false);
      setName("");
      setTimeout(() => secretRef.current?.focus(), 0);
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors({ name: fields.name, role: fields.role });
      setFormError(fields.name || fields.role ? null : form);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (keyId: string, keyName: string) => {
    setNotice(null);
    setActionError(null);
    try {
      await call(api.DELETE("/api/v1/orgs/{org_id}/api-keys/{key_id}", { params: { path: { org_id: orgId, key_id: keyId } } }));
      keys.setData((list) => list?.filter((k) => k.id !== keyId));
      setNotice(t("keys.revoked", { name: keyName }));
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      /* no clipboard: the key is selectable text */
    }
  };

  const live = keys.data?.filter((k) => !k.revoked_at);

  return (
    <div className="page">
      <h1>{t("keys.title")}</h1>
      <p className="muted">{t("keys.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />

      {secret && (
        <div className="secret-box" role="region" aria-labelledby="secret-title" tabIndex={-1} ref={secretRef}>
          <h2 id="secret-title">{t("keys.secretTitle")}</h2>
          <p>{t("keys.secretText")}</p>
          <code className="secret" data-testid="api-key-secret">
            {secret}
          </code>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => void copy()}>
              {copied ? t("app.copied") : t("app.copy")}
            </button>
            <button type="button" className="button button--primary" onClick={() => setSecret(null)}>
              {t("keys.dismiss")}
            </button>
          </div>
        </div>
      )}

      {canManage && (
      <section className="card">
        <h2>{t("keys.create")}</h2>
        <form className="inline-form" onSubmit={create} noValidate>
          <FormAlert message={formError} />
          <TextField label={t("keys.name")} name="keyName" value={name} onValue={setName} error={errors.name} autoComplete="off" required />
          <SelectField label={t("keys.role")} value={role} onValue={setRole} options={roleOptions} error={errors.role} />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t("keys.create")}</SubmitButton>
          </div>
        </form>
      </section>
      )}

      <section className="card">
        <h2>{t("keys.list")}</h2>
        <ListState data={live} loading={keys.loading} error={keys.error} onRetry={keys.reload} empty={t("keys.empty")}>
          {(list) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("keys.name")}</th>
                    <th scope="col">{t("keys.prefix")}</th>
                    <th scope="col">{t("keys.role")}</th>
                    <th scope="col">{t("keys.created")}</th>
                    <th scope="col">{t("keys.lastUsed")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("tenants.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((k) => (
                    <tr key={k.id}>
                      <td>{k.name}</td>
                      <td>
                        <code>{k.prefix}</code>
                      </td>
                      <td>{roleLabel(t, k.role)}</td>
                      <td>
                        <time dateTime={k.created_at}>{date(k.created_at)}</time>
                      </td>
                      <td>{k.last_used_at ? <time dateTime={k.last_used_at}>{dateTime(k.last_used_at)}</time> : t("app.never")}</td>
                      <td className="actions">
                        {canManage && (
                          <button type="button" className="button button--danger" onClick={() => void revoke(k.id, k.name)}>
                            {t("keys.revoke")}
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
      </section>
    </div>
  );
}
