import { notifyManager } from "@tanstack/react-query";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { json, mockApi, problem, renderWithI18n, type Recorded } from "../test/utils";
import { BuyerPicker, DEBOUNCE_MS, type BuyerRef } from "./BuyerPicker";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// The directory search is a query: its answers reach the picker through TanStack Query's
// notifier, which by default waits on setTimeout; the debounce test fakes setTimeout.
beforeAll(() => notifyManager.setScheduler(queueMicrotask));
afterAll(() => notifyManager.setScheduler((callback) => setTimeout(callback, 0)));

const DIRECTORY = "GET /api/v1/suppliers/acme/buyer-directory";
const NORDBAU = { id: "b-1", name: "Nordbau GmbH", is_customer: true };
const NORDSTERN = { id: "b-2", name: "Nordstern SRL", is_customer: false };

function directory(): Recorded[] {
  return mockApi({ [DIRECTORY]: () => json({ items: [NORDBAU, NORDSTERN] }) });
}

function Harness({ multiple = false, initial = [] as BuyerRef[], onChange }: { multiple?: boolean; initial?: BuyerRef[]; onChange?: (next: BuyerRef[]) => void }) {
  const [value, setValue] = useState<BuyerRef[]>(initial);
  return (
    <BuyerPicker
      slug="acme"
      label="Buyer company"
      multiple={multiple}
      value={value}
      onChange={(next) => {
        setValue(next);
        onChange?.(next);
      }}
    />
  );
}

describe("BuyerPicker", () => {
  it("searches after two characters and picks with the keyboard", async () => {
    const calls = directory();
    const onChange = vi.fn();
    const user = userEvent.setup();
    renderWithI18n(<Harness onChange={onChange} />);
    const input = screen.getByRole("combobox", { name: "Buyer company" });
    await user.type(input, "n");
    expect(screen.getByRole("listbox", { hidden: true })).not.toBeVisible();
    await user.type(input, "o");
    expect(await screen.findByRole("option", { name: /Nordbau GmbH/ })).toBeVisible();
    expect(screen.getByRole("option", { name: /Nordbau GmbH/ })).toHaveTextContent("already a customer");
    expect(screen.getByRole("status")).toHaveTextContent("2 companies found");
    const searches = calls.filter((c) => c.path.endsWith("/buyer-directory"));
    expect(searches.map((c) => c.search.get("q"))).toEqual(["no"]);

    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(input).toHaveAttribute("aria-activedescendant", screen.getByRole("option", { name: /Nordstern/ }).id);
    expect(screen.getByRole("option", { name: /Nordstern/ })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(onChange).toHaveBeenLastCalledWith([{ id: "b-2", name: "Nordstern SRL" }]);
    expect(screen.getByRole("list", { name: "Chosen for Buyer company" })).toHaveTextContent("Nordstern SRL");
    expect(input).toHaveValue("");
    expect(input).toHaveAttribute("aria-expanded", "false");
  });

  it("replaces the company in single mode and keeps several as removable chips in multi mode", async () => {
    directory();
    const user = userEvent.setup();
    const single = vi.fn();
    const { unmount } = renderWithI18n(<Harness initial={[{ id: "b-9", name: "Old Buyer AG" }]} onChange={single} />);
    await user.type(screen.getByRole("combobox"), "nord");
    await user.click(await screen.findByRole("option", { name: /Nordbau/ }));
    expect(single).toHaveBeenLastCalledWith([{ id: "b-1", name: "Nordbau GmbH" }]);
    unmount();

    const multi = vi.fn();
    renderWithI18n(<Harness multiple initial={[{ id: "b-9", name: "Old Buyer AG" }]} onChange={multi} />);
    const input = screen.getByRole("combobox");
    await user.type(input, "nord");
    await user.click(await screen.findByRole("option", { name: /Nordbau/ }));
    expect(multi).toHaveBeenLastCalledWith([
      { id: "b-9", name: "Old Buyer AG" },
      { id: "b-1", name: "Nordbau GmbH" },
    ]);
    // a chosen company is not offered again
    await user.type(input, "nord");
    expect(await screen.findByRole("option", { name: /Nordstern/ })).toBeVisible();
    expect(screen.queryByRole("option", { name: /Nordbau/ })).toBeNull();
    await user.keyboard("{Escape}");
    expect(input).toHaveAttribute("aria-expanded", "false");
    await user.click(screen.getByRole("button", { name: "Remove Old Buyer AG" }));
    expect(multi).toHaveBeenLastCalledWith([{ id: "b-1", name: "Nordbau GmbH" }]);
    expect(screen.queryByText("Old Buyer AG")).toBeNull();
  });

  it("asks once the typing has settled", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const calls = directory();
    renderWithI18n(<Harness />);
    for (const typed of ["n", "no", "nor", "nord", "nordb"]) fireEvent.change(screen.getByRole("combobox"), { target: { value: typed } });
    expect(calls.filter((c) => c.path.endsWith("/buyer-directory"))).toEqual([]);
    expect(screen.getByRole("status")).toHaveTextContent("Searching…");
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    });
    vi.useRealTimers();
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("2 companies found"));
    expect(calls.filter((c) => c.path.endsWith("/buyer-directory")).map((c) => c.search.get("q"))).toEqual(["nordb"]);
  });

  it("says why a pending supplier cannot search, and when nothing matches", async () => {
    mockApi({ [DIRECTORY]: () => problem(403, "customers.supplier_not_approved") });
    const user = userEvent.setup();
    const { unmount } = renderWithI18n(<Harness />);
    await user.type(screen.getByRole("combobox"), "nord");
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("once the operator has approved your supplier account"));
    unmount();
    vi.unstubAllGlobals();
    mockApi({ [DIRECTORY]: () => json({ items: [] }) });
    renderWithI18n(<Harness />, "ro");
    await user.type(screen.getByRole("combobox"), "zzz");
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Nicio companie cumpărătoare activă nu se potrivește."));
  });
});
