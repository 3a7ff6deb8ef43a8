/**
 * Query keys of the approvals area, widest first: invalidating `all(orgId)` refreshes the
 * queue, the requests and the settings of the company.
 */
export const approvalsKeys = {
  all: (orgId: string) => ["approvals", orgId] as const,
  queue: (orgId: string, status: string) => [...approvalsKeys.all(orgId), "queue", status] as const,
  request: (orgId: string, id: string) => [...approvalsKeys.all(orgId), "request", id] as const,
  settings: (orgId: string) => [...approvalsKeys.all(orgId), "settings"] as const,
};
