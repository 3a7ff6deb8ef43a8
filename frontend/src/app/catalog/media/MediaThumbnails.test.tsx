import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { json, mockApi, problem, renderWithI18n } from "../../../test/utils";
import { MediaSection, RENDITION_POLL_MS } from "./Media";

afterEach(() => vi.unstubAllGlobals());

const BASE = "/api/v1/suppliers/acme/products/p-1/media";

function image(id: string, state: Schemas["MediaOut"]["rendition_state"], extra: Partial<Schemas["MediaOut"]> = {}): Schemas["MediaOut"] {
  return {
    id,
    product_id: "p-1",
    kind: "image",
    filename: `${id}.png`,
    content_type: "image/png",
    size: 4096,
    sha256: "0".repeat(64),
    position: 0,
    url: `/api/v1/suppliers/acme/media/${id}`,
    visibility: "public",
    buyer_org_ids: [],
    rendition_state: state,
    renditions: [],
    created_at: "2026-03-05T10:00:00Z",
    ...extra,
  };
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByRole("link", { name }).closest("tr");
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe("product images in the editor", () => {
  it("shows the thumbnail when ready, a placeholder while processing or when it failed, the original before renditions", async () => {
    mockApi({
      [`GET ${BASE}`]: () =>
        json([
          image("ready", "ready", { thumbnail_url: "/api/v1/suppliers/acme/media/ready?size=160" }),
          image("pending", "pending"),
          image("failed", "failed"),
          image("old", "none"),
          { ...image("sheet", "none"), kind: "document", filename: "sheet.pdf", content_type: "application/pdf" },
        ]),
    });
    renderWithI18n(<MediaSection slug="acme" productId="p-1" />);
    await screen.findByRole("link", { name: "ready.png" });

    expect(rowOf("ready.png").querySelector("img")?.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/ready?size=160");
    expect(within(rowOf("pending.png")).getByText("Processing…")).toBeInTheDocument();
    expect(rowOf("pending.png").querySelector("img")).toBeNull();
    expect(within(rowOf("failed.png")).getByText("No preview")).toBeInTheDocument();
    expect(rowOf("failed.png").querySelector("img")).toBeNull();
    expect(rowOf("old.png").querySelector("img")?.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/old");
    expect(rowOf("sheet.pdf").querySelector("img")).toBeNull();
  });

  it("looks again while a thumbnail is being made, and shows it once it is there", async () => {
    let asked = 0;
    const calls = mockApi({
      [`GET ${BASE}`]: () => {
        asked += 1;
        return json([asked < 2 ? image("photo", "pending") : image("photo", "ready", { thumbnail_url: "/api/v1/suppliers/acme/media/photo?size=160" })]);
      },
    });
    renderWithI18n(<MediaSection slug="acme" productId="p-1" />);
    expect(await screen.findByText("Processing…")).toBeInTheDocument();
    await vi.waitFor(() => expect(rowOf("photo.png").querySelector("img")?.getAttribute("src")).toBe("/api/v1/suppliers/acme/media/photo?size=160"), {
      timeout: RENDITION_POLL_MS * 3,
    });
    const gets = calls.filter((c) => c.method === "GET" && c.path === BASE).length;
    await new Promise((resolve) => setTimeout(resolve, RENDITION_POLL_MS + 200));
    expect(calls.filter((c) => c.method === "GET" && c.path === BASE)).toHaveLength(gets); // ready: no more polling
  });

  it.each([
    ["media.not_an_image", "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF file, or upload it as a document."],
    ["media.too_many_pixels", "This image has too many pixels (at most 50 megapixels). Make it smaller and upload it again."],
  ])("says why the server refused the image (%s) next to the file field", async (code, message) => {
    mockApi({ [`GET ${BASE}`]: () => json([]) });
    // multipart bodies are not read by the shared mock: answer the upload here
    const inner = globalThis.fetch;
    vi.stubGlobal("fetch", (input: Request) =>
      input.method === "POST" ? Promise.resolve(problem(422, code, { errors: [{ field: "file", message: "not a readable image" }] })) : inner(input),
    );
    const user = userEvent.setup();
    renderWithI18n(<MediaSection slug="acme" productId="p-1" />);
    const field = screen.getByLabelText("File to upload");
    await user.upload(field, new File(["not a png"], "bolt.png", { type: "image/png" }));
    await user.click(screen.getByRole("button", { name: "Upload" }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription(message);
  });

  it("says it in Romanian too", async () => {
    mockApi({ [`GET ${BASE}`]: () => json([image("pending", "pending")]) });
    renderWithI18n(<MediaSection slug="acme" productId="p-1" />, "ro");
    expect(await screen.findByText("Se procesează…")).toBeInTheDocument();
  });
});
