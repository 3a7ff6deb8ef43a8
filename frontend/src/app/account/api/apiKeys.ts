import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { accountKeys } from "./keys";

export type ApiKey = Schemas["ApiKeyOut"];

export function useApiKeys(orgId: string) {
  return useQuery({
    queryKey: accountKeys.apiKeys(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/api-keys", { params: { path: { org_id: orgId } } })),
  });
}

/** Answers the secret once; the list gains the key (the secret is never listed). */
export function useCreateApiKey(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewApiKey"]) => call(api.POST("/api/v1/orgs/{org_id}/api-keys", { params: { path: { org_id: orgId } }, body })),
    onSuccess: (created) => client.setQueryData<ApiKey[]>(accountKeys.apiKeys(orgId), (list) => [created.key, ...(list ?? [])]),
  });
}

export function useRevokeApiKey(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => call(api.DELETE("/api/v1/orgs/{org_id}/api-keys/{key_id}", { params: { path: { org_id: orgId, key_id: keyId } } })),
    onSuccess: (_answer, keyId) => client.setQueryData<ApiKey[]>(accountKeys.apiKeys(orgId), (list) => list?.filter((k) => k.id !== keyId)),
  });
}
