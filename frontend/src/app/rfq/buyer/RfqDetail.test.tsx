import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { json, mockApi, renderRoutes } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import type { QuoteDetail, Rfq } from "./api/types";
import { RfqDetail } from "./RfqDetail";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const me = () => json({ id: "u-1", email: "p@example.com", name: "Pia", email_verified: true, totp_enabled: false, locale: "ro", active_org_id: "b1", role: "purchaser", actions: ["rfq.read", "rfq.create"] });

function rfq(sealed: boolean): Rfq {
  return {
    id: "r-1", number: "RFQ-2026-000003", title: "Fasteners", status: "open", sealed, currency: "EUR", deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    created_at: "2026-11-01T10:00:00Z", updated_at: "2026-11-01T10:00:00Z", marketplace_id: "m-1", estimated_total: "90.00", next: ["closed", "awarded", "cancelled"],
    lines: [
      { id: "l1", position: 1, kind: "text", description: "Hex bolt M8", unit: "pcs", quantity: "1000", target_price: "0.09", target_visible: false },
      { id: "l2", position: 2, kind: "text", description: "Nut M8", unit: "pcs", quantity: "500", target_visible: false },
    ],
    invitations: [
      { tenant_id: "alpha", name: "Alpha Bolts", slug: "alpha", status: "revised", latest_revision: 2 },
      { tenant_id: "beta", name: "Beta Nuts", slug: "beta", status: "invited", latest_revision: 0 },
    ],
    files: [],
  };
}

function revision(number: number, price: string, diff: NonNullable<QuoteDetail["revisions"]>[number]["diff"]) {
  return {
    id: `rev-${number}`, rfq_id: "r-1", tenant_id: "alpha", number, currency: "EUR", valid_until: "2026-12-31", total: price, sent_by_name: "Ana", sent_at: "2026-11-10T10:00:00Z",
    payment_terms_days: 30,
    lines: [
      { line_id: "l1", status: "quoted" as const, unit_price: price === "100" ? "0.10" : "0.095", breaks: [], moq: "100", lead_time_days: 10 },
      { line_id: "l2", status: "not_quoted" as const, breaks: [] },
    ],
    diff,
  };
}

const QUOTE: QuoteDetail = {
  rfq_id: "r-1", tenant_id: "alpha", supplier_name: "Alpha Bolts", status: "revised",
  revisions: [
    revision(2, "95", { terms: [{ field: "total", before: "100", after: "95" }], lines: [{ line_id: "l1", changes: [{ field: "unit_price", before: "0.1", after: "0.095" }] }] }),
    revision(1, "100", { terms: [], lines: [] }),
  ],
  counters: [],
};

function inOrg(children: ReactNode) {
  return <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>;
}

function show() {
  return renderRoutes([{ path: "/app/rfqs/:id", element: inOrg(<RfqDetail />) }], "/app/rfqs/r-1", "ro");
}

describe("RFQ detail and negotiation", () => {
  it("shows each supplier's quote, the revisions with their diff, and sends a counter-offer on the lines filled in", async () => {
    const calls = mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json(rfq(false)),
      "GET /api/v1/orgs/b1/rfqs/r-1/quotes": () =>
        json({ rfq_id: "r-1", sealed: false, quotes: [{ tenant_id: "alpha", supplier_name: "Alpha Bolts", status: "revised", latest_revision: 2, sent_at: "2026-11-10T10:00:00Z", total: "95.00", currency: "EUR" }, { tenant_id: "beta", supplier_name: "Beta Nuts", status: "invited", latest_revision: 0 }] }),
      "GET /api/v1/orgs/b1/rfqs/r-1/quotes/alpha": () => json(QUOTE),
      "GET /api/v1/orgs/b1/rfqs/r-1/quotes/alpha/messages": () => json({ items: [{ id: "m2", side: "supplier", author_name: "Ana", body: "Revised.", created_at: "2026-11-10T11:00:00Z", files: [{ id: "f7", purpose: "message", side: "supplier", tenant_id: "alpha", owner_ref: "m2", filename: "price-breakdown.pdf", content_type: "application/pdf", size_bytes: 2048, created_at: "2026-11-10T11:00:00Z" }] }, { id: "m1", side: "buyer", author_name: "Pia", body: "Better price?", created_at: "2026-11-10T09:00:00Z" }] }),
      "POST /api/v1/orgs/b1/rfqs/r-1/quotes/alpha/counter": () => json({ ...QUOTE, status: "countered" }),
      "POST /api/v1/orgs/b1/rfqs/r-1/quotes/alpha/messages": () => json({ id: "m3", side: "buyer", author_name: "Pia", body: "Thanks", created_at: "2026-11-10T12:00:00Z" }, 201),
    });
    show();
    const quotes = await screen.findByRole("region", { name: "Furnizori invitați" });
    const alpha = (await within(quotes).findByText("Alpha Bolts")).closest("tr") as HTMLElement;
    expect(alpha).toHaveTextContent("Revizuit");
    expect(alpha).toHaveTextContent("95,00 EUR");
    await userEvent.click(within(alpha).getByRole("button", { name: "Negociază cu Alpha Bolts" }));

    const negotiation = await screen.findByRole("region", { name: "Negociere cu Alpha Bolts" });
    expect(await within(negotiation).findByText("Modificări față de revizia 1")).toBeInTheDocument();
    expect(within(negotiation).getByRole("list", { name: "Linii modificate" })).toHaveTextContent("Preț unitar: 0,10 EUR → 0,095 EUR");
    const thread = within(negotiation).getByRole("region", { name: "Mesaje cu Alpha Bolts" });
    const bodies = within(thread).getAllByText(/Better price\?|Revised\./).map((node) => node.textContent);
    expect(bodies).toEqual(["Better price?", "Revised."]); // oldest first
    expect(within(thread).getByRole("link", { name: /price-breakdown.pdf/ })).toHaveAttribute("href", "/api/v1/orgs/b1/rfqs/r-1/files/f7");

    const counter = within(negotiation).getByRole("form", { name: "Contraofertă" });
    const bolt = within(counter).getByRole("group", { name: "1. Hex bolt M8" });
    await userEvent.type(within(bolt).getByLabelText("Preț țintă"), "0,09");
    await userEvent.type(within(bolt).getByLabelText("Comentariu"), "Match the target");
    await userEvent.click(within(counter).getByRole("button", { name: "Trimite contraoferta" }));
    expect(await within(counter).findByText("Contraofertă trimisă.")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST" && c.path.endsWith("/counter"));
    expect(post?.body).toEqual({ comment: null, lines: [{ line_id: "l1", target_price: "0.09", quantity: null, delivery_date: null, comment: "Match the target" }] });

    // multipart bodies are not read by the shared mock: answer the upload here
    const inner = globalThis.fetch;
    const uploads: Request[] = [];
    const appended = vi.spyOn(FormData.prototype, "append");
    vi.stubGlobal("fetch", (input: Request) => {
      if (!input.url.endsWith("/files")) return inner(input);
      uploads.push(input);
      return Promise.resolve(json({ id: "f9", purpose: "message", side: "buyer", tenant_id: "alpha", filename: "drawing-b.pdf", content_type: "application/pdf", size_bytes: 4, created_at: "2026-11-10T12:00:00Z" }, 201));
    });
    await userEvent.type(within(thread).getByLabelText("Mesaj"), "Thanks");
    await userEvent.upload(within(thread).getByLabelText(/Atașați fișiere/), new File(["%PDF"], "drawing-b.pdf", { type: "application/pdf" }));
    await userEvent.click(within(thread).getByRole("button", { name: "Trimite" }));
    await vi.waitFor(() => expect(calls.find((c) => c.method === "POST" && c.path.endsWith("/messages"))?.body).toEqual({ body: "Thanks", files: ["f9"] }));
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.headers.get("Content-Type")).toMatch(/^multipart\/form-data/);
    const fields = appended.mock.calls.map(([name, value]) => [name, value instanceof File ? value.name : value]);
    appended.mockRestore();
    expect(fields).toEqual([
      ["file", "drawing-b.pdf"],
      ["purpose", "message"],
      ["supplier_id", "alpha"],
    ]);
  }, 20_000);

  it("in sealed mode before the deadline shows who answered and no prices", async () => {
    const calls = mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/rfqs/r-1": () => json(rfq(true)),
      "GET /api/v1/orgs/b1/rfqs/r-1/quotes": () => json({ rfq_id: "r-1", sealed: true, quotes: [{ tenant_id: "alpha", supplier_name: "Alpha Bolts", status: "revised", latest_revision: 2, sent_at: "2026-11-10T10:00:00Z" }] }),
      "GET /api/v1/orgs/b1/rfqs/r-1/quotes/alpha/messages": () => json({ items: [] }),
    });
    show();
    const quotes = await screen.findByRole("region", { name: "Furnizori invitați" });
    const alpha = (await within(quotes).findByText("Alpha Bolts")).closest("tr") as HTMLElement;
    expect(alpha).toHaveTextContent("sigilat");
    await userEvent.click(within(alpha).getByRole("button", { name: "Negociază cu Alpha Bolts" }));
    const negotiation = await screen.findByRole("region", { name: "Negociere cu Alpha Bolts" });
    expect(within(negotiation).getByText("Sigilată până la termen: vedeți cine a răspuns, nu și prețurile.")).toBeInTheDocument();
    expect(within(negotiation).queryByRole("form", { name: "Contraofertă" })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith("/quotes/alpha"))).toBe(false);
  }, 20_000);
});
