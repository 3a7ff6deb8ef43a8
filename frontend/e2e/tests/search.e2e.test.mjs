// Search across suppliers (issue 13, item 9): a purchaser types "M8 inxo" (a typo) in the
// header, finds the demo's M8 stainless products, narrows by material and stock, and sees
// a supplier's price change in the results after its commit. On a phone-sized window too.
//
// Uses the demo data `hansa up` loads and indexes (docs/demo-data.md, docs/search.md).
// Run alone: node --test --test-reporter=spec tests/search.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";

import { apiCall as callApi } from "../lib/api.mjs";
import { CHROMIUM, LAUNCH_OPTIONS, SCREENSHOTS, screenshot } from "../lib/browser.mjs";
import { DIST_INDEX, startHansa } from "../lib/server.mjs";
import { h1, signIn, visible } from "../lib/ui.mjs";

const PASSWORD = "Hansa-Demo-2026";
const BUYER = "purchaser@nordbau.demo";
const SUPPLIER = { email: "owner@boltnut.demo", slug: "boltnut" };
const PHONE = { width: 390, height: 844 };
const RESULTS = "ul.search-results > li";

let server;
let browser;
let context;
let page;
const tokens = {};
const apiCall = (method, path, body, token) => callApi(server, method, path, body, token);

before(async () => {
  assert.ok(existsSync(DIST_INDEX), `the web UI is not built (${DIST_INDEX}): run npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  server = await startHansa();
  console.log(`# hansa up on ${server.baseUrl} (log ${server.logPath})`);
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch(LAUNCH_OPTIONS);
  for (const [who, email] of [["buyer", BUYER], ["supplier", SUPPLIER.email]]) {
    const login = await apiCall("POST", "/auth/login", { email, password: PASSWORD, mode: "bearer" });
    assert.equal(login.status, 200, `${email} signs in (demo data loaded)`);
    tokens[who] = login.data.token;
  }
  // the demo is indexed through the outbox after start-up: wait until the search answers
  const deadline = Date.now() + 240_000;
  for (;;) {
    const found = await apiCall("GET", "/marketplaces/fasteners/search?q=M8&limit=1", undefined, tokens.buyer);
    if (found.status === 200 && found.data.total > 0) break;
    assert.ok(Date.now() < deadline, `the demo is not searchable after 240 s: ${found.status} ${JSON.stringify(found.data).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  context = await browser.newContext({ baseURL: server.baseUrl, viewport: PHONE, locale: "en-GB", isMobile: true, hasTouch: true });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

after(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.log(`# hansa up log (tail):\n${server.logTail(40).replace(/^/gm, "#   ")}`);
    await server.stop();
  }
});

function step(name, body) {
  return test(name, async () => {
    try {
      await body();
    } catch (err) {
      await screenshot(page, `FAILED-search-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}`).catch(() => {});
      throw err;
    }
  });
}

/** The names of the results on the page, once no search is under way (the previous page stays while the next loads). */
async function resultNames() {
  await visible(page.locator(`${RESULTS} h3 a`).first(), "a result");
  await page.locator(".state--loading").waitFor({ state: "detached" });
  return page.locator(`${RESULTS} h3 a`).allInnerTexts();
}

async function noSidewaysScroll(what) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `${what}: ${scrollWidth}px wide on a ${innerWidth}px screen`);
}

describe("search across suppliers (issue 13, item 9)", () => {
  step("'M8 inxo' in the header finds the demo's M8 stainless products", async () => {
    await signIn(page, BUYER, PASSWORD);
    await page.waitForURL(/\/app(\/|$)/, { timeout: 15_000 });
    await page.goto("/app/browse/fasteners");
    await visible(h1(page, "Fasteners & Fixings"), "the marketplace page");
    const box = page.getByRole("combobox", { name: "Search products" });
    // type-ahead matches prefixes, and corrects a typo as the search does ("inxo": inox = stainless)
    await box.fill("M8 stain");
    await visible(page.getByRole("option").first(), "a suggestion");
    assert.match(await page.getByRole("option").first().innerText(), /stain/i);
    const typoAnswer = page.waitForResponse((r) => /\/suggest\?.*q=M8(\+|%20)inxo/.test(r.url()));
    await box.fill("M8 inxo");
    const answer = await (await typoAnswer).json();
    assert.ok(answer.products.some((p) => /stainless/i.test(p.label)), JSON.stringify(answer.products));
    await visible(page.getByRole("option", { name: /stainless/i }).first(), "a suggestion for the typo");
    await box.press("Enter");
    await page.waitForURL(/\/app\/search\/fasteners\?q=M8\+inxo/);
    // the answer has come: results, or the empty state
    await visible(page.locator(`${RESULTS} h3 a, .state--empty`).first(), "the answer");
    // the typo is corrected by the index ("Showing results for M8 inox", or "Did you mean M8 inox?")
    const corrected = page.locator(".search-page__did-you-mean a");
    await visible(corrected, "the corrected query");
    assert.equal((await corrected.innerText()).toLowerCase(), "m8 inox");
    await corrected.click();
    await page.waitForURL(/q=[Mm]8\+inox/);
    const names = await resultNames();
    assert.ok(names.length > 0, "results");
    assert.ok(names.every((name) => /\bM8\b/.test(name) || /M8/.test(name)), `every result is M8: ${names.join(" | ")}`);
    assert.ok(names.some((name) => /stainless/i.test(name)), `stainless products among them: ${names.join(" | ")}`);
    await noSidewaysScroll("the results on a phone");
    await screenshot(page, "search-results");
  });

  step("narrowing by material and stock keeps only stainless A2 in stock", async () => {
    await page.getByRole("button", { name: /^Filters/ }).click();
    await page.getByRole("group", { name: "Material" }).getByRole("checkbox", { name: /^stainless A2/ }).click();
    await page.waitForURL(/f\.attr\.material=stainless\+A2/);
    await page.getByRole("checkbox", { name: /^In stock only/ }).click();
    await page.waitForURL(/in_stock=1/);
    const names = await resultNames();
    assert.ok(names.length > 0, "stainless A2 in stock exists in the demo");
    assert.ok(names.every((name) => /stainless A2/.test(name)), `only stainless A2: ${names.join(" | ")}`);
    const badges = await page.locator(`${RESULTS} .badge`).allInnerTexts();
    assert.ok(!badges.includes("Out of stock"), "nothing out of stock");
    // the back button undoes the stock filter
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes("in_stock"));
    assert.equal(await page.getByRole("checkbox", { name: /^In stock only/ }).isChecked(), false);
    await page.goForward();
    await page.waitForURL(/in_stock=1/);
  });

  step("a supplier's price change shows in the results after its commit", async () => {
    const orgs = await apiCall("GET", "/orgs", undefined, tokens.buyer);
    const nordbau = orgs.data.find((org) => org.name.startsWith("Nordbau"));
    assert.ok(nordbau, "the demo buyer company");
    // a boltnut result's SKU, from the results shown
    const card = page.locator(RESULTS, { hasText: "BoltNut" }).first();
    await visible(card, "a BoltNut result");
    const sku = (await card.locator(".muted").first().innerText()).split("·").pop().trim();
    const contract = await apiCall(
      "POST",
      `/suppliers/${SUPPLIER.slug}/price-lists`,
      { name: `Search e2e ${Date.now()}`, kind: "contract", currency: "EUR", buyer_org_id: nordbau.id, priority: 1000 },
      tokens.supplier,
    );
    assert.equal(contract.status, 201, JSON.stringify(contract.data));
    const items = { items: [{ sku, tiers: [{ min_qty: "1", unit_price: "0.4242" }] }] };
    assert.equal((await apiCall("PUT", `/suppliers/${SUPPLIER.slug}/price-lists/${contract.data.id}/items`, items, tokens.supplier)).status, 200);
    // committed: the next search shows it (the buyer's price is resolved after the search)
    await page.reload();
    await visible(page.locator(RESULTS, { hasText: sku }).getByText("€0.4242"), `the new price of ${sku}`);
    await screenshot(page, "search-price-change");
  });
});
