import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, mockApi, problem, renderWithI18n } from "../../test/utils";
import { usePriceLists } from "../pricing/api/priceLists";
import { POLL_MS, useImportJob, useWatchImport, type Job } from "./api/imports";
import { useProducts, type Product } from "./api/products";
import { ProductEditorPage } from "./products/ProductEditor";
import { VariantForm } from "./variants/VariantForm";
import type { Attribute } from "./variants/variantForm";

afterEach(() => vi.unstubAllGlobals());

const PRODUCT: Product = {
  id: "p-1",
  name: "Hex bolt",
  description: "",
  status: "draft",
  unit_of_measure: "pcs",
  category_id: null,
  created_at: "2026-03-05T10:00:00Z",
  updated_at: "2026-03-05T10:00:00Z",
  variants: [],
  thumbnail_url: null,
};

const JOB: Job = {
  id: "j1",
  kind: "prices",
  format: "csv",
  filename: "prices.csv",
  status: "applying",
  total_rows: 4,
  processed_rows: 3,
  error_count: 0,
  errors: [],
  summary: {},
  sha256: "x",
  created_by: "u1",
  created_at: "2026-03-05T10:00:00Z",
  updated_at: "2026-03-05T10:00:00Z",
  started_at: null,
  finished_at: null,
};

/** Another place that shows the catalog (the list page): its product names. */
function ProductNames() {
  const page = useProducts("acme", { limit: 20, offset: 0 });
  return <p>catalog: {page.data?.items.map((p) => p.name).join(", ") ?? "…"}</p>;
}

/** The price lists page's count. */
function PriceListCount() {
  const page = usePriceLists("acme", { limit: 20, offset: 0 });
  return <p>price lists: {page.data?.total ?? "…"}</p>;
}

/** Watches an import, as the imports page does when a row of the history is opened. */
function WatchImport({ job }: { job: Job }) {
  const watch = useWatchImport("acme");
  const [id, setId] = useState<string | null>(null);
  const watched = useImportJob("acme", id);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          watch(job);
          setId(job.id);
        }}
      >
        watch
      </button>
      <p>job: {watched.data?.status ?? "none"}</p>
    </>
  );
}

const gets = (calls: { method: string; path: string }[], path: string) => calls.filter((c) => c.method === "GET" && c.path === path).length;
// several renders, clicks and a poll each: generous under a loaded CI machine
const SLOW = 20_000;

describe("catalog mutations refresh what they change, on any page", () => {
  it("saving a product reloads the catalog list beside it", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let name = "Hex bolt";
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/products": () => json({ items: [{ ...PRODUCT, name }], total: 1, limit: 20, offset: 0 }),
      "GET /api/v1/suppliers/acme/products/p-1": () => json({ ...PRODUCT, name }),
      "PATCH /api/v1/suppliers/acme/products/p-1": ({ body }) => {
        name = (body as { name: string }).name;
        return json({ ...PRODUCT, name });
      },
      "GET /api/v1/suppliers/acme/products/p-1/media": () => json([]),
      "GET /api/v1/suppliers/acme/inventory/locations": () => json([]),
      "GET /api/v1/marketplaces": () => json([]),
    });
    const router = createMemoryRouter(
      [
        {
          path: "/",
          element: (
            <>
              <ProductNames />
              <ProductEditorPage slug="acme" productId="p-1" />
            </>
          ),
        },
      ],
      { initialEntries: ["/"] },
    );
    const user = userEvent.setup();
    renderWithI18n(<RouterProvider router={router} />);
    expect(await screen.findByText("catalog: Hex bolt")).toBeInTheDocument();
    const field = await screen.findByLabelText("Product name");
    await user.clear(field);
    await user.type(field, "Hex bolt M8");
    await user.click(screen.getByRole("button", { name: "Save product" }));
    expect(await screen.findByText("catalog: Hex bolt M8")).toBeInTheDocument();
    expect(gets(calls, "/api/v1/suppliers/acme/products")).toBe(2);
    expect(calls.find((c) => c.method === "PATCH")?.body).toMatchObject({ name: "Hex bolt M8", clear_category: true });
  }, SLOW);

  it("deleting a draft product goes back to the catalog, which no longer lists it, without asking for the product again", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let deleted = false;
    vi.spyOn(window, "confirm").mockReturnValue(true);
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/products": () => json({ items: deleted ? [] : [PRODUCT], total: deleted ? 0 : 1, limit: 20, offset: 0 }),
      "GET /api/v1/suppliers/acme/products/p-1": () => (deleted ? problem(404, "catalog.product_not_found") : json(PRODUCT)),
      "DELETE /api/v1/suppliers/acme/products/p-1": () => {
        deleted = true;
        return new Response(null, { status: 204 });
      },
      "GET /api/v1/suppliers/acme/products/p-1/media": () => json([]),
      "GET /api/v1/suppliers/acme/inventory/locations": () => json([]),
      "GET /api/v1/marketplaces": () => json([]),
    });
    const router = createMemoryRouter(
      [
        { path: "/app/catalog", element: <ProductNames /> },
        { path: "/app/catalog/:id", element: <ProductEditorPage slug="acme" productId="p-1" /> },
      ],
      { initialEntries: ["/app/catalog", "/app/catalog/p-1"] },
    );
    const user = userEvent.setup();
    renderWithI18n(<RouterProvider router={router} />);
    await user.click(await screen.findByRole("button", { name: "Delete draft" }));
    expect(await screen.findByText("catalog:")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/app/catalog");
    const deletedAt = calls.findIndex((c) => c.method === "DELETE");
    expect(calls.slice(deletedAt).filter((c) => c.path === "/api/v1/suppliers/acme/products/p-1" && c.method === "GET")).toHaveLength(0);
  }, SLOW);

  it("an import that finishes reloads the products and the price lists", async () => {
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/products": () => json({ items: [], total: 0, limit: 20, offset: 0 }),
      "GET /api/v1/suppliers/acme/price-lists": () => json({ items: [], total: 0, limit: 20, offset: 0, default_currency: "EUR" }),
      "GET /api/v1/suppliers/acme/imports/j1": () => json({ ...JOB, status: "done", processed_rows: 4 }),
    });
    const user = userEvent.setup();
    renderWithI18n(
      <>
        <ProductNames />
        <PriceListCount />
        <WatchImport job={JOB} />
      </>,
    );
    expect(await screen.findByText("price lists: 0")).toBeInTheDocument();
    expect(gets(calls, "/api/v1/suppliers/acme/price-lists")).toBe(1);
    await user.click(screen.getByRole("button", { name: "watch" }));
    expect(screen.getByText("job: applying")).toBeInTheDocument(); // the copy in hand, at once
    expect(await screen.findByText("job: done", {}, { timeout: POLL_MS * 4 })).toBeInTheDocument();
    await waitFor(() => expect(gets(calls, "/api/v1/suppliers/acme/price-lists")).toBe(2));
    expect(gets(calls, "/api/v1/suppliers/acme/products")).toBe(2);
    // finished: no more polling
    const polls = gets(calls, "/api/v1/suppliers/acme/imports/j1");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS + 200));
    expect(gets(calls, "/api/v1/suppliers/acme/imports/j1")).toBe(polls);
  }, SLOW);
});

const SCHEMA: Attribute[] = [{ id: "a-1", category_id: "c-1", code: "length_mm", name: "Length", type: "number", unit: "mm", required: false, position: 0 }];

describe("variant form (react-hook-form + zod)", () => {
  it("puts the server's field errors next to their fields, an attribute's too, with the form-level alert", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    mockApi({
      "POST /api/v1/suppliers/acme/products/p-1/variants": () =>
        problem(422, "validation", {
          errors: [
            { field: "$.pack_size", message: "pack size too large" },
            { field: "$.attributes.length_mm", message: "at most 10000" },
          ],
        }),
    });
    const saved = vi.fn();
    const user = userEvent.setup();
    renderWithI18n(<VariantForm slug="acme" productId="p-1" variant={null} schema={SCHEMA} onSaved={saved} />);
    await user.type(screen.getByLabelText("SKU"), "HB-8");
    await user.type(screen.getByLabelText("Length (mm)"), "99999");
    await user.click(screen.getByRole("button", { name: "Add variant" }));
    await waitFor(() => expect(screen.getByLabelText("Pack size")).toHaveAccessibleDescription("pack size too large"));
    expect(screen.getByLabelText("Pack size")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Length (mm)")).toHaveAccessibleDescription("at most 10000");
    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
    expect(saved).not.toHaveBeenCalled();
  }, SLOW);

  it("says a taken SKU next to the SKU, and checks decimals typed in Romanian before sending", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({ "POST /api/v1/suppliers/acme/products/p-1/variants": () => problem(409, "catalog.sku_taken") });
    const user = userEvent.setup();
    renderWithI18n(<VariantForm slug="acme" productId="p-1" variant={null} schema={[]} onSaved={() => undefined} />, "ro");
    const sku = screen.getByLabelText("SKU");
    await user.type(sku, "HB-8");
    const pack = screen.getByLabelText("Mărimea ambalajului");
    await user.clear(pack);
    await user.type(pack, "abc");
    await user.click(screen.getByRole("button", { name: "Adaugă varianta" }));
    expect(pack).toHaveAttribute("aria-invalid", "true");
    expect(calls).toHaveLength(0);
    await user.clear(pack);
    await user.type(pack, "2,5");
    await user.click(screen.getByRole("button", { name: "Adaugă varianta" }));
    await waitFor(() => expect(sku).toHaveAttribute("aria-invalid", "true"));
    expect(calls[0]?.body).toMatchObject({ sku: "HB-8", pack_size: "2.5" });
  }, SLOW);
});

