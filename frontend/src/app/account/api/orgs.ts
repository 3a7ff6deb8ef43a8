import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { accountKeys } from "./keys";
import { identityChanged } from "./session";

/** The organisations the signed-in user belongs to (the switcher's list). */
export function useOrgs() {
  return useQuery({ queryKey: accountKeys.orgs(), queryFn: () => call(api.GET("/api/v1/orgs")) });
}

/** Acting for another organisation changes every page's answer (and the permitted actions in /me). */
export function useSwitchOrg() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (orgId: string) => call(api.POST("/api/v1/orgs/active", { body: { org_id: orgId } })),
    onSuccess: () => identityChanged(client),
  });
}

/** Onboarding: create the organisation, then act for it. */
export function useCreateOrg() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas["NewOrganisation"]) => {
      const org = await call(api.POST("/api/v1/orgs", { body }));
      await call(api.POST("/api/v1/orgs/active", { body: { org_id: org.id } }));
      return org;
    },
    onSuccess: () => identityChanged(client),
  });
}

/** Joining an organisation (and acting for it) changes everything the user sees. */
export function useAcceptInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (token: string) => {
      const org = await call(api.POST("/api/v1/invitations/accept", { body: { token } }));
      await call(api.POST("/api/v1/orgs/active", { body: { org_id: org.id } }));
      return org;
    },
    onSuccess: () => identityChanged(client),
  });
}

export function useDeclineInvitation() {
  return useMutation({ mutationFn: (token: string) => call(api.POST("/api/v1/invitations/decline", { body: { token } })) });
}
