import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, call } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { searchKeys } from "./keys";

export type SearchParams = NonNullable<paths["/api/v1/marketplaces/{slug}/search"]["get"]["parameters"]["query"]>;

/** One results page (see toApiQuery); the previous page stays on screen while the next loads. */
export function useSearch(slug: string, query: SearchParams) {
  return useQuery({
    queryKey: searchKeys.results(slug, query),
    queryFn: () => call(api.GET("/api/v1/marketplaces/{slug}/search", { params: { path: { slug }, query } })),
    placeholderData: keepPreviousData,
    enabled: slug !== "",
  });
}

/** Type-ahead suggestions for `q` (already debounced by the caller); none under two characters. */
export function useSuggest(slug: string, q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: searchKeys.suggest(slug, text),
    queryFn: () => call(api.GET("/api/v1/marketplaces/{slug}/suggest", { params: { path: { slug }, query: { q: text } } })),
    enabled: slug !== "" && text.length >= 2,
    staleTime: 30_000,
  });
}
