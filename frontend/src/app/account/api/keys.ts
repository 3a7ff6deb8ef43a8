/**
 * Query keys of the account area (who is signed in, their organisations, each
 * organisation's members, invitations and API keys), widest first: invalidating a
 * prefix refreshes everything under it. Signing in, switching or joining an
 * organisation change what every page answers, so they invalidate the whole cache.
 */
export const accountKeys = {
  all: ["account"] as const,
  me: () => [...accountKeys.all, "me"] as const,
  orgs: () => [...accountKeys.all, "orgs"] as const,
  org: (orgId: string) => [...accountKeys.all, "org", orgId] as const,
  members: (orgId: string) => [...accountKeys.org(orgId), "members"] as const,
  invitations: (orgId: string) => [...accountKeys.org(orgId), "invitations"] as const,
  apiKeys: (orgId: string) => [...accountKeys.org(orgId), "api-keys"] as const,
  devMail: () => [...accountKeys.all, "dev-mail"] as const,
};
