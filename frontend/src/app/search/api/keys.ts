/** Query keys of the buyer's search, widest first: any catalog change seen by the buyer invalidates `all`. */
export const searchKeys = {
  all: ["search"] as const,
  results: (slug: string, query: object) => [...searchKeys.all, "results", slug, query] as const,
  suggest: (slug: string, q: string) => [...searchKeys.all, "suggest", slug, q] as const,
};
