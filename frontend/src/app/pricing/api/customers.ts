import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { pricingKeys } from "./keys";

type CustomersQuery = NonNullable<paths["/api/v1/suppliers/{tenant}/customers"]["get"]["parameters"]["query"]>;
export type Customer = Schemas["CustomerOut"];

export function useCustomers(slug: string, query: CustomersQuery) {
  return useQuery({
    queryKey: pricingKeys.customerPage(slug, query),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/customers", { params: { path: { tenant: slug }, query } })),
    placeholderData: keepPreviousData,
  });
}

/** Terms set a buyer's trading currency: its prices (preview) and lists' warnings change with them. */
async function termsChanged(client: QueryClient, slug: string): Promise<void> {
  await client.invalidateQueries({ queryKey: pricingKeys.customers(slug) });
  await client.invalidateQueries({ queryKey: pricingKeys.priceLists(slug) });
  await client.invalidateQueries({ queryKey: pricingKeys.preview(slug) });
}

export function useSetCustomerTerms(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ buyerOrgId, body }: { buyerOrgId: string; body: Schemas["CustomerTermsIn"] }) =>
      call(api.PUT("/api/v1/suppliers/{tenant}/customer-terms/{buyer_org_id}", { params: { path: { tenant: slug, buyer_org_id: buyerOrgId } }, body })),
    onSuccess: () => termsChanged(client, slug),
  });
}

export function useDeleteCustomerTerms(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (buyerOrgId: string) => call(api.DELETE("/api/v1/suppliers/{tenant}/customer-terms/{buyer_org_id}", { params: { path: { tenant: slug, buyer_org_id: buyerOrgId } } })),
    onSuccess: () => termsChanged(client, slug),
  });
}
