import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { json, mockApi, problem, renderRoutes } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import type { AwardOut, Comparison, Rfq } from "./api/types";
import { RfqCompare } from "./RfqCompare";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const HQ = {
  id: "l-1", org_id: "b1", name: "Head office", is_ship_to: true, is_bill_to: true, is_default_ship_to: true, is_default_bill_to: true,
  line1: "Str. Fabricii 12", line2: null, city: "Cluj-Napoca", region: null, postal_code: null, country: "RO",
  contact_name: null, contact_email: null, contact_phone: null, tax_id: null, created_at: "2026-03-05T10:00:00Z", updated_at: "2026-03-05T10:00:00Z",
};

function rfq(status: Rfq["status"], sealed = false): Rfq {
  return {
    id: "r-1", number: "RFQ-2026-000003", title: "Fasteners", status, sealed, currency: "EUR", deadline: "2026-11-20T10:00:00Z", created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-01T10:00:00Z", marketplace_id: "m-1", estimated_total: "0", next: [], lines: [], invitations: [], files: [],
  };
}

const COMPARISON: Comparison = {
  rfq_id: "r-1",
  number: "RFQ-2026-000003",
  title: "Fasteners for hall B",
  status: "closed",
  sealed: false,
  deadline: "2026-11-01T10:00:00Z",
  currency: "EUR",
  suppliers: [
    { tenant_id: "alpha", name: "Alpha Bolts", slug: "alpha", status: "submitted", live: true, quoted_lines: 2, revision_number: 1 },
    { tenant_id: "beta", name: "Beta Nuts", slug: "beta", status: "revised", live: true, quoted_lines: 1, revision_number: 2 },
  ],
  lines: [
    { id: "l1", kind: "sku", position: 1, description: "Hex bolt M8", quantity: "1000", unit: "pcs", target_price: "0.09", cells: [
      { tenant_id: "alpha", status: "quoted", live: true, unit_price: "0.10", line_total: "100.00", lead_time_days: 5, lowest: false, fastest: true },
      { tenant_id: "beta", status: "quoted", live: true, unit_price: "0.085", line_total: "85.00", lead_time_days: 14, lowest: true, fastest: false },
    ] },
    { id: "l2", kind: "sku", position: 2, description: "Nut M8", quantity: "500", unit: "pcs", cells: [
      { tenant_id: "alpha", status: "quoted", live: true, unit_price: "0.04", line_total: "20.00", lead_time_days: 5, lowest: true, fastest: true },
      { tenant_id: "beta", status: "not_quoted", live: true, lowest: false, fastest: false },
    ] },
  ],
};

const AWARD: AwardOut = {
  id: "a-1", rfq_id: "r-1", number: "RFQ-2026-000003", status: "completed", currency: "EUR", checkout_id: "ck-1", checkout_status: "completed", contract_valid_until: "2027-06-30", total: "105.00", awarded_at: "2026-11-20T10:00:00Z", lines: [],
  suppliers: [
    { tenant_id: "alpha", name: "Alpha Bolts", total: "20.00", order_status: "placed", order_id: "o-1", order_number: "AB-2026-000011", order_state: "placed", contract_status: "done", price_list_id: "pl-1" },
    { tenant_id: "beta", name: "Beta Nuts", total: "85.00", order_status: "placed", order_id: "o-2", order_number: "BN-2026-000004", order_state: "placed", contract_status: "pending" },
  ],
};

function inOrg(children: ReactNode) {
  return <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>;
}

const me = () => json({ id: "u-1", email: "p@example.com", name: "Pia", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "admin", actions: ["rfq.read", "rfq.create", "rfq.award"] });

function show() {
  return renderRoutes([{ path: "/app/rfqs/:id/compare", element: inOrg(<RfqCompare />) }], "/app/rfqs/r-1/compare");
}

describe("comparison page", () => {
  it("marks the best per line, awards all cheapest in one click and sends one award with the dialog's choices", async () => {
    let current = rfq("closed");
    const calls = mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json(current),
      "GET /api/v1/orgs/b1/rfqs/r-1/comparison": () => json(COMPARISON),
      "GET /api/v1/orgs/b1/locations": () => json([HQ]),
      "POST /api/v1/orgs/b1/rfqs/r-1/award": () => {
        current = rfq("awarded");
        return json(AWARD, 201);
      },
      "GET /api/v1/orgs/b1/rfqs/r-1/award": () => json(AWARD),
    });
    show();
    const matrix = await screen.findByRole("region", { name: "Quotes by line and supplier" });
    const bolt = within(matrix).getByRole("rowheader", { name: /Hex bolt M8/ }).closest("tr") as HTMLElement;
    const [alphaCell, betaCell] = within(bolt).getAllByRole("cell");
    expect(betaCell).toHaveTextContent("Lowest total");
    expect(alphaCell).toHaveTextContent("Fastest");
    expect(within(bolt).getByRole("rowheader")).toHaveTextContent("Target: €0.09");

    await userEvent.click(await screen.findByRole("button", { name: "Award all cheapest" }));
    expect(screen.getByRole("radio", { name: "Award line 1 to Beta Nuts" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "Award line 2 to Alpha Bolts" })).toBeChecked();
    expect(screen.getByText(/Lines selected: 2 · suppliers: 2/)).toHaveTextContent("€105.00");

    await userEvent.click(screen.getByRole("button", { name: "Award selected lines…" }));
    const dialog = screen.getByRole("dialog", { name: "Award" });
    await waitFor(() => expect(within(dialog).getByLabelText("Deliver to")).toHaveValue("l-1"));
    await userEvent.type(within(dialog).getByLabelText("Purchase order number"), "PO-77");
    await userEvent.selectOptions(within(dialog).getByLabelText("Payment to Alpha Bolts"), "on_account");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Create contract price lists for reorders" }));
    await userEvent.type(within(dialog).getByLabelText("Contract prices valid until"), "2027-06-30");
    await userEvent.dblClick(within(dialog).getByRole("button", { name: "Award to 2 suppliers" }));

    expect(await screen.findByRole("link", { name: "Order AB-2026-000011" })).toHaveAttribute("href", "/app/orders/o-1");
    expect(screen.getByRole("region", { name: "Award" })).toHaveTextContent("being created");
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts.map((c) => c.headers.get("Idempotency-Key"))).size).toBe(1); // a double click: one key, one award
    expect(posts[0]?.body).toEqual({
      lines: [
        { line_id: "l1", splits: [{ tenant_id: "beta", quantity: "1000" }] },
        { line_id: "l2", splits: [{ tenant_id: "alpha", quantity: "500" }] },
      ],
      orders: { ship_to_location_id: "l-1", bill_to_location_id: "l-1", po_number: "PO-77", payment_methods: { alpha: "on_account", beta: "bank_transfer" } },
      contract: { valid_until: "2027-06-30" },
    });
  }, 20_000);

  it("splits a line between two suppliers and refuses shares that do not add up", async () => {
    mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json(rfq("closed")),
      "GET /api/v1/orgs/b1/rfqs/r-1/comparison": () => json(COMPARISON),
    });
    show();
    await screen.findByRole("region", { name: "Quotes by line and supplier" });
    const [splitBolts] = await screen.findAllByRole("button", { name: "Split" });
    await userEvent.click(splitBolts as HTMLElement);
    await userEvent.type(screen.getByLabelText("Quantity for Alpha Bolts"), "600");
    await userEvent.type(screen.getByLabelText("Quantity for Beta Nuts"), "500");
    expect(screen.getByText("The shares cannot add up to more than the quantity asked.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Award selected lines…" })).toBeDisabled();
    await userEvent.clear(screen.getByLabelText("Quantity for Beta Nuts"));
    await userEvent.type(screen.getByLabelText("Quantity for Beta Nuts"), "400");
    expect(screen.queryByText("The shares cannot add up to more than the quantity asked.")).not.toBeInTheDocument();
    expect(screen.getByText(/Lines selected: 1 · suppliers: 2/)).toHaveTextContent("€94.00"); // 600 × 0.10 + 400 × 0.085
  });

  it("names the line the award refuses (a text line quoted without a SKU) and keeps the dialog open", async () => {
    mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json(rfq("closed")),
      "GET /api/v1/orgs/b1/rfqs/r-1/comparison": () => json(COMPARISON),
      "GET /api/v1/orgs/b1/locations": () => json([HQ]),
      "POST /api/v1/orgs/b1/rfqs/r-1/award": () =>
        problem(422, "rfq.invalid_award", { detail: "this award cannot be made as asked", errors: [{ field: "lines[1].splits", message: "a supplier quoted this text line without a SKU" }] }),
    });
    show();
    await userEvent.click(await screen.findByRole("button", { name: "Award all cheapest" }));
    await userEvent.click(screen.getByRole("button", { name: "Award selected lines…" }));
    const dialog = screen.getByRole("dialog", { name: "Award" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Award to 2 suppliers" }));
    expect(await within(dialog).findByRole("list", { name: "Problems with lines" })).toHaveTextContent("2. Nut M8: a supplier quoted this text line without a SKU");
    expect(within(dialog).getByRole("alert")).toHaveTextContent("this award cannot be made as asked");
  }, 20_000);

  it("says who may award to a member who may not", async () => {
    mockApi({
      "GET /api/v1/me": () => json({ id: "u-2", email: "v@example.com", name: "Vic", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "purchaser", actions: ["rfq.read", "rfq.create"] }),
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json(rfq("closed")),
      "GET /api/v1/orgs/b1/rfqs/r-1/comparison": () => json(COMPARISON),
    });
    show();
    expect(await screen.findByText("Owners, admins and approvers award; you can compare.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Award all cheapest" })).not.toBeInTheDocument();
  });

  it("says a supplier declined in its column and gives it no total", async () => {
    const declined: Comparison = {
      ...COMPARISON,
      suppliers: [...COMPARISON.suppliers, { tenant_id: "gamma", name: "Gamma Fix", slug: "gamma", status: "declined", live: false, quoted_lines: 0 }],
      lines: COMPARISON.lines.map((line) => ({ ...line, cells: [...(line.cells ?? []), { tenant_id: "gamma", status: "no_answer" as const, live: false, lowest: false, fastest: false }] })),
    };
    mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json(rfq("closed")),
      "GET /api/v1/orgs/b1/rfqs/r-1/comparison": () => json(declined),
    });
    show();
    const matrix = await screen.findByRole("region", { name: "Quotes by line and supplier" });
    expect(within(matrix).getAllByText("declined")).toHaveLength(2);
    const totals = within(matrix).getByRole("rowheader", { name: "Total per supplier" }).closest("tr") as HTMLElement;
    expect(within(totals).getAllByRole("cell").at(-1)).toHaveTextContent(/^—$/);
  });

  it("says the comparison is sealed until the deadline", async () => {
    mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json({ ...rfq("open", true), deadline: "2099-01-01T00:00:00Z" }),
      "GET /api/v1/orgs/b1/rfqs/r-1/comparison": () => problem(409, "rfq.sealed"),
    });
    show();
    expect(await screen.findByText("Sealed until the deadline: the comparison opens then.")).toBeInTheDocument();
  });
});
