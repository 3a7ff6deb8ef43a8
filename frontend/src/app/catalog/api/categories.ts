import { useQuery } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { taxonomyKeys } from "./keys";

export type Attribute = Schemas["AttributeOut"];
type Category = Schemas["CategoryOut"];
type Marketplace = Schemas["MarketplaceOut"];

/** Every active vertical marketplace with its categories (the public taxonomy API). */
async function loadVerticals(): Promise<{ marketplace: Marketplace; categories: Category[] }[]> {
  const markets = await call(api.GET("/api/v1/marketplaces"));
  const verticals = markets.filter((m) => m.kind === "vertical" && m.status === "active");
  return Promise.all(
    verticals.map(async (marketplace) => {
      const tree = await call(api.GET("/api/v1/marketplaces/{slug}/categories", { params: { path: { slug: marketplace.slug } } }));
      return { marketplace, categories: tree.categories };
    }),
  );
}

export function useTaxonomies() {
  return useQuery({ queryKey: taxonomyKeys.verticals(), queryFn: loadVerticals });
}

/** The effective attribute schema of a category (its own and inherited definitions); none without a category. */
export function useCategorySchema(categoryId: string | null | undefined) {
  return useQuery({
    queryKey: taxonomyKeys.categorySchema(categoryId ?? ""),
    queryFn: async (): Promise<Attribute[]> =>
      categoryId ? (await call(api.GET("/api/v1/categories/{category_id}", { params: { path: { category_id: categoryId } } }))).schema : [],
  });
}
