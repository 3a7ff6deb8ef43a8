import { usePublicMarketplaces } from "../../browse/api/browse";

/** The slug and name of the RFQ's marketplace (the request carries its id; search and categories go by slug). */
export function useMarketplaceOf(marketplaceId: string | undefined): { slug: string; name: string } | null {
  const marketplaces = usePublicMarketplaces();
  const found = marketplaces.data?.find((m) => m.id === marketplaceId);
  return found ? { slug: found.slug, name: found.name } : null;
}
