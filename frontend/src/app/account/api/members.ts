import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Invitation, type Schemas } from "../../../api/client";
import { accountKeys } from "./keys";
import { identityChanged } from "./session";

export type Member = Schemas["MemberOut"];

export function useMembers(orgId: string) {
  return useQuery({
    queryKey: accountKeys.members(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/members", { params: { path: { org_id: orgId } } })),
  });
}

export function useInvitations(orgId: string) {
  return useQuery({
    queryKey: accountKeys.invitations(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/invitations", { params: { path: { org_id: orgId } } })),
  });
}

/** A change to one's own membership changes one's permitted actions (and maybe organisations) everywhere. */
async function membershipChanged(client: QueryClient, orgId: string, self: boolean): Promise<void> {
  if (self) await identityChanged(client);
  else await client.invalidateQueries({ queryKey: accountKeys.members(orgId) });
}

export function useChangeRole(orgId: string, meId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: string }) =>
      call(api.PATCH("/api/v1/orgs/{org_id}/members/{user_id}", { params: { path: { org_id: orgId, user_id: userId } }, body: { role } })),
    onSuccess: async (updated, { userId, role }) => {
      client.setQueryData<Member[]>(accountKeys.members(orgId), (list) => list?.map((m) => (m.user_id === userId ? { ...m, role: updated.role ?? role } : m)));
      await membershipChanged(client, orgId, userId === meId);
    },
    // a refused change: the menu shows the role the server still has
    onError: () => client.invalidateQueries({ queryKey: accountKeys.members(orgId) }),
  });
}

export function useRemoveMember(orgId: string, meId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => call(api.DELETE("/api/v1/orgs/{org_id}/members/{user_id}", { params: { path: { org_id: orgId, user_id: userId } } })),
    onSuccess: async (_answer, userId) => {
      client.setQueryData<Member[]>(accountKeys.members(orgId), (list) => list?.filter((m) => m.user_id !== userId));
      await membershipChanged(client, orgId, userId === meId);
    },
  });
}

export function useInvite(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewInvitation"]) => call(api.POST("/api/v1/orgs/{org_id}/invitations", { params: { path: { org_id: orgId } }, body })),
    onSuccess: (created) =>
      client.setQueryData<Invitation[]>(accountKeys.invitations(orgId), (list) => [created, ...(list ?? []).filter((i) => i.id !== created.id)]),
  });
}

export function useRevokeInvitation(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      call(api.DELETE("/api/v1/orgs/{org_id}/invitations/{invitation_id}", { params: { path: { org_id: orgId, invitation_id: invitationId } } })),
    onSuccess: (_answer, invitationId) => client.setQueryData<Invitation[]>(accountKeys.invitations(orgId), (list) => list?.filter((i) => i.id !== invitationId)),
  });
}
