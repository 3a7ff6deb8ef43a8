// End-to-end browser tests of the Hansa web UI against a real server (`hansa up`
// with embedded PostgreSQL and Redis), driven by playwright-core on Debian's chromium.
//
// One server and one browser for the whole file; each person is a browser context
// of its own. Journeys are describe() blocks whose steps run in order: when a step
// fails, the later steps of that journey are skipped (their reason says so) and a
// screenshot `FAILED-<step>.png` of the page is saved.

import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";

import { launchBrowser, newPerson, screenshot } from "../lib/browser.mjs";
import { createOperator, DIST_INDEX, linkFrom, startHansa, waitForMail } from "../lib/server.mjs";
import {
  button,
  choose,
  click,
  errorNextTo,
  fill,
  fillIfEmpty,
  gone,
  h1,
  link,
  selectedLabel,
  signIn,
  verifyEmail,
  visible,
} from "../lib/ui.mjs";

const RUN = Date.now().toString(36);
const PASSWORD = "Correct-horse-42";
const OPERATOR = { email: `operator-${RUN}@hansa.example`, name: "Olga Operator", password: "Operator-pass-42" };
const SUPPLIER = {
  email: `owner-${RUN}@supplier.example`,
  name: "Sam Supplier",
  company: `Tools ${RUN} SRL`,
  slug: `tools-${RUN}`,
};
const COLLEAGUE = { email: `sales-${RUN}@supplier.example`, name: "Cora Colleague" };
const BUYER = { email: `buyer-${RUN}@buyer.example`, name: "Ben Buyer", company: `Buyer ${RUN} SA` };

const VERIFY_SUBJECT = "Confirm your e-mail address for Hansa";
const INVITE_SUBJECT = /You are invited to join/;

let server;
let browser;
const people = []; // browser contexts, closed in after()

before(async () => {
  const t0 = Date.now();
  server = await startHansa();
  console.log(`# hansa up on ${server.baseUrl} (data ${server.dataDir}, log ${server.logPath})`);
  await createOperator(server, OPERATOR);
  browser = await launchBrowser();
  console.log(`# set up in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
});

after(async () => {
  const t0 = Date.now();
  // each step is guarded, so a failure here cannot leave the server running
  for (const person of people) await person.context.close().catch(() => {});
  await browser?.close().catch((err) => console.error(`# closing chromium: ${err.message}`));
  if (server) {
    const failed = process.exitCode && process.exitCode !== 0;
    if (failed) console.log(`# hansa up log (tail):\n${server.logTail(40).replace(/^/gm, "#   ")}`);
    const exit = await server.stop();
    console.log(`# hansa up stopped (${JSON.stringify(exit)}); teardown ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
});

async function person() {
  const p = await newPerson(browser, server.baseUrl);
  people.push(p);
  return p;
}

/**
 * frontend/dist must be built (`npm test` checks it first). While someone rebuilds
 * it (Vite empties dist/ first) give the build up to a minute to come back.
 */
async function requireUi() {
  const deadline = Date.now() + 60_000;
  while (!existsSync(DIST_INDEX) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  assert.ok(
    existsSync(DIST_INDEX),
    `the web UI is not built (${DIST_INDEX} missing): run \`cd frontend && npm run build\` first`,
  );
}

/**
 * A journey: steps that run in order and share state. A failed step saves a
 * screenshot of `state.page` and skips the rest of the journey.
 */
function journey(name, define) {
  describe(name, () => {
    const state = { failed: null, page: null };
    define((stepName, body) =>
      test(stepName, async (t) => {
        if (state.failed) {
          t.skip(`skipped: the step "${state.failed}" failed`);
          return;
        }
        try {
          await requireUi();
          await body(state);
        } catch (err) {
          state.failed = stepName;
          if (state.page && !state.page.isClosed()) {
            const safe = stepName.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
            await screenshot(state.page, `FAILED-${safe}`).catch(() => {});
          }
          throw err;
        }
      }),
    );
  });
}

// ------------------------------------------------------------------------------------------------

describe("harness", () => {
  test("hansa up is ready and serves the development mail API", async () => {
    const ready = await fetch(`${server.baseUrl}/readyz`);
    assert.equal(ready.status, 200);
    const mail = await fetch(`${server.baseUrl}/api/v1/dev/mail`);
    assert.equal(mail.status, 200, "GET /api/v1/dev/mail (HANSA_ENV=development, no SMTP)");
  });

  test("the operator created by `hansa operators create` can log in", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: OPERATOR.email, password: OPERATOR.password, mode: "bearer" }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const me = await fetch(`${server.baseUrl}/api/v1/orgs`, {
      headers: { authorization: `Bearer ${(await res.json()).token}` },
    });
    const orgs = await me.json();
    assert.ok(JSON.stringify(orgs).includes("platform"), `operator's organisations: ${JSON.stringify(orgs)}`);
  });

  test("a queued mail arrives through the worker and carries a link", async () => {
    const email = `harness-${RUN}@example.com`;
    const res = await fetch(`${server.baseUrl}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, name: "Harness", password: PASSWORD }),
    });
    assert.equal(res.status, 202);
    const mail = await waitForMail(server, email, VERIFY_SUBJECT);
    const url = linkFrom(mail, "/verify-email");
    assert.equal(url.origin, server.baseUrl);
    assert.ok(url.searchParams.get("token"));
  });

  test("chromium (playwright-core) opens the server", async () => {
    const { page } = await person();
    const res = await page.goto("/readyz");
    assert.equal(res.status(), 200);
    assert.match(await page.locator("body").innerText(), /ok|ready/i);
  });
});

describe("public pages", () => {
  test("landing page: h1 Hansa", async () => {
    await requireUi();
    const { page, problems } = await person();
    await page.goto("/");
    await visible(h1(page, "Hansa"), `h1 "Hansa"`);
    await screenshot(page, "landing");
    assert.deepEqual(problems, [], "no page errors or 5xx answers");
  });

  test("sign-in page: Email, Password, Sign in", async () => {
    await requireUi();
    const { page } = await person();
    await page.goto("/signin");
    await visible(page.getByLabel("Email", { exact: true }), `field "Email"`);
    await visible(page.getByLabel("Password", { exact: true }), `field "Password"`);
    await visible(button(page, "Sign in"), `button "Sign in"`);
    await screenshot(page, "signin");
  });

  test("sign-up page: Supplier / Buyer company, fields, Create account", async () => {
    await requireUi();
    const { page } = await person();
    await page.goto("/signup");
    await visible(page.getByRole("radio", { name: "Supplier", exact: true }), `radio "Supplier"`);
    await visible(page.getByRole("radio", { name: "Buyer company", exact: true }), `radio "Buyer company"`);
    await page.getByRole("radio", { name: "Supplier", exact: true }).check();
    for (const label of ["Name", "Email", "Password", "Company name", "Supplier address (slug)"]) {
      await visible(page.getByLabel(label, { exact: true }), `field "${label}"`);
    }
    await visible(button(page, "Create account"), `button "Create account"`);
    await screenshot(page, "signup");
  });
});

// (a) supplier sign-up, approval, invitation ------------------------------------------------------

journey("supplier: sign up, verify, pending approval, operator approves, invite a colleague, suspend", (step) => {
  let owner; // { page, context }
  let operator;
  let colleague;
  let invitationUrl;

  step("the supplier signs up", async (s) => {
    owner = await person();
    const page = (s.page = owner.page);
    await page.goto("/signup");
    await visible(page.getByRole("radio", { name: "Supplier", exact: true }), `radio "Supplier"`);
    await page.getByRole("radio", { name: "Supplier", exact: true }).check();
    await fill(page, "Name", SUPPLIER.name);
    await fill(page, "Email", SUPPLIER.email);
    await fill(page, "Password", PASSWORD);
    await fill(page, "Company name", SUPPLIER.company);
    await fill(page, "Supplier address (slug)", SUPPLIER.slug);
    await click(page, "Create account");
    await visible(page.getByText("Check your e-mail"), `"Check your e-mail"`);
  });

  step("the supplier opens the link from the verification mail", async (s) => {
    const mail = await waitForMail(server, SUPPLIER.email, VERIFY_SUBJECT);
    await verifyEmail(s.page, linkFrom(mail, "/verify-email"));
    await screenshot(s.page, "verify-email");
  });

  step("first sign-in lands on onboarding; creating the organisation shows Pending approval", async (s) => {
    const page = s.page;
    await signIn(page, SUPPLIER.email, PASSWORD);
    await page.waitForURL(/\/app\/onboarding/, { timeout: 15_000 }).catch(() => {
      throw new Error(`after the first sign-in expected /app/onboarding, got ${page.url()}`);
    });
    await visible(button(page, "Create organisation"), `button "Create organisation"`);
    // the sign-up form asked for the company: the UI may prefill it here or ask again
    const supplierRadio = page.getByRole("radio", { name: "Supplier", exact: true });
    if ((await supplierRadio.count()) > 0 && !(await supplierRadio.isChecked())) await supplierRadio.check();
    await fillIfEmpty(page, "Company name", SUPPLIER.company);
    await fillIfEmpty(page, "Supplier address (slug)", SUPPLIER.slug);
    await screenshot(page, "onboarding");
    await click(page, "Create organisation");
    await visible(h1(page, "Supplier console"), `h1 "Supplier console"`);
    await visible(page.getByText("Pending approval"), `"Pending approval"`);
    await screenshot(page, "supplier-console-pending");
  });

  step("the supplier console header: Organisation, Language, Sign out; nav Team, API keys, Profile", async (s) => {
    const page = s.page;
    await visible(page.getByLabel("Organisation", { exact: true }), `select "Organisation"`);
    assert.match(await selectedLabel(page, "Organisation"), new RegExp(SUPPLIER.company));
    await visible(page.getByLabel("Language", { exact: true }), `select "Language"`);
    await visible(button(page, "Sign out"), `button "Sign out"`);
    for (const name of ["Team", "API keys", "Profile"]) await visible(link(page, name), `nav link "${name}"`);
  });

  step("the operator signs in, finds the supplier in Tenants and approves it", async (s) => {
    operator = await person();
    const page = (s.page = operator.page);
    await signIn(page, OPERATOR.email, OPERATOR.password);
    await visible(h1(page, "Operator console"), `h1 "Operator console"`);
    await visible(link(page, "Audit log"), `nav link "Audit log"`);
    await click(page, "Tenants", "link");
    await fill(page, "Search", SUPPLIER.slug);
    const row = page.getByRole("row").filter({ hasText: SUPPLIER.slug });
    await visible(row, `a tenants row with "${SUPPLIER.slug}"`);
    await screenshot(page, "operator-tenants");
    await visible(row.getByRole("button", { name: "Approve", exact: true }), `button "Approve" in its row`);
    await row.getByRole("button", { name: "Approve", exact: true }).click();
    // a confirmation dialog is allowed: confirm it
    const dialog = page.getByRole("dialog");
    if (await dialog.isVisible().catch(() => false)) {
      await dialog.getByRole("button", { name: "Approve", exact: true }).click();
    }
    await visible(row.getByRole("button", { name: "Suspend", exact: true }), `button "Suspend" in the approved row`);
    await gone(row.getByRole("button", { name: "Approve", exact: true }), `button "Approve" in the approved row`);
    await screenshot(page, "operator-tenants-approved");
  });

  step("the operator console shows the audit log", async (s) => {
    const page = s.page;
    await click(page, "Audit log", "link");
    await visible(page.getByRole("heading", { name: /audit log/i }), `a heading "Audit log"`);
    await screenshot(page, "operator-audit-log");
  });

  step("the supplier's owner reloads and no longer sees Pending approval", async (s) => {
    const page = (s.page = owner.page);
    await page.reload();
    await visible(h1(page, "Supplier console"), `h1 "Supplier console"`);
    await page.waitForLoadState("networkidle");
    await gone(page.getByText("Pending approval"), `"Pending approval" after approval`);
    await screenshot(page, "supplier-console");
  });

  step("the owner invites a colleague as sales from Team", async (s) => {
    const page = s.page;
    await click(page, "Team", "link");
    await visible(h1(page, "Team"), `h1 "Team"`);
    await fill(page, "Email address to invite", COLLEAGUE.email);
    await choose(page, "Role", "sales");
    await click(page, "Invite");
    await visible(page.getByText(COLLEAGUE.email), `the pending invitation of ${COLLEAGUE.email}`);
    await screenshot(page, "team");
  });

  step("API keys (create shown once, revoke) and Profile open from the navigation", async (s) => {
    const page = s.page;
    await click(page, "API keys", "link");
    await visible(page.getByRole("heading", { level: 1, name: /API keys/i }), `h1 "API keys"`);
    // create: the secret is shown once, works against the API, and revoking ends it
    await fill(page, "Name", `ERP ${RUN}`);
    await click(page, "Create API key");
    const secret = (await (await visible(page.getByText(/^hk_\w+_/), "the new API key")).innerText()).trim();
    await screenshot(page, "api-keys");
    const withKey = () => fetch(`${server.baseUrl}/api/v1/orgs`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal((await withKey()).status, 200, "the new key authenticates");
    await click(page, "I have saved the key");
    await gone(page.getByText(secret), "the secret after dismissing it");
    const row = page.getByRole("row").filter({ hasText: `ERP ${RUN}` });
    await (await visible(row.getByRole("button", { name: "Revoke", exact: true }), `button "Revoke"`)).click();
    await gone(row, "the revoked key's row");
    assert.equal((await withKey()).status, 401, "the revoked key no longer authenticates");
    await click(page, "Profile", "link");
    await visible(page.getByRole("heading", { level: 1, name: /Profile/i }), `h1 "Profile"`);
    await screenshot(page, "profile");
  });

  step("the colleague follows the invitation mail and signs up via /signup?invitation=…", async (s) => {
    const mail = await waitForMail(server, COLLEAGUE.email, INVITE_SUBJECT);
    invitationUrl = linkFrom(mail, "/invitations/");
    colleague = await person();
    const page = (s.page = colleague.page);
    await page.goto(invitationUrl.pathname);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "invitation-signed-out");
    const token = invitationUrl.pathname.split("/").pop();
    await page.goto(`/signup?invitation=${encodeURIComponent(token)}`);
    await fill(page, "Name", COLLEAGUE.name);
    await fillIfEmpty(page, "Email", COLLEAGUE.email);
    await fill(page, "Password", PASSWORD);
    await click(page, "Create account");
    await visible(page.getByText("Check your e-mail"), `"Check your e-mail"`);
  });

  step("the colleague verifies, signs in, accepts the invitation and sees the Supplier console", async (s) => {
    const page = s.page;
    const mail = await waitForMail(server, COLLEAGUE.email, VERIFY_SUBJECT);
    await verifyEmail(page, linkFrom(mail, "/verify-email"));
    await signIn(page, COLLEAGUE.email, PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"), { timeout: 15_000 });
    if (!page.url().includes("/invitations/")) await page.goto(invitationUrl.pathname);
    await click(page, "Accept invitation");
    await visible(h1(page, "Supplier console"), `h1 "Supplier console"`);
    await gone(page.getByText("Pending approval"), `"Pending approval"`);
    assert.match(await selectedLabel(page, "Organisation"), new RegExp(SUPPLIER.company));
    await screenshot(page, "supplier-console-colleague");
  });

  step("the operator suspends the supplier; its owner then sees it is suspended", async (s) => {
    const page = (s.page = operator.page);
    await click(page, "Tenants", "link");
    await fill(page, "Search", SUPPLIER.slug);
    const row = page.getByRole("row").filter({ hasText: SUPPLIER.slug });
    await (await visible(row.getByRole("button", { name: "Suspend", exact: true }), `button "Suspend"`)).click();
    // the UI may ask for a reason and a confirmation (in the row or in a dialog)
    const confirm = page.getByRole("button", { name: /confirm/i });
    if (await confirm.first().waitFor({ state: "visible", timeout: 2_000 }).then(() => true, () => false)) {
      const reason = page.getByLabel(/reason/i);
      if (await reason.count()) await reason.first().fill("E2E check");
      await confirm.first().click();
    }
    await visible(row.getByRole("button", { name: "Reactivate", exact: true }), `button "Reactivate" in the suspended row`);
    await screenshot(page, "operator-tenants-suspended");

    const ownerPage = (s.page = owner.page);
    await ownerPage.goto("/app");
    await ownerPage.waitForLoadState("networkidle");
    await visible(ownerPage.getByText(/suspended/i), `a "suspended" notice for the owner`);
    await screenshot(ownerPage, "supplier-console-suspended");
  });

  step("the operator reactivates it; the owner sees the console again", async (s) => {
    const page = (s.page = operator.page);
    const row = page.getByRole("row").filter({ hasText: SUPPLIER.slug });
    await (await visible(row.getByRole("button", { name: "Reactivate", exact: true }), `button "Reactivate"`)).click();
    const dialog = page.getByRole("dialog");
    if (await dialog.isVisible().catch(() => false)) {
      await dialog.getByRole("button", { name: "Reactivate", exact: true }).click();
    }
    await visible(row.getByRole("button", { name: "Suspend", exact: true }), `button "Suspend" in the reactivated row`);

    const ownerPage = (s.page = owner.page);
    await ownerPage.goto("/app");
    await visible(h1(ownerPage, "Supplier console"), `h1 "Supplier console"`);
    await ownerPage.waitForLoadState("networkidle");
    await gone(ownerPage.getByText(/suspended/i), `a "suspended" notice after reactivation`);
  });
});

// (b) buyer company, (d) language switch ---------------------------------------------------------

journey("buyer company: sign up, verify, portal, organisation switcher, language switch, sign out", (step) => {
  let buyer;

  step("the buyer company signs up", async (s) => {
    buyer = await person();
    const page = (s.page = buyer.page);
    await page.goto("/signup");
    await visible(page.getByRole("radio", { name: "Buyer company", exact: true }), `radio "Buyer company"`);
    await page.getByRole("radio", { name: "Buyer company", exact: true }).check();
    await fill(page, "Name", BUYER.name);
    await fill(page, "Email", BUYER.email);
    await fill(page, "Password", PASSWORD);
    await fill(page, "Company name", BUYER.company);
    assert.equal(
      await page.getByLabel("Supplier address (slug)", { exact: true }).isVisible(),
      false,
      "a buyer company has no supplier address",
    );
    await click(page, "Create account");
    await visible(page.getByText("Check your e-mail"), `"Check your e-mail"`);
  });

  step("the buyer verifies, signs in, creates the organisation and sees the Buyer portal", async (s) => {
    const page = s.page;
    const mail = await waitForMail(server, BUYER.email, VERIFY_SUBJECT);
    await verifyEmail(page, linkFrom(mail, "/verify-email"));
    await signIn(page, BUYER.email, PASSWORD);
    await page.waitForURL(/\/app\/onboarding/, { timeout: 15_000 }).catch(() => {
      throw new Error(`after the first sign-in expected /app/onboarding, got ${page.url()}`);
    });
    const buyerRadio = page.getByRole("radio", { name: "Buyer company", exact: true });
    if ((await buyerRadio.count()) > 0 && !(await buyerRadio.isChecked())) await buyerRadio.check();
    await fillIfEmpty(page, "Company name", BUYER.company);
    await click(page, "Create organisation");
    await visible(h1(page, "Buyer portal"), `h1 "Buyer portal"`);
    assert.match(await selectedLabel(page, "Organisation"), new RegExp(BUYER.company));
    await screenshot(page, "buyer-portal");
  });

  step("with a second organisation, the Organisation switcher moves between Buyer portal and Supplier console", async (s) => {
    const page = s.page;
    // the second organisation is made through the API (the UI's onboarding is for the first one)
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: BUYER.email, password: PASSWORD, mode: "bearer" }),
    });
    const { token } = await login.json();
    const created = await fetch(`${server.baseUrl}/api/v1/orgs`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: "supplier", name: `Side ${RUN} SRL`, slug: `side-${RUN}` }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    await page.reload();
    await visible(h1(page, "Buyer portal"), `h1 "Buyer portal"`);
    await choose(page, "Organisation", `Side ${RUN} SRL`);
    await visible(h1(page, "Supplier console"), `h1 "Supplier console" after switching`);
    await visible(page.getByText("Pending approval"), `"Pending approval" of the new supplier`);
    await choose(page, "Organisation", BUYER.company);
    await visible(h1(page, "Buyer portal"), `h1 "Buyer portal" after switching back`);
  });

  step("(d) switching the language to Română changes the visible text, and a reload keeps it", async (s) => {
    const page = s.page;
    const english = await page.locator("body").innerText();
    const option = await choose(page, "Language", "Română");
    assert.equal(option.label, "Română");
    await gone(h1(page, "Buyer portal"), `the English h1 "Buyer portal" after switching to Română`);
    await gone(button(page, "Sign out"), `the English button "Sign out" after switching to Română`);
    const romanian = await page.locator("body").innerText();
    assert.notEqual(romanian, english);
    await screenshot(page, "buyer-portal-ro");
    await page.reload();
    await page.waitForLoadState("networkidle");
    // the select keeps its accessible name or is found by its Romanian label
    const select = page.getByRole("combobox").filter({ has: page.locator("option", { hasText: "English" }) });
    await visible(select, "the language select after reload");
    assert.equal(
      await select.first().evaluate((el) => el.selectedOptions[0]?.textContent?.trim()),
      "Română",
      "the language is remembered after a reload",
    );
    assert.equal(await h1(page, "Buyer portal").count(), 0, "the h1 is still Romanian after the reload");
    await select.first().selectOption({ label: "English" });
    await visible(h1(page, "Buyer portal"), `h1 "Buyer portal" back in English`);
  });

  step("sign out leaves the app; /app then asks to sign in", async (s) => {
    const page = s.page;
    await click(page, "Sign out");
    await gone(h1(page, "Buyer portal"), `h1 "Buyer portal" after signing out`);
    await page.goto("/app");
    await page.waitForURL(/\/signin/, { timeout: 15_000 }).catch(() => {
      throw new Error(`after signing out /app should lead to /signin, got ${page.url()}`);
    });
  });
});

// (c) errors ---------------------------------------------------------------------------------------

describe("errors", () => {
  test("a wrong password shows an alert: Wrong e-mail or password", async () => {
    await requireUi();
    const { page } = await person();
    await signIn(page, OPERATOR.email, "Not-the-password-1");
    await visible(
      page.getByRole("alert").filter({ hasText: "Wrong e-mail or password" }),
      `an alert "Wrong e-mail or password"`,
    );
    await screenshot(page, "signin-wrong-password");
    assert.match(new URL(page.url()).pathname, /^\/signin/, "stays on the sign-in page");
  });

  test("an invalid sign-up form (too short password) shows the error next to the field", async () => {
    await requireUi();
    const { page } = await person();
    await page.goto("/signup");
    await visible(page.getByRole("radio", { name: "Buyer company", exact: true }), `radio "Buyer company"`);
    await page.getByRole("radio", { name: "Buyer company", exact: true }).check();
    await fill(page, "Name", "Short Password");
    await fill(page, "Email", `short-${RUN}@buyer.example`);
    await fill(page, "Password", "Ab1");
    await fill(page, "Company name", "Short Password SA");
    const error = await errorNextTo(page, "Password", () => click(page, "Create account"));
    await screenshot(page, "signup-invalid");
    assert.match(error.text, /10|character/i, `the error explains the length: "${error.text}"`);
    assert.equal(error.invalid, true, 'the Password input has aria-invalid="true"');
    assert.equal(await page.getByText("Check your e-mail").count(), 0, "the account was not created");
  });

  test("a server validation error (password equal to the e-mail) shows next to the field", async () => {
    await requireUi();
    const { page } = await person();
    const email = `same-${RUN}@buyer.example`; // 10+ characters, three kinds: only the server refuses it
    await page.goto("/signup");
    await visible(page.getByRole("radio", { name: "Buyer company", exact: true }), `radio "Buyer company"`);
    await page.getByRole("radio", { name: "Buyer company", exact: true }).check();
    await fill(page, "Name", "Same Password");
    await fill(page, "Email", email);
    await fill(page, "Password", email);
    await fill(page, "Company name", "Same Password SA");
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/signup"));
    const error = await errorNextTo(page, "Password", () => click(page, "Create account"));
    assert.equal((await answer).status(), 422, "the server refused the password");
    await screenshot(page, "signup-server-invalid");
    assert.match(error.text, /e-mail/i, `the server's reason is shown: "${error.text}"`);
    assert.equal(error.invalid, true, 'the Password input has aria-invalid="true"');
  });
});

// password reset, links in account mails -----------------------------------------------------------

/** Sign up and verify through the API (for tests about something else). */
async function apiUser(email, name, password = PASSWORD) {
  const post = (p, body) =>
    fetch(`${server.baseUrl}/api/v1${p}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  assert.equal((await post("/auth/signup", { email, name, password })).status, 202);
  const mail = await waitForMail(server, email, VERIFY_SUBJECT);
  const token = linkFrom(mail, "/verify-email").searchParams.get("token");
  assert.equal((await post("/auth/verify-email", { token })).status, 200);
  return post;
}

journey("password reset: forgot, mail link, new password, sign in", (step) => {
  const email = `reset-${RUN}@example.com`;
  const newPassword = "Brand-new-pass-7";

  step("the user asks for a reset link from the sign-in page", async (s) => {
    await apiUser(email, "Rita Reset");
    const { page } = await person();
    s.page = page;
    await page.goto("/signin");
    await click(page, "Forgot your password?", "link");
    await fill(page, "Email", email);
    await click(page, "Send reset link");
    await visible(page.getByText(/we have sent it a link/i), "the reset confirmation");
  });

  step("the link from the mail sets a new password, which signs in", async (s) => {
    const page = s.page;
    const mail = await waitForMail(server, email, "Reset your Hansa password");
    const url = linkFrom(mail, "/reset-password");
    await page.goto(url.pathname + url.search);
    await fill(page, "New password", newPassword);
    await click(page, "Set new password");
    await visible(page.getByText(/password has been changed/i), "the reset confirmation");
    await signIn(page, email, newPassword);
    await page.waitForURL(/\/app/, { timeout: 15_000 }).catch(() => {
      throw new Error(`signing in with the new password should lead to /app…, got ${page.url()}`);
    });
  });
});

describe("links in account mails", () => {
  test("the 'someone tried to sign up' mail links to pages the UI has (sign in, forgot password)", async () => {
    await requireUi();
    const email = `exists-${RUN}@example.com`;
    const post = await apiUser(email, "Erik Exists");
    assert.equal((await post("/auth/signup", { email, name: "Someone Else", password: PASSWORD })).status, 202);
    const mail = await waitForMail(server, email, "Someone tried to sign up");
    const { page } = await person();
    const links = [...mail.body.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => new URL(m[0]));
    assert.ok(links.length >= 2, `links in the mail: ${links.join(", ")}`);
    const missing = [];
    for (const url of links) {
      await page.goto(url.pathname + url.search);
      await page.waitForLoadState("networkidle");
      const notFound = await page.getByRole("heading", { level: 1, name: /not found|page.*(exist|found)/i }).count();
      const hasForm = await page.getByLabel("Email", { exact: true }).count();
      if (notFound || !hasForm) missing.push(url.pathname);
    }
    assert.deepEqual(
      missing,
      [],
      `links in the mail "${mail.subject}" land on the UI's not-found page: ${missing.join(", ")} ` +
        "(the UI routes /signin and /forgot-password)",
    );
  });
});

// two-factor sign-in --------------------------------------------------------------------------------

function totp(secretBase32, step = Math.floor(Date.now() / 30_000)) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

describe("two-factor sign-in", () => {
  test("a user with 2FA is asked for the Authentication code and gets in with it", async () => {
    await requireUi();
    // set up through the API: sign up, verify, enrol and turn on TOTP
    const email = `twofactor-${RUN}@example.com`;
    const api = (p, body, token) =>
      fetch(`${server.baseUrl}/api/v1${p}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body ?? {}),
      });
    assert.equal((await api("/auth/signup", { email, name: "Tove Twofactor", password: PASSWORD })).status, 202);
    const mail = await waitForMail(server, email, VERIFY_SUBJECT);
    const token = linkFrom(mail, "/verify-email").searchParams.get("token");
    assert.equal((await api("/auth/verify-email", { token })).status, 200);
    const login = await (await api("/auth/login", { email, password: PASSWORD, mode: "bearer" })).json();
    const { secret } = await (await api("/me/2fa/enrol", {}, login.token)).json();
    const step = Math.floor(Date.now() / 30_000);
    const on = await api("/me/2fa/verify", { code: totp(secret, step) }, login.token);
    assert.equal(on.status, 200, await on.clone().text());

    const { page } = await person();
    await signIn(page, email, PASSWORD);
    await fill(page, "Authentication code", totp(secret, step + 1)); // each step's code is accepted once
    await screenshot(page, "signin-2fa");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/app/, { timeout: 15_000 }).catch(() => {
      throw new Error(`after the authentication code expected /app…, got ${page.url()}`);
    });
  });
});

describe("development mail page", () => {
  test("/dev/mail lists the mails (h1 Mail (development))", async () => {
    await requireUi();
    const { page } = await person();
    await page.goto("/dev/mail");
    await visible(h1(page, "Mail (development)"), `h1 "Mail (development)"`);
    await visible(page.getByText(VERIFY_SUBJECT), `a mail "${VERIFY_SUBJECT}"`);
    await screenshot(page, "dev-mail");
  });
});
