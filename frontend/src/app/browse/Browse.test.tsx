import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../api/client";
import { json, mockApi, renderRoutes } from "../../test/utils";
import { OrgContext } from "../orgContext";
import { MarketplaceBrowse } from "./listing/MarketplaceBrowse";
import { BuyerProduct } from "./product/BuyerProduct";

afterEach(() => vi.unstubAllGlobals());

/** One search hit of acme's (the listing reads the search index). */
const hit = (name: string, thumbnail_url: string | null, id = `p-${name}`) => ({
  key: `t-1:v-${name}`,
  name,
  thumbnail_url,
  offer_count: 1,
  offers: [
    {
      document_id: `t-1:v-${name}`,
      supplier: { id: "s-1", slug: "acme", name: "Acme SRL" },
      product_id: id,
      variant_id: `v-${name}`,
      sku: `SKU-${name}`,
      name,
      unit: "pcs",
      in_stock: true,
      stock_band: "high",
      lead_time_days: 2,
      min_order_qty: "1",
      pack_size: "1",
      url: "/x",
      price: null,
    },
  ],
});
const results = (items: unknown[], extra: Record<string, unknown> = {}) =>
  json({ items, total: items.length, facets: [], ranges: [], prices_shown: false, corrected_query: null, next_cursor: null, price_window_truncated: false, ...extra });

const media = (id: string, renditions: boolean) => ({
  id,
  kind: "image",
  filename: `${id}.jpg`,
  content_type: "image/jpeg",
  size: 1000,
  sha256: "0".repeat(64),
  position: 0,
  url: `/api/v1/suppliers/acme/media/${id}`,
  thumbnail_url: renditions ? `/api/v1/suppliers/acme/media/${id}?size=160` : null,
  renditions: renditions
    ? [
        { size: 160, width: 160, height: 107, content_type: "image/webp", url: `/api/v1/suppliers/acme/media/${id}?size=160` },
        { size: 640, width: 640, height: 427, content_type: "image/webp", url: `/api/v1/suppliers/acme/media/${id}?size=640` },
      ]
    : [],
});

describe("buyer browsing with thumbnails", () => {
  it("shows each card's thumbnail lazily in a fixed box, a neutral placeholder when there is none", async () => {
    mockApi({
      "GET /api/v1/marketplaces/m/categories": () => json({ marketplace: { id: "m-1", slug: "m", name: "Metals" }, categories: [] }),
      "GET /api/v1/marketplaces/m/search": () => results([hit("Hex bolt", "/api/v1/suppliers/acme/media/a?size=160"), hit("Wrench", null)]),
    });
    renderRoutes([{ path: "/app/browse/:slug", element: inShell(<MarketplaceBrowse />) }], "/app/browse/m");
    const bolt = (await screen.findByRole("link", { name: "Hex bolt" })).closest("li")!;
    const img = bolt.querySelector("img")!;
    expect(img.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/a?size=160");
    expect(img.getAttribute("loading")).toBe("lazy");
    expect(img.getAttribute("width")).toBeTruthy();
    expect(img.getAttribute("height")).toBeTruthy();
    expect(within(bolt).queryByTestId("thumb-placeholder")).toBeNull();
    const wrench = screen.getByRole("link", { name: "Wrench" }).closest("li")!;
    expect(wrench.querySelector("img")).toBeNull();
    expect(within(wrench).getByTestId("thumb-placeholder")).toBeInTheDocument();
  });

  it("the product page shows the 640 rendition with a srcset, the original as fallback, and a 160 px strip to pick images", async () => {
    mockApi({
      "GET /api/v1/suppliers/acme/products/p-1/public": () =>
        json({
          id: "p-1",
          name: "Hex bolt",
          description: "",
          supplier: { id: "s-1", slug: "acme", name: "Acme SRL" },
          unit_of_measure: "pcs",
          variants: [],
          images: [media("a", true), media("b", false)],
          documents: [],
          prices_shown: false,
        }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: "/app/browse/:market/:supplier/:id", element: <BuyerProduct /> }], "/app/browse/m/acme/p-1");
    const main = await screen.findByRole("img", { name: "a.jpg" });
    expect(main.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/a");
    expect(main.getAttribute("srcset")).toBe("/api/v1/suppliers/acme/media/a?size=160 160w, /api/v1/suppliers/acme/media/a?size=640 640w");
    expect(main.getAttribute("width")).toBe("640");
    expect(main.getAttribute("height")).toBe("427");

    const strip = screen.getByRole("list", { name: "Product images" });
    const [first, second] = within(strip).getAllByRole("button");
    expect(first!.querySelector("img")?.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/a?size=160");
    expect(second!.querySelector("img")?.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/b");
    await user.click(screen.getByRole("button", { name: "Show image 2 of 2" }));
    const shown = screen.getByRole("img", { name: "b.jpg" });
    expect(shown.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/b");
    expect(shown.getAttribute("srcset")).toBeNull();
    expect(screen.getByRole("button", { name: "Show image 2 of 2" })).toHaveAttribute("aria-pressed", "true");
  });
});

const tree = () =>
  json({
    marketplace: { id: "m-1", slug: "m", name: "Metals" },
    categories: [
      { id: "c-0", name: "Fasteners", depth: 0, path: "fasteners" },
      { id: "c-1", name: "Bolts", depth: 1, path: "fasteners/bolts", parent_id: "c-0" },
    ],
  });
const productPage = () =>
  json({ id: "p-1", name: "Hex bolt", description: "", supplier: { id: "s-1", slug: "acme", name: "Acme SRL" }, unit_of_measure: "pcs", variants: [], images: [], documents: [], prices_shown: false });
const listing = () =>
  results([hit("Hex bolt", null, "p-1")], {
    total: 60,
    next_cursor: "48",
    facets: [
      { key: "category", label: "Category", values: [{ value: "c-1", label: "Bolts", count: 60 }] },
      { key: "attr.material", label: "Material", values: [{ value: "inox", label: "inox", count: 20 }] },
    ],
  });
const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
/** The app shell's organisation (a hit's "Add to cart" reads it). */
const inShell = (element: ReactNode) => <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{element}</OrgContext.Provider>;
const browseRoutes = [
  { path: "/app/browse/:slug", element: inShell(<MarketplaceBrowse />) },
  { path: "/app/browse/:market/:supplier/:id", element: <BuyerProduct /> },
];
const searched = (calls: { path: string; search: URLSearchParams }[]) => calls.filter((c) => c.path === "/api/v1/marketplaces/m/search");

describe("the listing and category pages read the search index (issue 13, item 7)", () => {
  it("a category page asks the index for that category, keeps the tree and breadcrumb, and shows facets but the category one", async () => {
    const calls = mockApi({ "GET /api/v1/marketplaces/m/categories": tree, "GET /api/v1/marketplaces/m/search": listing });
    const user = userEvent.setup();
    const { router } = renderRoutes(browseRoutes, "/app/browse/m?category=c-1");
    await screen.findByRole("link", { name: "Hex bolt" });
    expect(screen.getByRole("heading", { level: 1, name: "Bolts" })).toBeInTheDocument();
    const crumbs = screen.getByRole("navigation", { name: "Category path" });
    expect(within(crumbs).getByRole("button", { name: "Fasteners" })).toBeInTheDocument();
    expect(within(crumbs).getByText("Bolts")).toHaveAttribute("aria-current", "page");
    expect(JSON.parse(searched(calls).at(-1)!.search.get("filters")!)).toEqual({ category: ["c-1"] });
    const facets = screen.getByRole("complementary", { name: "Filters" });
    expect(within(facets).queryByRole("group", { name: "Category" })).toBeNull();
    expect(screen.getByText("60 results")).toBeInTheDocument();

    // a facet narrows within the category; "more results" pages by cursor; the category stays
    await user.click(within(facets).getByRole("checkbox", { name: /inox/ }));
    await waitFor(() => expect(JSON.parse(searched(calls).at(-1)!.search.get("filters")!)).toEqual({ "attr.material": ["inox"], category: ["c-1"] }));
    await user.click(screen.getByRole("button", { name: "More results" }));
    await waitFor(() => expect(searched(calls).at(-1)!.search.get("cursor")).toBe("48"));
    const url = new URLSearchParams(router.state.location.search);
    expect([url.get("category"), url.get("f.attr.material"), url.get("cursor")]).toEqual(["c-1", "inox", "48"]);

    // the breadcrumb's parent widens to it (a new category starts its facets again)
    await user.click(within(screen.getByRole("navigation", { name: "Category path" })).getByRole("button", { name: "Fasteners" }));
    await waitFor(() => expect(router.state.location.search).toBe("?category=c-0"));
    await waitFor(() => expect(JSON.parse(searched(calls).at(-1)!.search.get("filters")!)).toEqual({ category: ["c-0"] }));
  });

  it("the product page's back link and browser back restore category, search, facets and page (issue 9, item 14)", async () => {
    const calls = mockApi({
      "GET /api/v1/marketplaces/m/categories": tree,
      "GET /api/v1/marketplaces/m/search": listing,
      "GET /api/v1/suppliers/acme/products/p-1/public": productPage,
    });
    const user = userEvent.setup();
    const { router } = renderRoutes(browseRoutes, "/app/browse/m?category=c-1&q=bolt&f.attr.material=inox&cursor=24");
    await user.click(await screen.findByRole("link", { name: "Hex bolt" }));
    await screen.findByRole("heading", { name: "Hex bolt" });
    const asked = calls.find((c) => c.path.endsWith("/public"))!;
    expect(asked.search.get("marketplace")).toBe("m");
    await user.click(screen.getByRole("link", { name: /Back to the products/ }));
    await screen.findByRole("link", { name: "Hex bolt" });
    const back = new URLSearchParams(router.state.location.search);
    expect(router.state.location.pathname).toBe("/app/browse/m");
    expect([back.get("category"), back.get("q"), back.get("f.attr.material"), back.get("cursor")]).toEqual(["c-1", "bolt", "inox", "24"]);
    expect(screen.getByRole("searchbox", { name: "Search in Bolts" })).toHaveValue("bolt");
    expect(screen.getByRole("button", { name: "Bolts" })).toHaveAttribute("aria-pressed", "true");
    const last = searched(calls).at(-1)!;
    expect([last.search.get("q"), last.search.get("cursor"), last.search.get("filters")]).toEqual(["bolt", "24", JSON.stringify({ "attr.material": ["inox"], category: ["c-1"] })]);

    // a category change is a history entry: browser back returns to the search and page before it
    await user.click(screen.getByRole("button", { name: "All categories" }));
    await waitFor(() => expect(router.state.location.search).toBe("?q=bolt"));
    await act(() => router.navigate(-1));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("cursor")).toBe("24"));
    expect(screen.getByRole("button", { name: "Bolts" })).toHaveAttribute("aria-pressed", "true");
  });

  it("the search box follows the URL on browser back", async () => {
    mockApi({ "GET /api/v1/marketplaces/m/categories": tree, "GET /api/v1/marketplaces/m/search": listing });
    const { router } = renderRoutes(browseRoutes, "/app/browse/m?q=nut");
    await screen.findByRole("link", { name: "Hex bolt" });
    const box = () => screen.getByRole("searchbox", { name: "Search in Metals" });
    await act(() => router.navigate("/app/browse/m?q=bolt"));
    await waitFor(() => expect(box()).toHaveValue("bolt"));
    await act(() => router.navigate(-1));
    await waitFor(() => expect(box()).toHaveValue("nut"));
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the search debounce
    expect(router.state.location.search).toBe("?q=nut");
  });

  it("typing searches from the first page: the cursor is dropped", async () => {
    const calls = mockApi({ "GET /api/v1/marketplaces/m/categories": tree, "GET /api/v1/marketplaces/m/search": listing });
    const user = userEvent.setup();
    const { router } = renderRoutes(browseRoutes, "/app/browse/m?category=c-1&cursor=24");
    await screen.findByRole("link", { name: "Hex bolt" });
    await user.type(screen.getByRole("searchbox", { name: "Search in Bolts" }), "m8");
    await waitFor(() => expect(router.state.location.search).toBe("?category=c-1&q=m8"));
    await waitFor(() => expect(searched(calls).at(-1)!.search.get("q")).toBe("m8"));
    expect(searched(calls).at(-1)!.search.get("cursor")).toBeNull();
  });
});

describe("attributes on the product page (issue 9, item 13)", () => {
  it("shows the schema's names, units and yes/no instead of codes and raw values", async () => {
    mockApi({
      "GET /api/v1/suppliers/acme/products/p-1/public": () =>
        json({
          id: "p-1",
          name: "Hex bolt",
          description: "",
          category_id: "c-1",
          supplier: { id: "s-1", slug: "acme", name: "Acme SRL" },
          unit_of_measure: "pcs",
          variants: [
            { id: "v-1", sku: "HB-30", attributes: { length_mm: 30, fully_threaded: true }, pack_size: "100", min_order_qty: "100", order_increment: "100", lead_time_days: 1, in_stock: true },
          ],
          images: [],
          documents: [],
          prices_shown: false,
        }),
      "GET /api/v1/categories/c-1": () =>
        json({
          category: {},
          marketplace: {},
          breadcrumbs: [],
          schema: [
            { id: "a-1", category_id: "c-1", code: "length_mm", name: "Length", type: "number", unit: "mm", required: true, position: 0 },
            { id: "a-2", category_id: "c-1", code: "fully_threaded", name: "Fully threaded", type: "boolean", required: false, position: 1 },
          ],
        }),
    });
    renderRoutes([{ path: "/app/browse/:market/:supplier/:id", element: <BuyerProduct /> }], "/app/browse/m/acme/p-1", "ro");
    const row = (await screen.findByText("HB-30")).closest("tr")!;
    await waitFor(() => expect(row).toHaveTextContent("Length: 30 mm"));
    expect(row).toHaveTextContent("Fully threaded: Da");
    expect(row).not.toHaveTextContent("length_mm");
    expect(within(row).getByText("1 zi")).toBeInTheDocument();
  });
});
