/** The action a navigation entry's page needs (docs/permissions.md): entries the active role
 * cannot use are left out of the menu. Pages not listed here are open to every member. */
const NEEDS: Record<string, string> = {
  "/app/team": "members.read",
  "/app/api-keys": "api_keys.read",
  "/app/catalog": "catalog.read",
  "/app/price-lists": "pricing.read",
  "/app/customers": "customers.read",
  "/app/imports": "exports.run",
  "/app/marketplaces": "org.read",
  "/app/browse": "catalog.read",
  "/app/locations": "locations.read",
  "/app/approvals": "orders.approve",
  "/app/approvals/settings": "approvals.manage",
  "/app/cart": "orders.read",
  "/app/quick-order": "orders.create",
  "/app/requisition-lists": "requisitions.read",
  "/app/orders": "orders.read",
  "/app/rfqs": "rfq.read",
  "/app/sales-orders": "orders.read",
  "/app/quote-requests": "quotes.read",
  "/app/quote-policy": "quotes.read",
  "/app/operator/tenants": "tenants.read",
  "/app/operator/marketplaces": "marketplaces.read",
  "/app/operator/listings": "marketplaces.read",
  "/app/operator/audit": "audit.read_all",
};

export function navAllowed(path: string, can: (action: string) => boolean): boolean {
  const action = NEEDS[path];
  return action === undefined || can(action);
}
