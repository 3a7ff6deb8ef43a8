import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useI18n } from "./context";
import { I18nProvider, LOCALE_STORAGE_KEY } from "./I18nProvider";

function Probe() {
  const { t, currency } = useI18n();
  return (
    <p>
      {t("app.signOut")} {currency(10, "EUR")}
    </p>
  );
}

function Page() {
  return (
    <I18nProvider>
      <LanguageSwitch />
      <Probe />
    </I18nProvider>
  );
}

describe("language switch", () => {
  it("switches the UI to Romanian and remembers the choice across reloads", async () => {
    const user = userEvent.setup();
    const first = render(<Page />);
    expect(screen.getByText(/Sign out/)).toBeInTheDocument();
    const select = screen.getByLabelText("Language");
    expect(screen.getByRole("option", { name: "English" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Română" })).toBeInTheDocument();

    await user.selectOptions(select, "Română");
    expect(screen.getByText(/Deconectare/)).toBeInTheDocument();
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("ro");
    expect(document.documentElement.lang).toBe("ro");

    first.unmount();
    render(<Page />);
    expect(screen.getByLabelText("Limba")).toHaveValue("ro");
    expect(screen.getByText(/Deconectare 10,00\sEUR/)).toBeInTheDocument();
  });

  it("ignores an unknown stored language", () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, "xx");
    render(<Page />);
    expect(screen.getByLabelText("Language")).toHaveValue("en");
  });
});
