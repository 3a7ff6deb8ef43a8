import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation, Schemas } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { json, mockApi } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import { Imports } from "./Imports";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "o1", kind: "supplier", name: "Acme", slug: "acme", role: "owner", status: "active", created_at: "2026-03-05T10:00:00Z" };

function job(status: Schemas["ImportOut"]["status"], extra: Partial<Schemas["ImportOut"]> = {}): Schemas["ImportOut"] {
  return {
    id: "j1",
    kind: "products",
    format: "csv",
    filename: "products.csv",
    status,
    total_rows: 4,
    processed_rows: 2,
    error_count: 0,
    errors: [],
    summary: {},
    sha256: "x",
    created_by: "u1",
    created_at: "2026-03-05T10:00:00Z",
    updated_at: "2026-03-05T10:00:00Z",
    started_at: null,
    finished_at: null,
    ...extra,
  };
}

function headerCheck(extra: Partial<Schemas["HeaderCheck"]> = {}): Schemas["HeaderCheck"] {
  return { kind: "products", headers: ["sku"], normalised: ["sku"], unknown: [], missing: [], columns: ["sku", "product_name", "pack_size"], mapping: {}, ...extra };
}

function wrap(children: ReactNode) {
  return (
    <QueryProvider>
      <I18nProvider initial="en">
        <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>
      </I18nProvider>
    </QueryProvider>
  );
}

describe("supplier import page", () => {
  it("asks for a file next to the field before uploading", async () => {
    const calls = mockApi({ "GET /api/v1/suppliers/acme/imports": () => json({ items: [], total: 0, limit: 20, offset: 0 }) });
    const user = userEvent.setup();
    render(wrap(<Imports />));
    await user.click(screen.getByRole("button", { name: "Upload and import" }));
    expect(screen.getByLabelText("File")).toHaveAccessibleDescription("Choose a file to upload.");
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("uploads, shows progress while polling, then the error report by row and column", async () => {
    let polls = 0;
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/imports": () => json({ items: [], total: 0, limit: 20, offset: 0 }),
      "GET /api/v1/suppliers/acme/imports/j1": () => {
        polls += 1;
        return json(
          polls < 2
            ? job("validating")
            : job("failed", { processed_rows: 4, error_count: 1, errors: [{ row: 3, column: "pack_size", message: "not a number" }] }),
        );
      },
    });
    // multipart bodies are not read by the shared mock: answer the upload here
    const inner = globalThis.fetch;
    const uploads: Request[] = [];
    vi.stubGlobal("fetch", (input: Request) => {
      if (input.method !== "POST") return inner(input);
      uploads.push(input);
      if (input.url.includes("/imports/headers")) return Promise.resolve(json(headerCheck()));
      return Promise.resolve(json(job("queued", { processed_rows: 0 }), 202));
    });
    const user = userEvent.setup();
    render(wrap(<Imports />));
    await user.upload(screen.getByLabelText("File"), new File(["sku\nA\n"], "products.csv", { type: "text/csv" }));
    await user.click(screen.getByRole("button", { name: "Upload and import" }));
    expect(await screen.findByRole("progressbar", { name: "Import progress" })).toBeInTheDocument();
    expect(await screen.findByText("2 of 4 rows checked · 50 %", {}, { timeout: 3000 })).toBeInTheDocument();
    expect(await screen.findByText(/Nothing was applied: 1 error\./, {}, { timeout: 4000 })).toBeInTheDocument();
    const row = screen.getByRole("cell", { name: "pack_size" }).closest("tr");
    expect(row).toHaveTextContent("3pack_sizenot a number");
    expect(new URL(uploads[1]!.url).searchParams.get("kind")).toBe("products");
    expect(uploads[1]!.headers.get("Content-Type")).toMatch(/^multipart\/form-data/);
    expect(calls.filter((c) => c.path.endsWith("/imports/j1")).length).toBeGreaterThanOrEqual(2);
  });

  it("shows the phase and its percentage while the file is applied, then the summary", async () => {
    let polls = 0;
    mockApi({
      "GET /api/v1/suppliers/acme/imports": () => json({ items: [job("applying", { processed_rows: 3 })], total: 1, limit: 20, offset: 0 }),
      "GET /api/v1/suppliers/acme/imports/j1": () => {
        polls += 1;
        return json(polls < 2 ? job("applying", { processed_rows: 3 }) : job("done", { processed_rows: 4, summary: { created: 4, updated: 0, unchanged: 0 } }));
      },
    });
    const user = userEvent.setup();
    render(wrap(<Imports />));
    await user.click(await screen.findByRole("button", { name: "products.csv" }));
    const bar = screen.getByRole("progressbar", { name: "Import progress" });
    expect(bar).toHaveAttribute("value", "75");
    expect(bar).toHaveAttribute("aria-valuetext", "75 %");
    expect(screen.getByText("3 of 4 rows applied · 75 %")).toBeInTheDocument();
    expect(screen.getAllByText("Applying").length).toBeGreaterThanOrEqual(1);
    expect(await screen.findByText("Imported: 4 created, 0 updated, 0 unchanged.", {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Download the uploaded file" })).toHaveAttribute("href", "/api/v1/suppliers/acme/imports/j1/file");
  });

  it("says when retention removed the uploaded file", async () => {
    mockApi({
      "GET /api/v1/suppliers/acme/imports": () => json({ items: [job("done", { file_purged_at: "2026-04-05T10:00:00Z" })], total: 1, limit: 20, offset: 0 }),
    });
    const user = userEvent.setup();
    render(wrap(<Imports />));
    await user.click(await screen.findByRole("button", { name: "products.csv" }));
    expect(screen.getByText(/The uploaded file was removed on/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Download the uploaded file" })).not.toBeInTheDocument();
  });

  it("asks what unknown columns hold, then uploads with that mapping and the chosen number format", async () => {
    mockApi({ "GET /api/v1/suppliers/acme/imports": () => json({ items: [], total: 0, limit: 20, offset: 0 }) });
    const inner = globalThis.fetch;
    const posts: string[] = [];
    // the multipart body is not read back here: the appended fields are recorded instead
    const appended = vi.spyOn(FormData.prototype, "append");
    vi.stubGlobal("fetch", async (input: Request) => {
      if (input.method !== "POST") return inner(input);
      posts.push(input.url);
      if (input.url.includes("/imports/headers"))
        return json(headerCheck({ headers: ["Cod articol", "Ambalaj"], normalised: ["cod_articol", "ambalaj"], unknown: ["cod_articol", "ambalaj"], missing: ["sku"] }));
      return json(job("queued", { processed_rows: 0 }), 202);
    });
    const user = userEvent.setup();
    render(wrap(<Imports />));
    await user.upload(screen.getByLabelText("File"), new File(["Cod articol;Ambalaj\nA;1\n"], "erp.csv", { type: "text/csv" }));
    await user.selectOptions(screen.getByLabelText("Numbers in the file"), "comma");
    await user.click(screen.getByRole("button", { name: "Upload and import" }));
    expect(await screen.findByRole("heading", { name: "Match the file's columns" })).toBeInTheDocument();
    expect(screen.getByText("Still missing: sku.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Import with these columns" })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText("Holds: Cod articol"), "sku");
    await user.selectOptions(screen.getByLabelText("Holds: Ambalaj"), "pack_size");
    await user.click(screen.getByRole("button", { name: "Import with these columns" }));
    expect(await screen.findByRole("progressbar", { name: "Import progress" })).toBeInTheDocument();
    expect(new URL(posts[1]!).searchParams.get("number_format")).toBe("comma");
    const mapping = appended.mock.calls.find(([name]) => name === "mapping")?.[1];
    expect(JSON.parse(typeof mapping === "string" ? mapping : "null")).toEqual({ cod_articol: "sku", ambalaj: "pack_size" });
    appended.mockRestore();
    expect(screen.queryByRole("heading", { name: "Match the file's columns" })).not.toBeInTheDocument();
  });

  it("shows the live phase and progress in the recent-imports row, not the stale queued copy", async () => {
    let polls = 0;
    mockApi({
      "GET /api/v1/suppliers/acme/imports": () => json({ items: [job("queued", { total_rows: 0, processed_rows: 0 })], total: 1, limit: 20, offset: 0 }),
      "GET /api/v1/suppliers/acme/imports/j1": () => {
        polls += 1;
        return json(job("validating", { total_rows: 4000, processed_rows: polls < 3 ? 1000 : 2000 }));
      },
    });
    const user = userEvent.setup();
    render(wrap(<Imports />));
    await user.click(await screen.findByRole("button", { name: "products.csv" }));
    const row = (await screen.findByText("1,000 of 4,000 · 25 %", {}, { timeout: 3000 })).closest("tr");
    expect(row).toHaveTextContent("Validating");
    expect(row).not.toHaveTextContent("Queued");
  });

  it("exports through a job and offers the download when it is ready", async () => {
    let polls = 0;
    const exportJob = (status: Schemas["ExportOut"]["status"]): Schemas["ExportOut"] => ({
      id: "e1",
      kind: "products",
      format: "xlsx",
      status,
      total_rows: status === "done" ? 60000 : 0,
      processed_rows: 0,
      error: null,
      created_by: "u1",
      created_at: "2026-03-05T10:00:00Z",
      updated_at: "2026-03-05T10:00:00Z",
      finished_at: null,
    });
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/imports": () => json({ items: [], total: 0, limit: 20, offset: 0 }),
      "POST /api/v1/suppliers/acme/exports": () => json(exportJob("queued"), 202),
      "GET /api/v1/suppliers/acme/exports/e1": () => {
        polls += 1;
        return json(exportJob(polls < 2 ? "running" : "done"));
      },
    });
    const user = userEvent.setup();
    render(wrap(<Imports />));
    await user.click(screen.getByRole("button", { name: "Export XLSX" }));
    expect(await screen.findByRole("progressbar", { name: "Export progress" })).toBeInTheDocument();
    const link = await screen.findByRole("link", { name: "Download products.xlsx" }, { timeout: 4000 });
    expect(link).toHaveAttribute("href", "/api/v1/suppliers/acme/exports/e1/file");
    const post = calls.find((c) => c.method === "POST")!;
    expect([post.search.get("kind"), post.search.get("format")]).toEqual(["products", "xlsx"]);
    expect(screen.getByRole("link", { name: "Template XLSX" })).toHaveAttribute("href", "/api/v1/suppliers/acme/imports/templates/products?format=xlsx");
  });
});
