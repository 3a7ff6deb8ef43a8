import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { json, mockApi, renderWithI18n } from "../../../test/utils";
import { CustomersPage } from "./Customers";

afterEach(() => vi.unstubAllGlobals());

function customer(i: number, extra: Partial<Schemas["CustomerOut"]> = {}): Schemas["CustomerOut"] {
  return {
    buyer_org_id: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
    name: `Buyer ${String(i).padStart(2, "0")} AG`,
    status: "active",
    terms: null,
    segments: [],
    price_list_count: 0,
    document_count: 0,
    ...extra,
  };
}

const ALL = [
  customer(1, { terms: { payment_terms_days: 45, credit_limit: "10000.00", currency: "EUR" }, segments: ["Export", "Gold"], price_list_count: 2 }),
  customer(2, { status: "suspended" }),
  customer(3, { name: null, status: "unknown", document_count: 1 }),
  ...Array.from({ length: 22 }, (_, i) => customer(i + 4)),
];

function api() {
  return mockApi({
    "GET /api/v1/suppliers/acme/customers": ({ search }) => {
      const offset = Number(search.get("offset") ?? 0);
      const limit = Number(search.get("limit") ?? 50);
      const q = search.get("q")?.toLowerCase();
      const items = ALL.filter((c) => !q || (c.name ?? "").toLowerCase().includes(q));
      return json({ items: items.slice(offset, offset + limit), total: items.length, limit, offset });
    },
  });
}

describe("supplier customers page", () => {
  it("lists customers by name with terms, segments and status, never by id", async () => {
    api();
    renderWithI18n(<CustomersPage slug="acme" />);
    const first = (await screen.findByRole("cell", { name: "Buyer 01 AG" })).closest("tr");
    expect(first).toHaveTextContent("Net 45 days");
    expect(first).toHaveTextContent("€10,000.00");
    expect(first).toHaveTextContent("Export, Gold");
    expect(screen.getByRole("cell", { name: "Buyer 02 AG suspended" })).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "Unknown company no longer exists" })).toBeInTheDocument();
    expect(screen.queryByText(/00000000-0000/)).toBeNull();
    expect(screen.getByRole("button", { name: "Edit the terms of Buyer 01 AG" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Set terms for Buyer 02 AG" })).toBeInTheDocument();
    expect(screen.getByText("1–20 of 25")).toBeInTheDocument();
  });

  it("searches by name, pages, and says when nothing matches", async () => {
    const calls = api();
    const user = userEvent.setup();
    renderWithI18n(<CustomersPage slug="acme" />);
    await screen.findByRole("cell", { name: "Buyer 01 AG" });
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByRole("cell", { name: "Buyer 21 AG" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Search by company name"), "buyer 07");
    expect(await screen.findByRole("cell", { name: "Buyer 07 AG" })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("cell", { name: "Buyer 01 AG" })).toBeNull());
    const last = calls.filter((c) => c.path.endsWith("/customers")).at(-1);
    expect(last?.search.get("q")).toBe("buyer 07");
    expect(last?.search.get("offset")).toBe("0");
    await user.clear(screen.getByLabelText("Search by company name"));
    await user.type(screen.getByLabelText("Search by company name"), "nobody");
    expect(await screen.findByText("No customer matches this search.")).toBeInTheDocument();
  });
});
