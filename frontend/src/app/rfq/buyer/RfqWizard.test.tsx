import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { json, mockApi, problem, renderRoutes } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import type { Rfq } from "./api/types";
import { RfqDetail } from "./RfqDetail";
import { RfqWizard } from "./RfqWizard";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const MARKET = { id: "m-1", slug: "industrial", name: "Industrial", description: "", kind: "vertical", status: "active", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" };
const me = () => json({ id: "u-1", email: "p@example.com", name: "Pia", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "purchaser", actions: ["rfq.read", "rfq.create"] });

const DRAFT: Rfq = {
  id: "r-9", number: "RFQ-2026-000009", title: "Brackets", status: "draft", sealed: false, currency: "EUR", deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  created_at: "2026-11-28T10:00:00Z", updated_at: "2026-11-28T10:00:00Z", marketplace_id: "m-1", payment_terms_days: 30, estimated_total: "1050.00", next: ["pending_approval", "open", "cancelled"],
  lines: [{ id: "l-1", position: 1, kind: "text", description: "Custom bracket", unit: "pcs", quantity: "250", target_price: "4.20", target_visible: false }],
  invitations: [{ tenant_id: "t-1", name: "Alpha Bolts", slug: "alpha", status: "invited", latest_revision: 0 }],
  files: [],
};

function inOrg(children: ReactNode) {
  return <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>;
}

function show(path: string) {
  return renderRoutes(
    [
      { path: "/app/rfqs/new", element: inOrg(<RfqWizard />) },
      { path: "/app/rfqs/:id/edit", element: inOrg(<RfqWizard />) },
      { path: "/app/rfqs/:id", element: inOrg(<RfqDetail />) },
    ],
    path,
  );
}

const common = {
  "GET /api/v1/me": me,
  "GET /api/v1/marketplaces": () => json([MARKET]),
  "GET /api/v1/orgs/b1/locations": () => json([]),
  "GET /api/v1/marketplaces/industrial/categories": () => json({ marketplace: MARKET, categories: [] }),
};

describe("RFQ wizard", () => {
  it("names what is missing, then saves a draft with a free-text line in the user's separators and opens it for files and suppliers", async () => {
    const calls = mockApi({
      ...common,
      "POST /api/v1/orgs/b1/rfqs": () => json(DRAFT, 201),
      "GET /api/v1/orgs/b1/rfqs/r-9": () => json(DRAFT),
    });
    const { router } = show("/app/rfqs/new");
    await userEvent.click(await screen.findByRole("button", { name: "Save and continue" }));
    expect(await screen.findByText("Please correct the highlighted fields.", {}, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Add at least one line.")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    await userEvent.type(screen.getByLabelText("Title"), "Brackets");
    await userEvent.selectOptions(screen.getByLabelText("Marketplace"), "industrial");
    await userEvent.click(screen.getByRole("radio", { name: "Free text" }));
    await userEvent.type(screen.getByLabelText("Specification"), "Custom bracket");
    await userEvent.click(screen.getByRole("button", { name: "Add free-text line" }));
    const line = screen.getByRole("listitem", { name: "Line 1" });
    await userEvent.clear(within(line).getByLabelText("Quantity"));
    await userEvent.type(within(line).getByLabelText("Quantity"), "1,250");
    await userEvent.type(within(line).getByLabelText("Target unit price (EUR)"), "4.20");
    await userEvent.click(screen.getByRole("button", { name: "Save and continue" }));

    await vi.waitFor(() => expect(router.state.location.pathname).toBe("/app/rfqs/r-9/edit"), { timeout: 5_000 });
    const post = calls.find((c) => c.method === "POST");
    expect(post?.headers.get("Idempotency-Key")).toBeTruthy();
    expect(post?.body).toMatchObject({
      marketplace: "industrial",
      title: "Brackets",
      currency: "EUR",
      sealed: false,
      payment_terms_days: 30,
      lines: [{ kind: "text", description: "Custom bracket", quantity: "1250", unit: "pcs", target_price: "4.20", target_visible: false }],
    });
    expect(await screen.findByRole("region", { name: "Suppliers" }, { timeout: 5_000 })).toHaveTextContent("Alpha Bolts");
  }, 20_000);

  it("submits a saved draft and shows that it waits for approval", async () => {
    mockApi({
      ...common,
      "GET /api/v1/orgs/b1/rfqs/r-9": () => json(DRAFT),
      "PATCH /api/v1/orgs/b1/rfqs/r-9": () => json(DRAFT),
      "POST /api/v1/orgs/b1/rfqs/r-9/submit": () => json({ ...DRAFT, status: "pending_approval", next: ["cancelled"] }),
    });
    const { router } = show("/app/rfqs/r-9/edit");
    await userEvent.click(await screen.findByRole("button", { name: "Submit" }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe("/app/rfqs/r-9"), { timeout: 5_000 });
    expect(await screen.findByText("Waiting for approval: the request goes to the suppliers once it is approved.")).toBeInTheDocument();
  });

  it("puts the server's field errors next to their fields", async () => {
    mockApi({
      ...common,
      "GET /api/v1/orgs/b1/rfqs/r-9": () => json(DRAFT),
      "PATCH /api/v1/orgs/b1/rfqs/r-9": () => problem(400, "validation", { errors: [{ field: "lines[0].quantity", message: "must be at least 1000 for this unit" }] }),
    });
    show("/app/rfqs/r-9/edit");
    await userEvent.click(await screen.findByRole("button", { name: "Save draft" }));
    expect(await screen.findByText("must be at least 1000 for this unit")).toBeInTheDocument();
  });
});
