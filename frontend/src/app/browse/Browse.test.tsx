import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, mockApi, renderRoutes } from "../../test/utils";
import { BuyerProduct, MarketplaceBrowse } from "./Browse";

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
