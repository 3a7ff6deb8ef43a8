import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { renderWithI18n } from "../../../test/utils";
import { DecimalInput } from "./numbers";

function Harness({ initial, onValue }: { initial: string; onValue: (value: string | null) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <DecimalInput
        label="Target price"
        value={value}
        invalidMessage="Not a number"
        onValue={(next) => {
          onValue(next);
          if (next !== null) setValue(next);
        }}
      />
      <button type="button" onClick={() => setValue("12.5")}>
        reset
      </button>
    </>
  );
}

describe("DecimalInput", () => {
  it("shows the API's decimal in Romanian separators and reads what is typed the same way", async () => {
    const onValue = vi.fn();
    renderWithI18n(<Harness initial="0.090000" onValue={onValue} />, "ro");
    const input = screen.getByLabelText("Target price");
    expect(input).toHaveValue("0,09");
    await userEvent.clear(input);
    await userEvent.type(input, "1.234,5");
    expect(onValue).toHaveBeenLastCalledWith("1234.5");
    expect(input).not.toHaveAttribute("aria-invalid");
    await userEvent.tab();
    expect(input).toHaveValue("1234,5");
  });

  it("reads English separators in English", async () => {
    const onValue = vi.fn();
    renderWithI18n(<Harness initial="" onValue={onValue} />, "en");
    await userEvent.type(screen.getByLabelText("Target price"), "1,234.75");
    expect(onValue).toHaveBeenLastCalledWith("1234.75");
  });

  it("answers null and names the problem while the text is not a number, and empty as \"\"", async () => {
    const onValue = vi.fn();
    renderWithI18n(<Harness initial="5" onValue={onValue} />, "en");
    const input = screen.getByLabelText("Target price");
    await userEvent.type(input, "x");
    expect(onValue).toHaveBeenLastCalledWith(null);
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Not a number")).toBeInTheDocument();
    await userEvent.clear(input);
    expect(onValue).toHaveBeenLastCalledWith("");
    expect(screen.queryByText("Not a number")).not.toBeInTheDocument();
  });

  it("keeps a half-typed number when the parent stores none for it (\"0,\" on the way to \"0,09\")", async () => {
    function NullAsEmpty({ onValue }: { onValue: (value: string | null) => void }) {
      const [value, setValue] = useState<string | null>("");
      return (
        <DecimalInput
          label="Counter price"
          value={value ?? ""}
          invalidMessage="Not a number"
          onValue={(next) => {
            onValue(next);
            setValue(next);
          }}
        />
      );
    }
    const onValue = vi.fn();
    renderWithI18n(<NullAsEmpty onValue={onValue} />, "ro");
    await userEvent.type(screen.getByLabelText("Counter price"), "0,09");
    expect(screen.getByLabelText("Counter price")).toHaveValue("0,09");
    expect(onValue).toHaveBeenLastCalledWith("0.09");
  });

  it("shows a value the parent sets", async () => {
    renderWithI18n(<Harness initial="1" onValue={() => undefined} />, "ro");
    await userEvent.click(screen.getByRole("button", { name: "reset" }));
    expect(screen.getByLabelText("Target price")).toHaveValue("12,5");
  });
});
