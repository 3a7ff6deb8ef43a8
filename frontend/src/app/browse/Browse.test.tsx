import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, mockApi, renderRoutes } from "../../test/utils";
import { MarketplaceBrowse } from "./listing/MarketplaceBrowse";
import { BuyerProduct } from "./product/BuyerProduct";

afterEach(() => vi.unstubAllGlobals());

const card = (name: string, thumbnail_url: string | null) => ({
  id: `id-${name}`,
  name,
  supplier: { id: "s-1", slug: "acme", name: "Acme SRL" },
  unit_of_measure: "pcs",
  in_stock: true,
  variant_count: 1,
  url: "/x",
  thumbnail_url,
});

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
      "GET /api/v1/marketplaces/m/products": () =>
        json({ items: [card("Hex bolt", "/api/v1/suppliers/acme/media/a?size=160"), card("Wrench", null)], total: 2, limit: 24, offset: 0, truncated: false }),
    });
    renderRoutes([{ path: "/app/browse/:slug", element: <MarketplaceBrowse /> }], "/app/browse/m");
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

const tree = () => json({ marketplace: { id: "m-1", slug: "m", name: "Metals" }, categories: [{ id: "c-1", name: "Bolts", depth: 0, path: "bolts" }] });
const productPage = () =>
  json({ id: "p-1", name: "Hex bolt", description: "", supplier: { id: "s-1", slug: "acme", name: "Acme SRL" }, unit_of_measure: "pcs", variants: [], images: [], documents: [], prices_shown: false });
const listing = (truncated: boolean) => () => json({ items: [{ ...card("Hex bolt", null), id: "p-1" }], total: 60, limit: 24, offset: 24, truncated });
const browseRoutes = [
  { path: "/app/browse/:slug", element: <MarketplaceBrowse /> },
  { path: "/app/browse/:market/:supplier/:id", element: <BuyerProduct /> },
];

describe("buyer listing state and notices (issue 9)", () => {
  it("says only part of the suppliers were searched only when the API says so (item 12)", async () => {
    mockApi({ "GET /api/v1/marketplaces/m/categories": tree, "GET /api/v1/marketplaces/m/products": listing(false) });
    const { unmount } = renderRoutes(browseRoutes, "/app/browse/m");
    await screen.findByRole("link", { name: "Hex bolt" });
    expect(screen.queryByText(/Only part of the suppliers were searched/)).toBeNull();
    unmount();
    mockApi({ "GET /api/v1/marketplaces/m/categories": tree, "GET /api/v1/marketplaces/m/products": listing(true) });
    renderRoutes(browseRoutes, "/app/browse/m");
    expect(await screen.findByText(/Only part of the suppliers were searched/)).toBeInTheDocument();
  });

  it("the product page's back link and browser back restore category, search and page (item 14)", async () => {
    const calls = mockApi({
      "GET /api/v1/marketplaces/m/categories": tree,
      "GET /api/v1/marketplaces/m/products": listing(false),
      "GET /api/v1/suppliers/acme/products/p-1/public": productPage,
    });
    const user = userEvent.setup();
    const { router } = renderRoutes(browseRoutes, "/app/browse/m?category=c-1&q=bolt&offset=24");
    await user.click(await screen.findByRole("link", { name: "Hex bolt" }));
    await screen.findByRole("heading", { name: "Hex bolt" });
    const asked = calls.find((c) => c.path.endsWith("/public"))!;
    expect(asked.search.get("marketplace")).toBe("m");
    await user.click(screen.getByRole("link", { name: /Back to the products/ }));
    await screen.findByRole("link", { name: "Hex bolt" });
    const back = new URLSearchParams(router.state.location.search);
    expect(router.state.location.pathname).toBe("/app/browse/m");
    expect([back.get("category"), back.get("q"), back.get("offset")]).toEqual(["c-1", "bolt", "24"]);
    expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("bolt");
    expect(screen.getByRole("button", { name: "Bolts" })).toHaveAttribute("aria-pressed", "true");
    const last = calls.filter((c) => c.path === "/api/v1/marketplaces/m/products").at(-1)!;
    expect([last.search.get("category"), last.search.get("q"), last.search.get("offset")]).toEqual(["c-1", "bolt", "24"]);

    // a category change is a history entry: browser back returns to the search and page before it
    await user.click(screen.getByRole("button", { name: "All categories" }));
    await waitFor(() => expect(router.state.location.search).toBe("?q=bolt"));
    await act(() => router.navigate(-1));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("offset")).toBe("24"));
    expect(screen.getByRole("button", { name: "Bolts" })).toHaveAttribute("aria-pressed", "true");
  });

  it("the search box follows the URL on browser back", async () => {
    mockApi({ "GET /api/v1/marketplaces/m/categories": tree, "GET /api/v1/marketplaces/m/products": listing(false) });
    const { router } = renderRoutes(browseRoutes, "/app/browse/m?q=nut");
    await screen.findByRole("link", { name: "Hex bolt" });
    await act(() => router.navigate("/app/browse/m?q=bolt"));
    await waitFor(() => expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("bolt"));
    await act(() => router.navigate(-1));
    await waitFor(() => expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("nut"));
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the search debounce
    expect(router.state.location.search).toBe("?q=nut");
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

describe("attributes on cards (issue 9, item 13)", () => {
  it("a card shows what all variants share, named by the category's effective schema", async () => {
    const definition = (code: string, name: string, type: string, category_id: string, unit?: string) => ({ id: `a-${code}`, category_id, code, name, type, unit, required: false, position: 0 });
    mockApi({
      "GET /api/v1/marketplaces/m/categories": () =>
        json({
          marketplace: { id: "m-1", slug: "m", name: "Metals" },
          categories: [
            { id: "c-1", name: "Fasteners", depth: 0, path: "fasteners", attributes: [definition("material", "Material", "enum", "c-1")] },
            { id: "c-2", name: "Bolts", depth: 1, path: "fasteners/bolts", parent_id: "c-1", attributes: [definition("length_mm", "Length", "number", "c-2", "mm"), definition("zinc", "Zinc plated", "boolean", "c-2")] },
          ],
        }),
      "GET /api/v1/marketplaces/m/products": () =>
        json({ items: [{ ...card("Hex bolt", null), category_id: "c-2", attributes: { zinc: false, material: "steel 8.8", length_mm: 30 } }], total: 1, limit: 24, offset: 0, truncated: false }),
    });
    renderRoutes([{ path: "/app/browse/:slug", element: <MarketplaceBrowse /> }], "/app/browse/m", "ro");
    const item = (await screen.findByRole("link", { name: "Hex bolt" })).closest("li")!;
    await waitFor(() => expect(item).toHaveTextContent("Material: steel 8.8 · Length: 30 mm · Zinc plated: Nu"));
    expect(within(item).getByText("1 variantă")).toBeInTheDocument();
  });
});
