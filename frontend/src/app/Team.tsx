import { useState, type FormEvent } from "react";
import { api, call } from "../api/client";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../components/forms";
import { ListState } from "../components/ListState";
import { useI18n } from "../i18n/context";
import { errorMessage, formErrors } from "../lib/errors";
import { useResource } from "../lib/useResource";
import { validateEmail } from "../lib/validation";
import { useSession } from "../session/context";
import { useCan } from "../session/permissions";
import { ROLES, useOrg } from "./orgContext";
import { roleLabel } from "./roleLabel";

export function Team() {
  const { t, date } = useI18n();
  const { me, refresh } = useSession();
  const { active, reload: reloadOrgs } = useOrg();
  const can = useCan();
  const canInvite = can("members.invite");
  // owners are changed or removed only by owners (members.manage_owners); leaving is anyone's
  const canManage = (role: string) => can("members.manage") && (role !== "owner" || can("members.manage_owners"));
  const orgId = active.id;
  const params = { params: { path: { org_id: orgId } } };
  const members = useResource(() => call(api.GET("/api/v1/orgs/{org_id}/members", params)), `members:${orgId}`);
  const invitations = useResource(() => call(api.GET("/api/v1/orgs/{org_id}/invitations", params)), `invitations:${orgId}`);
  const roles = ROLES[active.kind].filter((r) => r !== "owner" || can("members.manage_owners"));
  const roleOptions = roles.map((r) => ({ value: r, label: roleLabel(t, r) }));
  const allRoleOptions = roleOptions;

  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [inviteEmail, setInviteEmail] = useState("");
  const [inviteRole, setInviteRole] = useState(active.kind === "platform" ? "support" : "viewer");
  const [inviteErrors, setInviteErrors] = useState<{ email?: string; role?: string }>({});
  const [inviteFormError, setInviteFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<string>) => {
    setNotice(null);
    setActionError(null);
    try {
      setNotice(await work());
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const changeRole = (userId: string, name: string, role: string) =>
    act(async () => {
      try {
        const updated = await call(
          api.PATCH("/api/v1/orgs/{org_id}/members/{user_id}", {
            params: { path: { org_id: orgId, user_id: userId } },
            body: { role },
          }),
        );
        members.setData((list) => list?.map((m) => (m.user_id === userId ? { ...m, role: updated.role ?? role } : m)));
      } catch (error) {
        members.reload();
        throw error;
      }
      if (userId === me?.id) {
        reloadOrgs();
        await refresh(); // the caller's own permitted actions changed
      }
      return t("team.roleChanged", { name, role: roleLabel(t, role) });
    });

  const remove = (userId: string, name: string) =>
    act(async () => {
      await call(api.DELETE("/api/v1/orgs/{org_id}/members/{user_id}", { params: { path: { org_id: orgId, user_id: userId } } }));
      members.setData((list) => list?.filter((m) => m.user_id !== userId));
      if (userId === me?.id) {
        reloadOrgs();
        await refresh(); // the caller's own permitted actions changed
      }
      return t("team.removed", { name });
    });

  const revoke = (invitationId: string, email: string) =>
    act(async () => {
      await call(
        api.DELETE("/api/v1/orgs/{org_id}/invitations/{invitation_id}", {
          params: { path: { org_id: orgId, invitation_id: invitationId } },
        }),
      );
      invitations.setData((list) => list?.filter((i) => i.id !== invitationId));
      return t("team.revoked", { email });
    });

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validateEmail(inviteEmail);
    setInviteErrors(problem ? { email: t(problem) } : {});
    setInviteFormError(null);
    setNotice(null);
    if (problem) return;
    setBusy(true);
    try {
      const created = await call(
        api.POST("/api/v1/orgs/{org_id}/invitations", { ...params, body: { email: inviteEmail.trim(), role: inviteRole } }),
      );
      invitations.setData((list) => [created, ...(list ?? []).filter((i) => i.id !== created.id)]);
      setNotice(t("team.invited", { email: created.email }));
      setInviteEmail("");
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setInviteErrors({ email: fields.email, role: fields.role });
      setInviteFormError(fields.email || fields.role ? null : form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <h1>{t("team.title")}</h1>
      <Notice message={notice} />
      <FormAlert message={actionError} />

      <section className="card">
        <h2>{t("team.members")}</h2>
        <ListState
          data={members.data}
          loading={members.loading}
          error={members.error}
          onRetry={members.reload}
          empty={t("team.emptyMembers")}
        >
          {(list) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("team.name")}</th>
                    <th scope="col">{t("team.email")}</th>
                    <th scope="col">{t("team.role")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("tenants.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((m) => (
                    <tr key={m.user_id}>
                      <td>
                        {m.name} {m.user_id === me?.id && <span className="muted">{t("team.you")}</span>}
                      </td>
                      <td>{m.email}</td>
                      <td>
                        {canManage(m.role) ? (
                          <SelectField
                            className="field--compact"
                            hideLabel
                            label={t("team.roleOf", { name: m.name })}
                            value={m.role}
                            options={allRoleOptions}
                            onValue={(role) => void changeRole(m.user_id, m.name, role)}
                          />
                        ) : (
                          roleLabel(t, m.role)
                        )}
                      </td>
                      <td className="actions">
                        {(canManage(m.role) || m.user_id === me?.id) && (
                          <button type="button" className="button button--danger" onClick={() => void remove(m.user_id, m.name)}>
                            {m.user_id === me?.id ? t("team.leave") : t("team.remove")}
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

      {canInvite && (
      <section className="card">
        <h2>{t("team.inviteTitle")}</h2>
        <form className="inline-form" onSubmit={invite} noValidate>
          <FormAlert message={inviteFormError} />
          <TextField
            label={t("team.inviteEmail")}
            name="inviteEmail"
            type="email"
            value={inviteEmail}
            onValue={setInviteEmail}
            error={inviteErrors.email}
            autoComplete="off"
            required
          />
          <SelectField label={t("team.role")} value={inviteRole} onValue={setInviteRole} options={roleOptions} error={inviteErrors.role} />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t("team.invite")}</SubmitButton>
          </div>
        </form>
      </section>
      )}

      <section className="card">
        <h2>{t("team.pending")}</h2>
        <ListState
          data={invitations.data}
          loading={invitations.loading}
          error={invitations.error}
          onRetry={invitations.reload}
          empty={t("team.emptyPending")}
        >
          {(list) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("team.email")}</th>
                    <th scope="col">{t("team.role")}</th>
                    <th scope="col">{t("team.expires")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("tenants.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((i) => (
                    <tr key={i.id}>
                      <td>{i.email}</td>
                      <td>{roleLabel(t, i.role)}</td>
                      <td>
                        <time dateTime={i.expires_at}>{date(i.expires_at)}</time>
                      </td>
                      <td className="actions">
                        {canInvite && (
                          <button type="button" className="button" onClick={() => void revoke(i.id, i.email)}>
                            {t("team.revoke")}
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
