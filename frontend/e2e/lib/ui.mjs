// Small helpers over playwright-core (which has no `expect`): waits with clear
// failure messages, and the steps the journeys share. Selectors follow the UI
// contract: accessible names of headings, fields, buttons and links.

import assert from "node:assert/strict";

export const TIMEOUT = 15_000;

function describe(locator) {
  return String(locator).replace(/^Locator@/, "");
}

/** Wait until `locator` is visible; the error says what was looked for, where, and what was seen. */
export async function visible(locator, what = describe(locator), timeout = TIMEOUT) {
  try {
    await locator.first().waitFor({ state: "visible", timeout });
  } catch (err) {
    const page = locator.page();
    const h1 = await page.locator("h1").allInnerTexts().catch(() => []);
    const alerts = await page.getByRole("alert").allInnerTexts().catch(() => []);
    throw new Error(
      `expected ${what} on ${page.url()} within ${timeout / 1000}s; ` +
        `h1: ${JSON.stringify(h1)}; alerts: ${JSON.stringify(alerts)}\n${err.message.split("\n")[0]}`,
    );
  }
  return locator.first();
}

/** Wait until nothing matching `locator` is visible. */
export async function gone(locator, what = describe(locator), timeout = TIMEOUT) {
  try {
    await locator.first().waitFor({ state: "hidden", timeout });
  } catch {
    throw new Error(`expected no ${what} on ${locator.page().url()} within ${timeout / 1000}s`);
  }
}

export const h1 = (page, name) => page.getByRole("heading", { level: 1, name, exact: true });
export const field = (page, name) => page.getByLabel(name, { exact: true });
export const button = (page, name) => page.getByRole("button", { name, exact: true });
export const link = (page, name) => page.getByRole("link", { name, exact: true });

/** Fill a labelled field (failing clearly when the label is missing). */
export async function fill(page, label, value) {
  const input = await visible(field(page, label), `field "${label}"`);
  await input.fill(value);
}

export async function click(page, name, role = "button") {
  const target = await visible(page.getByRole(role, { name, exact: true }), `${role} "${name}"`);
  await target.click();
}

/** Choose an option of a labelled <select> by value or label (case-insensitive). */
export async function choose(page, label, wanted) {
  const select = await visible(field(page, label), `select "${label}"`);
  const options = await select.locator("option").evaluateAll((els) =>
    els.map((o) => ({ value: o.value, label: (o.textContent || "").trim() })),
  );
  const w = wanted.toLowerCase();
  const option =
    options.find((o) => o.value.toLowerCase() === w || o.label.toLowerCase() === w) ??
    options.find((o) => o.label.toLowerCase().includes(w));
  assert.ok(option, `select "${label}" has no option "${wanted}" (options: ${JSON.stringify(options)})`);
  await select.selectOption(option.value);
  return option;
}

/** The label of the selected option of a labelled <select>. */
export async function selectedLabel(page, label) {
  const select = await visible(field(page, label), `select "${label}"`);
  return select.evaluate((el) => (el.selectedOptions[0]?.textContent || "").trim());
}

/** Fill a field only if the page shows it and it is still empty (prefilled forms stay as they are). */
export async function fillIfEmpty(page, label, value) {
  const input = field(page, label);
  if ((await input.count()) === 0 || !(await input.first().isVisible())) return false;
  if ((await input.first().inputValue()) !== "") return false;
  await input.first().fill(value);
  return true;
}

/**
 * What is said about a field right next to it: the text of its aria-describedby /
 * aria-errormessage targets, and the text of its own wrapper (the smallest ancestor
 * holding its label, short of the form) minus the label; plus aria-invalid.
 */
export async function fieldNotes(page, label) {
  const input = await visible(field(page, label), `field "${label}"`);
  return input.evaluate((el, labelText) => {
    const ids = `${el.getAttribute("aria-describedby") || ""} ${el.getAttribute("aria-errormessage") || ""}`
      .split(/\s+/)
      .filter(Boolean);
    const described = ids
      .map((id) => document.getElementById(id)?.textContent?.trim() || "")
      .filter(Boolean)
      .join(" ");
    let wrapper = el.parentElement;
    while (wrapper && !wrapper.textContent.includes(labelText) && wrapper.tagName !== "FORM") {
      wrapper = wrapper.parentElement;
    }
    const near = wrapper && wrapper.tagName !== "FORM" ? wrapper.textContent.replace(labelText, "").trim() : "";
    return { invalid: el.getAttribute("aria-invalid") === "true", described, near };
  }, label);
}

/**
 * Submit with `submit()` and return the error that appears next to the field:
 * the new text in its description or wrapper (a hint that was there before does
 * not count). Fails when none appears within `timeout`.
 */
export async function errorNextTo(page, label, submit, timeout = TIMEOUT) {
  const before = await fieldNotes(page, label);
  await submit();
  const strip = (text, old) => (old ? text.replace(old, "") : text).trim();
  const deadline = Date.now() + timeout;
  for (;;) {
    const now = await fieldNotes(page, label);
    const added = strip(now.described, before.described) || strip(now.near, before.near);
    if (added) return { ...now, text: added };
    if (Date.now() > deadline) {
      const alerts = await page.getByRole("alert").allInnerTexts();
      throw new Error(
        `no error appeared next to the field "${label}" within ${timeout / 1000}s ` +
          `(aria-invalid=${now.invalid}; alerts elsewhere: ${JSON.stringify(alerts)})`,
      );
    }
    await page.waitForTimeout(200);
  }
}

export async function signIn(page, email, password) {
  await page.goto("/signin");
  await fill(page, "Email", email);
  await fill(page, "Password", password);
  await click(page, "Sign in");
}

/** Open the e-mail verification link and expect the confirmation. */
export async function verifyEmail(page, url) {
  await page.goto(url.pathname + url.search);
  await visible(page.getByText("E-mail confirmed"), `"E-mail confirmed"`);
}
