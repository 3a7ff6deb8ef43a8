import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation, Schemas } from "../../../api/client";
import { json, mockApi, renderWithI18n } from "../../../test/utils";
import { Listings } from "../../operator/listings/Listings";
import { OrgContext } from "../../orgContext";
import { SupplierMarketplaces } from "./SupplierMarketplaces";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "s1", kind: "supplier", name: "Acme SRL", slug: "acme", role: "owner", status: "active", created_at: "2026-03-05T10:00:00Z" };
const MARKET = { id: "m1", slug: "fasteners", name: "Fasteners", kind: "vertical", status: "active", description: null, created_at: "2026-03-05T10:00:00Z" };
const PENDING: Schemas["ListingOut"] = {
  id: "l1",
  marketplace_id: "m1",
  marketplace_name: "Fasteners",
  marketplace_slug: "fasteners",
  tenant_id: "t1",
  supplier_name: "Acme SRL",
  supplier_slug: "acme",
  status: "pending",
  reason: null,
  applied_at: "2026-03-05T10:00:00Z",
  decided_at: null,
  decided_by: null,
};

describe("supplier marketplace applications", () => {
  it("applying shows the application in its row and refreshes the operators' queue", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const applied: Schemas["ListingOut"][] = [];
    const calls = mockApi({
      "GET /api/v1/marketplaces": () => json([MARKET]),
      "GET /api/v1/orgs/s1/listings": () => json(applied),
      "POST /api/v1/orgs/s1/listings": () => {
        applied.push(PENDING);
        return json(PENDING, 201);
      },
      // the same browser as an operator (a platform member of both): the queue of applications
      "GET /api/v1/operator/marketplaces": () => json({ items: [], total: 0, limit: 200, offset: 0 }),
      "GET /api/v1/operator/listings": () => json({ items: applied, total: applied.length, limit: 20, offset: 0 }),
    });
    renderWithI18n(
      <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>
        <SupplierMarketplaces />
        <Listings />
      </OrgContext.Provider>,
    );
    const user = userEvent.setup();
    expect(await screen.findByText("No applications here.")).toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Apply to Fasteners" }));
    expect(await screen.findByText("Applied to Fasteners.")).toBeInTheDocument();
    const row = screen.getAllByRole("row", { name: /Fasteners/ })[0] as HTMLElement;
    expect(within(row).getByText("Pending")).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Withdraw from Fasteners" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Approve Acme SRL on Fasteners" })).toBeInTheDocument());
    expect(calls.filter((c) => c.path === "/api/v1/marketplaces")).toHaveLength(1);
  });
});
