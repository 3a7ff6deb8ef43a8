/** `/api/v1/orgs/{org}/rfqs[/…]`, each part escaped. */
export function rfqPath(orgId: string, ...parts: string[]): string {
  return ["/api/v1/orgs", orgId, "rfqs", ...parts].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/");
}
