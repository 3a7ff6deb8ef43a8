import { useQuery } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { supplierKeys } from "./keys";

type BuyerName = Schemas["BuyerName"];

const RESULTS = 10;
// one object while nothing is known, so memoised tables over the names keep their cells
const NO_NAMES: Record<string, BuyerName> = {};
const NAMES_PER_CALL = 200;

/** The buyer directory's matches for `q` (at least `minLength` characters, else nothing is asked). */
export function useBuyerDirectory(slug: string, q: string, minLength: number) {
  return useQuery({
    queryKey: supplierKeys.directory(slug, q),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/buyer-directory", { params: { path: { tenant: slug }, query: { q, limit: RESULTS } } })),
    enabled: q.length >= minLength,
    staleTime: 30_000, // typing back and forth asks once per text
  });
}

/** Names of buyer ids a page shows, fetched together (one call per 200 ids). */
export function useBuyerNames(slug: string, ids: readonly (string | null | undefined)[]): Record<string, BuyerName> {
  const unique = [...new Set(ids.filter((x): x is string => Boolean(x)))].sort();
  const names = useQuery({
    queryKey: supplierKeys.buyerNames(slug, unique),
    queryFn: async () => {
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += NAMES_PER_CALL) batches.push(unique.slice(i, i + NAMES_PER_CALL));
      const answers = await Promise.all(
        batches.map((batch) => call(api.GET("/api/v1/suppliers/{tenant}/buyer-directory/names", { params: { path: { tenant: slug }, query: { ids: batch } } }))),
      );
      return Object.fromEntries(answers.flatMap((a) => a.items).map((b) => [b.id, b]));
    },
    enabled: unique.length > 0,
    placeholderData: (previous) => previous, // names already known stay while a new id is looked up
  });
  return names.data ?? NO_NAMES;
}
