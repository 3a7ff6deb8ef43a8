import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, call } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { pricingKeys } from "./keys";

type PreviewQuery = paths["/api/v1/suppliers/{tenant}/prices/preview"]["get"]["parameters"]["query"];

/** The catalog priced as one buyer company gets it. */
export function usePricePreview(slug: string, query: PreviewQuery) {
  return useQuery({
    queryKey: pricingKeys.previewPage(slug, query),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/prices/preview", { params: { path: { tenant: slug }, query } })),
    placeholderData: keepPreviousData,
  });
}
