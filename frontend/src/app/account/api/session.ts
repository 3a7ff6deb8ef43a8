import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, call, getJson, type Me, type Schemas } from "../../../api/client";
import { accountKeys } from "./keys";

/** The signed-in user, or null when nobody is (401/403); other failures are errors. */
async function loadMe(): Promise<Me | null> {
  try {
    return await call(api.GET("/api/v1/me"));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** GET /api/v1/me (which also renews the cookies); the session provider holds the one observer. */
export function useMe() {
  return useQuery({ queryKey: accountKeys.me(), queryFn: loadMe });
}

/**
 * Another user or organisation: every answer in the cache is stale, the shown ones are
 * asked again. The caller waits for the account's own (who, for which organisation);
 * other areas' pages refresh behind it.
 */
export async function identityChanged(client: QueryClient): Promise<void> {
  void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== accountKeys.all[0] });
  await client.invalidateQueries({ queryKey: accountKeys.all });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/auth/logout")),
    // nothing of the signed-out user stays in the cache; /me now answers "nobody"
    onSettled: () => {
      const me = accountKeys.me();
      client.removeQueries({ predicate: (query) => !(query.queryKey[0] === me[0] && query.queryKey[1] === me[1]) });
      client.setQueryData(me, null);
    },
  });
}

/** Signed in (unless a second factor is asked for): everything is asked again as the new user. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["LoginIn"]) => call(api.POST("/api/v1/auth/login", { body })),
    onSuccess: (answer) => (answer.mfa_required ? undefined : identityChanged(client)),
  });
}

export function useLoginCode() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => call(api.POST("/api/v1/auth/login/2fa", { body: { code } })),
    onSuccess: () => identityChanged(client),
  });
}

export function useSignUp() {
  return useMutation({ mutationFn: (body: Schemas["SignupIn"]) => call(api.POST("/api/v1/auth/signup", { body })) });
}

export function useForgotPassword() {
  return useMutation({ mutationFn: (email: string) => call(api.POST("/api/v1/auth/password/forgot", { body: { email } })) });
}

export function useResetPassword() {
  return useMutation({ mutationFn: (body: { token: string; password: string }) => call(api.POST("/api/v1/auth/password/reset", { body })) });
}

// A token is single use: remember the call so a re-mount (React's strict mode) does not send it twice.
const verifications = new Map<string, Promise<unknown>>();

/** POST /auth/verify-email once per token; the page shows its outcome. */
export function useVerifyEmail(token: string) {
  return useQuery({
    queryKey: [...accountKeys.all, "verify-email", token],
    queryFn: async () => {
      let pending = verifications.get(token);
      if (!pending) {
        pending = call(api.POST("/api/v1/auth/verify-email", { body: { token } }));
        verifications.set(token, pending);
      }
      await pending;
      return true;
    },
    enabled: Boolean(token),
    staleTime: Infinity,
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (body: Schemas["ChangePasswordIn"]) => call(api.POST("/api/v1/me/password", { body })) });
}

export function useEnrolTotp() {
  return useMutation({ mutationFn: () => call(api.POST("/api/v1/me/2fa/enrol")) });
}

/** Turning two-factor on or off changes the profile's `totp_enabled`. */
export function useVerifyTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => call(api.POST("/api/v1/me/2fa/verify", { body: { code } })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.me() }),
  });
}

export function useDisableTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { code: string } | { password: string }) => call(api.POST("/api/v1/me/2fa/disable", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.me() }),
  });
}

/** GET /api/v1/dev/mail: registered only in development, so it is not in the OpenAPI document. */
export interface DevMail {
  id: string;
  to: string;
  subject: string;
  date: string;
  body: string;
}

export function useDevMail() {
  return useQuery({ queryKey: accountKeys.devMail(), queryFn: () => getJson<DevMail[]>("/api/v1/dev/mail?limit=50") });
}
