import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { json, mockApi } from "../../../test/utils";
import { CATALOG_PAGE_SIZE, CatalogListPage } from "./CatalogList";

afterEach(() => vi.unstubAllGlobals());

function product(i: number): Schemas["ProductOut"] {
  return {
    id: `p${i}`,
    name: `Hex bolt ${i}`,
    description: "",
    status: i % 2 ? "published" : "draft",
    unit_of_measure: "pcs",
    category_id: null,
    created_at: "2026-03-05T10:00:00Z",
    updated_at: "2026-03-05T10:00:00Z",
    variants: [],
    thumbnail_url: i === 1 ? "/api/v1/suppliers/acme/media/m1?size=160" : null,
  };
}

const ALL = Array.from({ length: 45 }, (_, i) => product(i + 1));

function renderPage(path = "/app/catalog") {
  const router = createMemoryRouter([{ path: "/app/catalog", element: <CatalogListPage slug="acme" /> }], { initialEntries: [path] });
  render(
    <QueryProvider>
      <I18nProvider initial="en">
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryProvider>,
  );
  return router;
}

function api() {
  return mockApi({
    "GET /api/v1/suppliers/acme/products": ({ search }) => {
      const offset = Number(search.get("offset") ?? 0);
      const status = search.get("status");
      const q = search.get("q");
      const items = ALL.filter((p) => (!status || p.status === status) && (!q || p.name.includes(q)));
      return json({ items: items.slice(offset, offset + CATALOG_PAGE_SIZE), total: items.length, limit: CATALOG_PAGE_SIZE, offset });
    },
  });
}

describe("supplier catalog list", () => {
  it("pages through the catalog with Next / Previous", async () => {
    const calls = api();
    const user = userEvent.setup();
    const router = renderPage();
    expect(await screen.findByRole("link", { name: "Hex bolt 1" })).toHaveAttribute("href", "/app/catalog/p1");
    expect(screen.getByText("1–20 of 45")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Previous" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByRole("link", { name: "Hex bolt 21" })).toBeInTheDocument();
    expect(screen.getByText("21–40 of 45")).toBeInTheDocument();
    expect(calls.at(-1)?.search.get("offset")).toBe("20");
    expect(router.state.location.search).toContain("offset=20");
  });

  it("shows each product's thumbnail, or a placeholder before its image is ready", async () => {
    api();
    renderPage();
    const first = (await screen.findByRole("link", { name: "Hex bolt 1" })).closest("tr");
    expect(first?.querySelector("img")).toHaveAttribute("src", "/api/v1/suppliers/acme/media/m1?size=160");
    const second = screen.getByRole("link", { name: "Hex bolt 2" }).closest("tr");
    expect(second?.querySelector("img")).toBeNull();
    expect(second?.querySelector("[data-testid=thumb-placeholder]")).not.toBeNull();
  });

  it("filters by status and sort, back to the first page, and says when nothing matches", async () => {
    const calls = api();
    const user = userEvent.setup();
    renderPage("/app/catalog?offset=20");
    await screen.findByRole("link", { name: "Hex bolt 21" });
    await user.selectOptions(screen.getByLabelText("Status"), "published");
    await waitFor(() => expect(calls.at(-1)?.search.get("status")).toBe("published"));
    expect(calls.at(-1)?.search.get("offset")).toBe("0");
    await user.selectOptions(screen.getByLabelText("Sort by"), "name");
    await waitFor(() => expect(calls.at(-1)?.search.get("sort")).toBe("name"));
    expect(calls.at(-1)?.search.get("status")).toBe("published");
    await user.type(screen.getByLabelText("Search"), "zzz");
    expect(await screen.findByText("No product matches these filters.")).toBeInTheDocument();
    expect(calls.at(-1)?.search.get("q")).toBe("zzz");
  });

  it("shows the error with a retry", async () => {
    mockApi({ "GET /api/v1/suppliers/acme/products": () => new Response("boom", { status: 500 }) });
    renderPage();
    expect(await screen.findByRole("alert")).toHaveTextContent("Try again");
  });
});
