import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import { QuotePolicySettings } from "./QuotePolicySettings";

afterEach(() => vi.unstubAllGlobals());

const SUPPLIER: Organisation = { id: "s1", kind: "supplier", slug: "boltnut", name: "BoltNut", role: "admin", status: "active", created_at: "2026-03-05T10:00:00Z" };

function me(actions: string[]) {
  return () => json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "ro", active_org_id: "s1", role: "admin", actions });
}

describe("the quote policy", () => {
  it("reads the amount in Romanian separators and saves it as a decimal string with its currency", async () => {
    const calls = mockApi({
      "GET /api/v1/me": me(["quotes.read", "quotes.write", "quotes.approve"]),
      "GET /api/v1/suppliers/boltnut/quote-policy": () => json({ approval_above: "10000.00", currency: "EUR" }),
      "PUT /api/v1/suppliers/boltnut/quote-policy": (request) => json(request.body),
    });
    const user = userEvent.setup();
    render(
      <QueryProvider>
        <I18nProvider initial="ro">
          <SessionProvider>
            <OrgContext.Provider value={{ orgs: [SUPPLIER], active: SUPPLIER, switchTo: () => Promise.resolve(), reload: () => undefined }}>
              <MemoryRouter>
                <QuotePolicySettings />
              </MemoryRouter>
            </OrgContext.Provider>
          </SessionProvider>
        </I18nProvider>
      </QueryProvider>,
    );
    const amount = await screen.findByRole("textbox", { name: "Aprobare peste" });
    expect(amount).toHaveValue("10000");
    await user.clear(amount);
    await user.type(amount, "12.500,50");
    const currency = screen.getByRole("textbox", { name: "Moneda" });
    await user.clear(currency);
    await user.type(currency, "ron");
    await user.click(screen.getByRole("button", { name: "Salvați" }));
    expect(await screen.findByText("Aprobarea ofertelor a fost salvată.")).toBeInTheDocument();
    await waitFor(() => expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ approval_above: "12500.50", currency: "RON" }));

    // an amount without a currency is refused here
    await user.clear(screen.getByRole("textbox", { name: "Moneda" }));
    await user.click(screen.getByRole("button", { name: "Salvați" }));
    expect(await screen.findByText("Introduceți un cod de monedă din trei litere (de ex. EUR).")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1);
  });
});
