import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import type { Locale } from "../../../i18n/format";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi, problem } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import type { DraftIn, SupplierRfq } from "./api/types";
import { RfqInbox } from "./RfqInbox";
import { RfqPage } from "./RfqPage";

afterEach(() => vi.unstubAllGlobals());

const SLOW = 30_000;
const SUPPLIER: Organisation = { id: "s1", kind: "supplier", slug: "boltnut", name: "BoltNut", role: "sales", status: "active", created_at: "2026-03-05T10:00:00Z" };
const BASE = "/api/v1/suppliers/boltnut/rfqs";

const RFQ: SupplierRfq = {
  id: "r1",
  number: "RFQ-2026-0007",
  title: "Fasteners for hall B",
  status: "open",
  buyer_name: "Nordbau",
  sealed: false,
  currency: "EUR",
  deadline: "2099-01-01T12:00:00Z",
  delivery_date: "2099-02-01",
  payment_terms_days: 30,
  lines: [
    { id: "l1", position: 1, kind: "sku", tenant_id: "s1", target_visible: false, sku: "HB-M8-20", description: "Hex bolt M8×20", unit: "pcs", quantity: "1000", target_price: "0.12" },
    { id: "l2", position: 2, kind: "text", target_visible: false, description: "Bracket per drawing 17", unit: "pcs", quantity: "200" },
  ],
  files: [
    { id: "f1", purpose: "request", side: "buyer", filename: "drawing-17.pdf", content_type: "application/pdf", size_bytes: 1000, created_at: "2026-11-27T10:00:00Z" },
    // its own quote upload, not yet attached to a revision: goes with the next send
    { id: "f2", purpose: "quote", side: "supplier", filename: "datasheet.pdf", content_type: "application/pdf", size_bytes: 2000, created_at: "2026-11-28T08:00:00Z", tenant_id: "s1", owner_ref: null },
  ],
  invitation: { status: "invited", latest_revision: 0 },
};

function me(actions: string[]) {
  return () => json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "s1", role: "sales", actions });
}

function wrap(path: string, children: ReactNode, locale: Locale = "en") {
  return (
    <QueryProvider>
      <I18nProvider initial={locale}>
        <SessionProvider>
          <OrgContext.Provider value={{ orgs: [SUPPLIER], active: SUPPLIER, switchTo: () => Promise.resolve(), reload: () => undefined }}>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path="/app/quote-requests" element={<RfqInbox />} />
                <Route path="/app/quote-requests/:id" element={children} />
              </Routes>
            </MemoryRouter>
          </OrgContext.Provider>
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>
  );
}

describe("the supplier's RFQ page", () => {
  it(
    "shows the request and its files, checks the quote before any call, puts the API's line errors on their fields, then sends revision 1",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      let sendAttempts = 0;
      let draft: DraftIn | null = null;
      const calls = mockApi({
        "GET /api/v1/me": me(["quotes.read", "quotes.write"]),
        [`GET ${BASE}/r1`]: () => json(RFQ),
        [`GET ${BASE}/r1/draft`]: () => problem(404, "rfq.no_draft"),
        [`GET ${BASE}/r1/messages`]: () => json({ items: [] }),
        [`PUT ${BASE}/r1/draft`]: (request) => {
          draft = request.body as DraftIn;
          return json({ ...draft, rfq_id: "r1", status: "editing", base_revision: 0, currency: "EUR", total: "380.00", approval_needed: false });
        },
        [`POST ${BASE}/r1/draft/send`]: () => {
          sendAttempts += 1;
          if (sendAttempts === 1) return problem(422, "rfq.invalid_quote", { errors: [{ field: "lines[1].unit_price", message: "Below our floor for this line" }, { field: "lines[0]", message: "line 1 is not answered" }] });
          return json({ number: 1, currency: "EUR", total: "370.00", sent_at: "2026-11-28T10:00:00Z", lines: [] });
        },
        [`GET /api/v1/suppliers/boltnut/products`]: () => json({ items: [], limit: 10, offset: 0, total: 0 }),
      });
      const user = userEvent.setup();
      render(wrap("/app/quote-requests/r1", <RfqPage />));
      expect(await screen.findByRole("heading", { name: /RFQ-2026-0007/ })).toBeInTheDocument();
      expect(screen.getByRole("link", { name: "drawing-17.pdf" })).toHaveAttribute("href", `${BASE}/r1/files/f1`);
      const editor = await screen.findByRole("form", { name: "Your quote" });
      const lineCard = (name: string) => within(within(editor).getByRole("heading", { name }).closest("li")!);
      const bolt = lineCard("1. HB-M8-20 · Hex bolt M8×20");
      const bracket = lineCard("2. Bracket per drawing 17");

      // a negative price and a break below the one before: refused here, nothing sent
      await user.type(bolt.getByRole("textbox", { name: "Unit price (EUR)" }), "-1");
      await user.click(bolt.getByRole("button", { name: "Add a break" }));
      await user.click(bolt.getByRole("button", { name: "Add a break" }));
      await user.type(within(editor).getByRole("textbox", { name: "1. HB-M8-20 · Hex bolt M8×20: break 1, from quantity" }), "500");
      await user.type(within(editor).getByRole("textbox", { name: "1. HB-M8-20 · Hex bolt M8×20: break 1, unit price" }), "0.10");
      await user.type(within(editor).getByRole("textbox", { name: "1. HB-M8-20 · Hex bolt M8×20: break 2, from quantity" }), "100");
      await user.type(within(editor).getByRole("textbox", { name: "1. HB-M8-20 · Hex bolt M8×20: break 2, unit price" }), "0.11");
      await user.click(within(editor).getByRole("button", { name: "Save draft" }));
      expect(await within(editor).findByText("A price cannot be negative.")).toBeInTheDocument();
      expect(within(editor).getByText("Quantities must increase from one tier to the next.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method !== "GET")).toHaveLength(0);

      // fixed: 0.12 up to 500, 0.10 from 500 → 1000 × 0.10; the bracket 1.35 × 200
      const price = bolt.getByRole("textbox", { name: "Unit price (EUR)" });
      await user.clear(price);
      await user.type(price, "0.12");
      const second = within(editor).getByRole("textbox", { name: "1. HB-M8-20 · Hex bolt M8×20: break 2, from quantity" });
      await user.clear(second);
      await user.type(second, "1000");
      await user.type(bracket.getByRole("textbox", { name: "Unit price (EUR)" }), "1.35");
      await user.type(bracket.getByRole("combobox", { name: "Your SKU" }), "BRK-17");
      await user.type(within(editor).getByLabelText("Valid until"), "2099-03-01");
      expect(within(editor).getByText("Total at the asked quantities: €380.00")).toBeInTheDocument();

      await user.click(within(editor).getByRole("button", { name: "Send revision 1" }));
      expect(await bracket.findByText("Below our floor for this line")).toBeInTheDocument();
      expect(bolt.getByRole("alert")).toHaveTextContent("line 1 is not answered");
      expect(draft).toMatchObject({
        valid_until: "2099-03-01",
        payment_terms_days: 30,
        lines: [
          { line_id: "l1", status: "quoted", unit_price: "0.12", breaks: [{ min_quantity: "500", unit_price: "0.10" }, { min_quantity: "1000", unit_price: "0.11" }], sku: "HB-M8-20" },
          { line_id: "l2", status: "quoted", unit_price: "1.35", sku: "BRK-17" },
        ],
      });
      const sends = calls.filter((c) => c.method === "POST" && c.path.endsWith("/draft/send"));
      expect(sends[0]!.headers.get("Idempotency-Key")).toBeTruthy();
      expect(sends[0]!.headers.get("X-CSRF-Token")).toBe("csrf-1");
      expect(sends[0]!.body).toEqual({ files: ["f2"] });
      expect(within(editor).getByRole("link", { name: "datasheet.pdf" })).toBeInTheDocument();

      await user.click(within(editor).getByRole("button", { name: "Send revision 1" }));
      expect(await screen.findByText("Revision 1 sent to the buyer.")).toBeInTheDocument();
      const keys = calls.filter((c) => c.method === "POST" && c.path.endsWith("/draft/send")).map((c) => c.headers.get("Idempotency-Key"));
      // the refused attempt changed nothing: the next one is a new attempt
      expect(keys[1]).not.toBe(keys[0]);
    },
    SLOW,
  );

  it(
    "declines the invitation with a reason",
    async () => {
      const calls = mockApi({
        "GET /api/v1/me": me(["quotes.read", "quotes.write"]),
        [`GET ${BASE}/r1`]: () => json(RFQ),
        [`GET ${BASE}/r1/draft`]: () => problem(404, "rfq.no_draft"),
        [`POST ${BASE}/r1/decline`]: () => json({}),
      });
      const user = userEvent.setup();
      render(wrap("/app/quote-requests/r1", <RfqPage />));
      await user.click(await screen.findByRole("button", { name: "Decline the invitation" }));
      await user.type(screen.getByRole("textbox", { name: /Why do you decline/ }), "No capacity in Q1");
      const buttons = screen.getAllByRole("button", { name: "Decline the invitation" });
      await user.click(buttons[buttons.length - 1]!);
      await waitFor(() => expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "No capacity in Q1" }));
    },
    SLOW,
  );

  it(
    "lists invitations in Romanian with their quote status and filters by status",
    async () => {
      const calls = mockApi({
        "GET /api/v1/me": me(["quotes.read"]),
        [`GET ${BASE}`]: () =>
          json({ items: [{ rfq_id: "r1", number: "RFQ-2026-0007", title: "Fasteners", buyer_name: "Nordbau", rfq_status: "open", quote_status: "countered", currency: "EUR", deadline: "2099-01-01T12:00:00Z", line_count: 2, latest_revision: 1 }], next_cursor: "c2" }),
      });
      const user = userEvent.setup();
      render(wrap("/app/quote-requests", <RfqPage />, "ro"));
      expect(await screen.findByRole("link", { name: "RFQ-2026-0007" })).toHaveAttribute("href", "/app/quote-requests/r1");
      expect(screen.getByText("Contraofertă", { selector: "span" })).toBeInTheDocument();
      await user.selectOptions(screen.getByRole("combobox", { name: "Oferta dumneavoastră" }), "countered");
      await waitFor(() => expect(calls.at(-1)?.search.get("status")).toBe("countered"));
      await user.click(screen.getByRole("button", { name: "Pagina următoare" }));
      await waitFor(() => expect(calls.at(-1)?.search.get("cursor")).toBe("c2"));
    },
    SLOW,
  );
  it(
    "shows what was awarded and maps the free-text line to a SKU of the catalog for the contract list",
    async () => {
      const award = {
        rfq_id: "r1",
        number: "RFQ-2026-0007",
        title: "Fasteners for hall B",
        currency: "EUR",
        awarded_at: "2026-11-28T10:00:00Z",
        contract_valid_until: "2027-11-30",
        contract_status: "needs_mapping",
        price_list_id: null,
        order_number: "BN-2026-000050",
        lines: [
          { line_id: "l1", position: 1, description: "Hex bolt M8×20", unit: "pcs", sku: "HB-M8-20", quantity: "1000", unit_price: "0.11", line_total: "110.00" },
          { line_id: "l2", position: 2, description: "Bracket per drawing 17", unit: "pcs", sku: null, quantity: "200", unit_price: "1.35", line_total: "270.00" },
        ],
      };
      const calls = mockApi({
        "GET /api/v1/me": me(["quotes.read", "quotes.write"]),
        [`GET ${BASE}/r1`]: () => json({ ...RFQ, status: "awarded", invitation: { status: "accepted", latest_revision: 1 } }),
        [`GET ${BASE}/r1/draft`]: () => problem(404, "rfq.no_draft"),
        [`GET ${BASE}/r1/revisions`]: () => json({ rfq_id: "r1", tenant_id: "s1", supplier_name: "BoltNut", status: "accepted", revisions: [], counters: [] }),
        [`GET ${BASE}/r1/messages`]: () => json({ items: [], next_cursor: null }),
        [`GET ${BASE}/r1/award`]: () => json(award),
        [`POST ${BASE}/r1/award`]: () => json({ ...award, contract_status: "done", price_list_id: "pl-9", lines: award.lines.map((l) => ({ ...l, sku: l.sku ?? "BRK-17" })) }),
      });
      const user = userEvent.setup();
      render(wrap("/app/quote-requests/r1", <RfqPage />));
      const section = within(await screen.findByRole("region", { name: "Awarded to you" }));
      expect(await section.findByText("Order BN-2026-000050 was placed for these lines.", { exact: false })).toBeInTheDocument();
      expect(screen.queryByRole("form", { name: "Your quote" })).not.toBeInTheDocument();
      await user.type(section.getByRole("textbox", { name: "Your SKU for 2. Bracket per drawing 17" }), "BRK-17");
      await user.click(section.getByRole("button", { name: "Save the SKUs" }));
      expect(await section.findByRole("link", { name: "Open the contract price list" })).toHaveAttribute("href", "/app/price-lists/pl-9");
      expect(calls.find((c) => c.method === "POST")?.body).toEqual({ mappings: [{ line_id: "l2", sku: "BRK-17" }] });
    },
    SLOW,
  );
  it(
    "shows the counter beside its line and the revisions' diffs; revising starts from the last revision and waits for approval above the policy",
    async () => {
      const revision1 = {
        number: 1,
        currency: "EUR",
        total: "400.00",
        valid_until: "2099-03-01",
        sent_at: "2026-11-27T10:00:00Z",
        sent_by_name: "Ana",
        lines: [
          { line_id: "l1", status: "quoted", unit_price: "0.13", breaks: [], sku: "HB-M8-20" },
          { line_id: "l2", status: "quoted", unit_price: "1.35", breaks: [], sku: "BRK-17" },
        ],
        diff: { terms: [], lines: [] },
      };
      const revision2 = { ...revision1, number: 2, total: "390.00", lines: [{ ...revision1.lines[0], unit_price: "0.12" }, revision1.lines[1]], diff: { terms: [], lines: [{ line_id: "l1", changes: [{ field: "unit_price", before: "0.13", after: "0.12" }] }] } };
      const counter = { id: "c1", revision_number: 2, comment: "Closer to our target please", created_by_name: "Bruno", created_at: "2026-11-28T09:00:00Z", lines: [{ line_id: "l1", target_price: "0.10", comment: "0.10 at 1000" }] };
      const copy = { rfq_id: "r1", status: "new", base_revision: 2, currency: "EUR", total: "390.00", approval_needed: false, valid_until: "2099-03-01", internal_note: "margin thin", lines: revision2.lines, counters: [counter] };
      mockApi({
        "GET /api/v1/me": me(["quotes.read", "quotes.write"]),
        [`GET ${BASE}/r1`]: () => json({ ...RFQ, invitation: { status: "countered", latest_revision: 2 } }),
        [`GET ${BASE}/r1/draft`]: () => json(copy),
        [`GET ${BASE}/r1/revisions`]: () => json({ rfq_id: "r1", tenant_id: "s1", supplier_name: "BoltNut", status: "countered", revisions: [revision2, revision1], counters: [counter] }),
        [`GET ${BASE}/r1/messages`]: () => json({ items: [{ id: "m1", side: "buyer", author_name: "Bruno", body: "Can you do better?", created_at: "2026-11-28T09:01:00Z" }], next_cursor: null }),
        [`PUT ${BASE}/r1/draft`]: (request) => json({ ...copy, ...(request.body as object), status: "editing", total: "1400.00", approval_needed: true }),
      });
      const user = userEvent.setup();
      render(wrap("/app/quote-requests/r1", <RfqPage />));
      const revisions = within(await screen.findByRole("region", { name: "Sent revisions" }));
      expect(revisions.getByRole("heading", { name: /Revision 2/ })).toBeInTheDocument();
      expect(revisions.getByRole("list", { name: "Changed lines" })).toHaveTextContent("€0.13 → €0.12");
      // what each revision quoted, line by line
      const latest = within(revisions.getByRole("table", { name: "Lines of revision 2" }));
      expect(latest.getByRole("rowheader", { name: "1. Hex bolt M8×20" }).closest("tr")).toHaveTextContent("1. Hex bolt M8×20€0.12———HB-M8-20");
      expect(revisions.getByRole("table", { name: "Lines of revision 1" })).toHaveTextContent("€0.13");
      expect(screen.getByText("Can you do better?")).toBeInTheDocument();
      expect(screen.queryByRole("form", { name: "Your quote" })).not.toBeInTheDocument();

      await user.click(screen.getByRole("button", { name: "Revise the quote" }));
      const editor = within(await screen.findByRole("form", { name: "Your quote" }));
      const bolt = within(editor.getByRole("heading", { name: "1. HB-M8-20 · Hex bolt M8×20" }).closest("li")!);
      expect(bolt.getByText(/Buyer's counter-offer/).parentElement).toHaveTextContent("target €0.10 · 0.10 at 1000");
      expect(bolt.getByRole("textbox", { name: "Unit price (EUR)" })).toHaveValue("0.12");
      expect(within(editor.getByRole("group", { name: "Terms of the whole quote" })).getByRole("textbox", { name: /Internal note/ })).toHaveValue("margin thin");
      const price = bolt.getByRole("textbox", { name: "Unit price (EUR)" });
      await user.clear(price);
      await user.type(price, "1.13");
      await user.click(editor.getByRole("button", { name: "Send revision 3" }));
      expect(await editor.findByText("This quote is above your approval amount: an owner or admin approves it before it is sent.", { selector: "[role=alert]" })).toBeInTheDocument();
      expect(editor.getByRole("button", { name: "Request approval" })).toBeInTheDocument();
      expect(editor.getByRole("button", { name: "Send revision 3" })).toBeDisabled();
    },
    SLOW,
  );
});
