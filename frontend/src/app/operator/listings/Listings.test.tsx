import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { json, mockApi, renderWithI18n } from "../../../test/utils";
import { MarketplaceIndex } from "../../browse/marketplaces/MarketplaceIndex";
import { Listings } from "./Listings";

afterEach(() => vi.unstubAllGlobals());

const PENDING: Schemas["ListingOut"] = {
  id: "l1",
  marketplace_id: "m1",
  marketplace_name: "Fasteners",
  marketplace_slug: "fasteners",
  tenant_id: "t1",
  supplier_name: "Acme Tools",
  supplier_slug: "acme",
  status: "pending",
  reason: null,
  applied_at: "2026-03-05T10:00:00Z",
  decided_at: null,
  decided_by: null,
};

function api() {
  return mockApi({
    "GET /api/v1/operator/marketplaces": () => json({ items: [], total: 0, limit: 200, offset: 0 }),
    "GET /api/v1/operator/listings": () => json({ items: [PENDING], total: 1, limit: 20, offset: 0 }),
    "POST /api/v1/operator/listings/l1/approve": () => json({ ...PENDING, status: "approved", decided_at: "2026-03-06T10:00:00Z" }),
    "POST /api/v1/operator/listings/l1/reject": ({ body }) => json({ ...PENDING, status: "rejected", reason: (body as { reason: string }).reason }),
  });
}

describe("operator listing approvals", () => {
  it("approves a pending application", async () => {
    const calls = api();
    const user = userEvent.setup();
    renderWithI18n(<Listings />);
    await user.click(await screen.findByRole("button", { name: "Approve Acme Tools on Fasteners" }));
    expect(await screen.findByText("Acme Tools approved on Fasteners.")).toBeInTheDocument();
    const row = screen.getByRole("row", { name: /Acme Tools/ });
    expect(within(row).getByText("Approved")).toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: /Approve/ })).not.toBeInTheDocument();
    expect(calls.find((c) => c.method === "GET" && c.path === "/api/v1/operator/listings")?.search.get("status")).toBe("pending");
  });

  it("rejects only with a reason, shown next to the field", async () => {
    const calls = api();
    const user = userEvent.setup();
    renderWithI18n(<Listings />);
    await user.click(await screen.findByRole("button", { name: "Reject Acme Tools on Fasteners" }));
    await user.click(screen.getByRole("button", { name: "Reject listing" }));
    const reason = screen.getByLabelText("Reason");
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(reason).toHaveAccessibleDescription("Say why, so the supplier can fix it.");
    expect(calls.some((c) => c.path.endsWith("/reject"))).toBe(false);
    await user.type(reason, "No ISO certificate");
    await user.click(screen.getByRole("button", { name: "Reject listing" }));
    await waitFor(() => expect(within(screen.getByRole("row", { name: /Acme Tools/ })).getByText("No ISO certificate")).toBeInTheDocument());
    expect(calls.find((c) => c.path.endsWith("/reject"))?.body).toEqual({ reason: "No ISO certificate" });
  });

  it("an approval refreshes what buyers browse (the browse area's queries)", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({
      "GET /api/v1/operator/marketplaces": () => json({ items: [], total: 0, limit: 200, offset: 0 }),
      "GET /api/v1/operator/listings": () => json({ items: [PENDING], total: 1, limit: 20, offset: 0 }),
      "POST /api/v1/operator/listings/l1/approve": () => json({ ...PENDING, status: "approved" }),
      "GET /api/v1/marketplaces": () => json([{ id: "m1", slug: "fasteners", name: "Fasteners", kind: "vertical", status: "active", description: null, created_at: "2026-03-05T10:00:00Z" }]),
    });
    renderWithI18n(
      <MemoryRouter>
        <Listings />
        <MarketplaceIndex />
      </MemoryRouter>,
    );
    await userEvent.setup().click(await screen.findByRole("button", { name: "Approve Acme Tools on Fasteners" }));
    expect(await screen.findByText("Acme Tools approved on Fasteners.")).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/v1/marketplaces")).toHaveLength(2));
  });
});
