import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getJson } from "../../../api/client";
import { searchKeys } from "./keys";
import type { SearchAnswer, SuggestAnswer } from "./types";

/** One results page; `query` is the API's query string (see toApiQuery), the previous page stays while the next loads. */
export function useSearch(slug: string, query: string) {
  return useQuery({
    queryKey: searchKeys.results(slug, query),
    queryFn: () => getJson<SearchAnswer>(`/api/v1/marketplaces/${encodeURIComponent(slug)}/search?${query}`),
    placeholderData: keepPreviousData,
    enabled: slug !== "",
  });
}

/** Type-ahead suggestions for `q` (already debounced by the caller); none under two characters. */
export function useSuggest(slug: string, q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: searchKeys.suggest(slug, text),
    queryFn: () => getJson<SuggestAnswer>(`/api/v1/marketplaces/${encodeURIComponent(slug)}/suggest?${new URLSearchParams({ q: text }).toString()}`),
    enabled: slug !== "" && text.length >= 2,
    staleTime: 30_000,
  });
}
