import { render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi } from "../../../test/utils";
import { Taxonomy } from "./Taxonomy";

afterEach(() => vi.unstubAllGlobals());

const category = (id: string, name: string, position: number) => ({
  id,
  marketplace_id: "m1",
  slug: name.toLowerCase(),
  name,
  position,
  path: name.toLowerCase(),
  depth: 0,
  parent_id: null,
  attributes: [],
});

function api(actions: string[]) {
  mockApi({
    "GET /api/v1/me": () =>
      json({ id: "u1", email: "s@example.com", name: "S", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "p1", role: "x", actions }),
    "GET /api/v1/operator/marketplaces/m1/categories": () =>
      json({
        marketplace: { id: "m1", slug: "fasteners", name: "Fasteners", kind: "vertical", status: "active", created_at: "2026-03-05T10:00:00Z" },
        categories: [category("c1", "Bolts", 0), category("c2", "Nuts", 1)],
      }),
  });
}

function renderTaxonomy() {
  render(
    <QueryProvider>
      <I18nProvider initial="en">
        <SessionProvider>
          <MemoryRouter initialEntries={["/app/operator/marketplaces/m1"]}>
            <Routes>
              <Route path="/app/operator/marketplaces/:id" element={<Taxonomy />} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>,
  );
}

describe("taxonomy by role", () => {
  it("shows support staff the tree without the move buttons the server would refuse", async () => {
    api(["marketplaces.read"]);
    renderTaxonomy();
    expect(await screen.findByRole("button", { name: "Bolts" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Move Nuts up" })).not.toBeInTheDocument();
  });

  it("gives an operator the move buttons", async () => {
    api(["marketplaces.read", "marketplaces.manage"]);
    renderTaxonomy();
    expect(await screen.findByRole("button", { name: "Bolts" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Move Nuts up" })).toBeInTheDocument();
  });
});
