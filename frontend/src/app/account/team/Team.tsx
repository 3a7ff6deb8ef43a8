import { loadState } from "../../../api/query";
import { FormAlert, Notice } from "../../../components/forms";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { useActionOutcome } from "../../../lib/useActionOutcome";
import { useSession } from "../../../session/context";
import { useCan } from "../../../session/permissions";
import { ROLES, useOrg } from "../../orgContext";
import { roleLabel } from "../roleLabel";
import { useChangeRole, useInvitations, useMembers, useRemoveMember, useRevokeInvitation } from "../api/members";
import { InvitationsTable } from "./InvitationsTable";
import { InviteForm } from "./InviteForm";
import { MembersTable } from "./MembersTable";

/** The organisation's members (role, remove, leave), its pending invitations, and inviting a colleague. */
export function Team() {
  const { t } = useI18n();
  const { me } = useSession();
  const { active } = useOrg();
  const can = useCan();
  const canInvite = can("members.invite");
  const orgId = active.id;
  const members = useMembers(orgId);
  const invitations = useInvitations(orgId);
  const changeRole = useChangeRole(orgId, me?.id);
  const removeMember = useRemoveMember(orgId, me?.id);
  const revokeInvitation = useRevokeInvitation(orgId);
  const roles = ROLES[active.kind].filter((r) => r !== "owner" || can("members.manage_owners"));

  const { notice, error, run: act, setNotice, setError } = useActionOutcome();

  return (
    <div className="page">
      <h1>{t("team.title")}</h1>
      <Notice message={notice} />
      <FormAlert message={error} />

      <section className="card">
        <h2>{t("team.members")}</h2>
        <ListState data={members.data} {...loadState(members)} empty={t("team.emptyMembers")}>
          {(list) => (
            <MembersTable
              members={list}
              roles={roles}
              onRole={(member, role) =>
                void act(async () => {
                  await changeRole.mutateAsync({ userId: member.user_id, role });
                  return t("team.roleChanged", { name: member.name, role: roleLabel(t, role) });
                })
              }
              onRemove={(member) =>
                void act(async () => {
                  await removeMember.mutateAsync(member.user_id);
                  return t("team.removed", { name: member.name });
                })
              }
            />
          )}
        </ListState>
      </section>

      {canInvite && (
        <section className="card">
          <h2>{t("team.inviteTitle")}</h2>
          <InviteForm
            orgId={orgId}
            roles={roles}
            defaultRole={active.kind === "platform" ? "support" : "viewer"}
            onInvited={(email) => {
              setError(null);
              setNotice(t("team.invited", { email }));
            }}
          />
        </section>
      )}

      <section className="card">
        <h2>{t("team.pending")}</h2>
        <ListState data={invitations.data} {...loadState(invitations)} empty={t("team.emptyPending")}>
          {(list) => (
            <InvitationsTable
              invitations={list}
              canRevoke={canInvite}
              onRevoke={(invitation) =>
                void act(async () => {
                  await revokeInvitation.mutateAsync(invitation.id);
                  return t("team.revoked", { email: invitation.email });
                })
              }
            />
          )}
        </ListState>
      </section>
    </div>
  );
}
