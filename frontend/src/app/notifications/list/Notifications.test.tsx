import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import type { Locale } from "../../../i18n/format";
import { json, mockApi } from "../../../test/utils";
import { NotificationBell } from "../bell/NotificationBell";
import { Notifications } from "./Notifications";

afterEach(() => vi.unstubAllGlobals());

const SUSPENDED = {
  id: "n1",
  kind: "supplier.suspended",
  params: { org_name: "Bolt SRL", reason: "unpaid invoices" },
  created_at: "2026-03-05T10:00:00Z",
  org_id: "o1",
  read_at: null,
};
const IMPORTED = {
  id: "n2",
  kind: "import.done",
  params: { filename: "stock.csv", rows: 12 },
  created_at: "2026-03-04T10:00:00Z",
  org_id: "o1",
  read_at: "2026-03-04T11:00:00Z",
};

function page(locale: Locale = "en") {
  const router = createMemoryRouter(
    [
      {
        path: "/app/notifications",
        element: (
          <>
            <NotificationBell />
            <Notifications />
          </>
        ),
      },
    ],
    { initialEntries: ["/app/notifications"] },
  );
  return render(
    <QueryProvider>
      <I18nProvider initial={locale}>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryProvider>,
  );
}

describe("notifications", () => {
  it("words each kind with its params, counts the unread in the bell, and marks all read", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let unread = 1;
    const calls = mockApi({
      "GET /api/v1/notifications": () =>
        json({ items: unread ? [SUSPENDED, IMPORTED] : [{ ...SUSPENDED, read_at: "2026-03-06T10:00:00Z" }, IMPORTED], total: 2, unread, limit: 20, offset: 0 }),
      "GET /api/v1/notifications/unread-count": () => json({ unread }),
      "POST /api/v1/notifications/read-all": () => {
        unread = 0;
        return json({ marked: 1 });
      },
    });
    page();
    expect(await screen.findByText(/Bolt SRL was suspended\. Reason: unpaid invoices/)).toBeInTheDocument();
    expect(screen.getByText("The import of stock.csv finished: 12 rows applied.")).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Notifications, 1 unread" })).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole("button", { name: "Mark all read" }));
    expect(await screen.findByText("Every notification is marked read.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("link", { name: "Notifications" })).toBeInTheDocument());
    expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/notifications/read-all")).toBe(true);
    expect(screen.queryByRole("button", { name: "Mark all read" })).not.toBeInTheDocument();
  });

  it("marking one read recounts the bell (the mutation invalidates its query)", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let unread = 2;
    const OTHER = { ...SUSPENDED, id: "n3" };
    const calls = mockApi({
      "GET /api/v1/notifications": () => json({ items: [SUSPENDED, OTHER], total: 2, unread, limit: 20, offset: 0 }),
      "GET /api/v1/notifications/unread-count": () => json({ unread }),
      "POST /api/v1/notifications/n1/read": () => {
        unread = 1;
        return json({ ...SUSPENDED, read_at: "2026-03-06T10:00:00Z" });
      },
    });
    page();
    expect(await screen.findByRole("link", { name: "Notifications, 2 unread" })).toBeInTheDocument();
    await userEvent.setup().click((await screen.findAllByRole("button", { name: "Mark read" }))[0] as HTMLElement);
    expect(await screen.findByRole("link", { name: "Notifications, 1 unread" })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: "Mark read" })).toHaveLength(1);
    expect(calls.filter((c) => c.path === "/api/v1/notifications/unread-count").length).toBeGreaterThanOrEqual(2);
  });

  it("speaks Romanian", async () => {
    mockApi({
      "GET /api/v1/notifications": () => json({ items: [SUSPENDED], total: 1, unread: 1, limit: 20, offset: 0 }),
      "GET /api/v1/notifications/unread-count": () => json({ unread: 1 }),
    });
    page("ro");
    expect(await screen.findByText(/Bolt SRL a fost suspendat\. Motiv: unpaid invoices/)).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Notificări, 1 necitită" })).toBeInTheDocument();
  });
});
