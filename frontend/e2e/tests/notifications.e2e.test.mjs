// Browser tests of issue 9, items 26 and 27, against a real server (`hansa up`): the bell
// counts a supplier owner's unread notifications and the list marks them read; a suspended
// supplier's console says why; a purchaser sees no member-management buttons. Set-up goes
// through the API.
//
// Run alone: node --test --test-reporter=spec tests/notifications.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, newPerson, SCREENSHOTS, screenshot } from "../lib/browser.mjs";
import { createOperator, DIST_INDEX, startHansa, waitForMail } from "../lib/server.mjs";
import { click, gone, h1, link, signIn, visible } from "../lib/ui.mjs";
import { apiCall as callApi, apiUser as signUpByApi } from "../lib/api.mjs";

const RUN = Date.now().toString(36);
const PASSWORD = "Correct-horse-42";
const OPERATOR = { email: `ntf-operator-${RUN}@hansa.example`, name: "Otto Operator", password: "Operator-pass-42" };
const OWNER = { email: `ntf-owner-${RUN}@supplier.example`, name: "Sara Supplier" };
const BUYER = { email: `ntf-buyer-${RUN}@buyer.example`, name: "Bob Buyer" };
const PURCHASER = { email: `ntf-purchaser-${RUN}@buyer.example`, name: "Pia Purchaser" };
const COMPANY = `Notice ${RUN} SRL`;
const REASON = "unpaid invoices since March";

let server;
let browser;
const people = [];
const tokens = {};
let supplierId;

const apiCall = (method, path, body, token) => callApi(server, method, path, body, token);

const apiUser = (person, password = PASSWORD) => signUpByApi(server, person, password);

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  assert.ok(existsSync(DIST_INDEX), `the web UI is not built (${DIST_INDEX}): run npm run build`);
  server = await startHansa();
  await createOperator(server, OPERATOR);
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch(LAUNCH_OPTIONS);
  tokens.operator = (await apiCall("POST", "/auth/login", { email: OPERATOR.email, password: OPERATOR.password, mode: "bearer" })).data.token;

  tokens.owner = await apiUser(OWNER);
  const org = await apiCall("POST", "/orgs", { kind: "supplier", name: COMPANY, slug: `notice-${RUN}` }, tokens.owner);
  assert.equal(org.status, 201, JSON.stringify(org.data));
  supplierId = org.data.id;
  assert.equal((await apiCall("POST", `/operator/tenants/${supplierId}/approve`, {}, tokens.operator)).status, 200);

  tokens.buyer = await apiUser(BUYER);
  const buyer = await apiCall("POST", "/orgs", { kind: "buyer", name: `Build ${RUN} SA` }, tokens.buyer);
  assert.equal(buyer.status, 201, JSON.stringify(buyer.data));
  const invited = await apiCall("POST", `/orgs/${buyer.data.id}/invitations`, { email: PURCHASER.email, role: "purchaser" }, tokens.buyer);
  assert.equal(invited.status, 201, JSON.stringify(invited.data));
  const invitation = await waitForMail(server, PURCHASER.email, "You are invited");
  const invitationToken = /Invitation token: (\S+)/.exec(invitation.body)[1];
  tokens.purchaser = await apiUser(PURCHASER);
  assert.equal((await apiCall("POST", "/invitations/accept", { token: invitationToken }, tokens.purchaser)).status, 200);
});

after(async () => {
  for (const p of people) await p.context.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.log(`# hansa up log (tail):\n${server.logTail(40).replace(/^/gm, "#   ")}`);
    await server.stop();
  }
});

async function signedIn(email) {
  const p = await newPerson(browser, server.baseUrl);
  people.push(p);
  await signIn(p.page, email, PASSWORD);
  await p.page.waitForURL(/\/app(\/|$)/, { timeout: 15_000 });
  return p.page;
}

test("the bell counts the supplier owner's unread notifications; the list words them and marks them read", async () => {
  const page = await signedIn(OWNER.email);
  try {
    await click(page, "Notifications, 1 unread", "link");
    await visible(h1(page, "Notifications"), `h1 "Notifications"`);
    await visible(page.getByText(`${COMPANY} was approved: it can now be listed on marketplaces.`), "the approval");
    await screenshot(page, "notifications-unread");
    await click(page, "Mark all read");
    await visible(page.getByText("Every notification is marked read."), "the confirmation");
    await visible(link(page, "Notifications"), "the bell without a count");
  } catch (err) {
    await screenshot(page, "FAILED-notifications-bell").catch(() => {});
    throw err;
  }
});

test("a suspended supplier's console says why", async () => {
  const suspended = await apiCall("POST", `/operator/tenants/${supplierId}/suspend`, { reason: REASON }, tokens.operator);
  assert.equal(suspended.status, 200, JSON.stringify(suspended.data));
  const page = await signedIn(OWNER.email);
  try {
    await visible(page.getByText(`Reason given by the operator: ${REASON}`), "the suspension reason");
    await visible(link(page, "Notifications, 1 unread"), "the bell counting the suspension");
    await screenshot(page, "notifications-suspended");
  } catch (err) {
    await screenshot(page, "FAILED-notifications-suspended").catch(() => {});
    throw err;
  }
});

test("a purchaser sees the team but no role menus or Remove buttons, and no API keys page", async () => {
  const page = await signedIn(PURCHASER.email);
  try {
    await click(page, "Team", "link");
    await visible(h1(page, "Team"), `h1 "Team"`);
    await visible(page.getByRole("cell", { name: BUYER.email }), "the owner's row");
    await visible(page.getByRole("button", { name: "Leave", exact: true }), "Leave on the purchaser's own row");
    assert.equal(await page.getByRole("button", { name: "Remove", exact: true }).count(), 0);
    assert.equal(await page.getByRole("combobox", { name: /Access level for/ }).count(), 0);
    await gone(page.getByRole("heading", { name: "Invite a colleague" }), "the invitation form");
    assert.equal(await link(page, "API keys").count(), 0);
    await screenshot(page, "team-purchaser");
  } catch (err) {
    await screenshot(page, "FAILED-team-purchaser").catch(() => {});
    throw err;
  }
});
