// The buyer pages on a phone (issue 9, item 29): at 390x844 nothing may overflow the
// page sideways (document.documentElement.scrollWidth <= innerWidth) and the key
// elements must be on screen: the organisation switcher, the search and the first
// products before the category tree, the product page's price column.
//
// Uses the demo data `hansa up` loads into a fresh database (docs/demo-data.md).
// Run alone: node --test --test-reporter=spec tests/buyer-phone.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, SCREENSHOTS, screenshot } from "../lib/browser.mjs";
import { DIST_INDEX, startHansa } from "../lib/server.mjs";
import { h1, signIn, visible } from "../lib/ui.mjs";

const PHONE = { width: 390, height: 844 };
const BUYER = { email: "purchaser@nordbau.demo", password: "Hansa-Demo-2026" };
// a second company with a long name: the switcher must still fit
const LONG_NAME = "Nordbau Hoch- und Tiefbau Beteiligungsgesellschaft Süd-West mbH & Co. KG";

let server;
let browser;
let context;
let page;

before(async () => {
  assert.ok(existsSync(DIST_INDEX), `the web UI is not built (${DIST_INDEX}): run npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  server = await startHansa();
  console.log(`# hansa up on ${server.baseUrl} (log ${server.logPath})`);
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch(LAUNCH_OPTIONS);

  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...BUYER, mode: "bearer" }),
  });
  assert.equal(login.status, 200, "the demo buyer signs in (demo data loaded)");
  const { token } = await login.json();
  const org = await fetch(`${server.baseUrl}/api/v1/orgs`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: "buyer", name: LONG_NAME }),
  });
  assert.equal(org.status, 201, await org.text());

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

/** The page is no wider than the screen; on failure, the elements that stick out. */
async function fitsTheScreen(what) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => {
    const width = window.innerWidth;
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 0.5 && box.width > 0) out.push(`${el.tagName.toLowerCase()}.${el.className} (right ${Math.round(box.right)})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: out.slice(0, 8) };
  });
  assert.ok(scrollWidth <= innerWidth, `${what}: the page is ${scrollWidth}px wide on a ${innerWidth}px screen; sticking out: ${wide.join(", ")}`);
}

/** The element is visible and inside the screen's width (and, with `firstScreen`, its height) without scrolling sideways. */
async function onScreen(locator, what, { firstScreen = false } = {}) {
  const element = await visible(locator, what);
  const box = await element.boundingBox();
  assert.ok(box, `${what} has no box`);
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `${what} is outside the screen's width: x ${box.x}, width ${box.width}`);
  if (firstScreen) {
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(box.y + scrolled < PHONE.height, `${what} starts at ${Math.round(box.y + scrolled)}px, below the first screen (${PHONE.height}px)`);
  }
  return element;
}

function step(name, body) {
  return test(name, async () => {
    try {
      await body();
    } catch (err) {
      await screenshot(page, `FAILED-phone-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}`).catch(() => {});
      throw err;
    }
  });
}

describe("buyer pages at 390x844 (issue 9, item 29)", () => {
  step("the shell and the organisation switcher fit the screen", async () => {
    await signIn(page, BUYER.email, BUYER.password);
    await page.waitForURL(/\/app(\/|$)/, { timeout: 15_000 });
    const switcher = page.getByLabel("Organisation", { exact: true });
    await onScreen(switcher, "the organisation switcher");
    await switcher.selectOption({ label: `${LONG_NAME} · Buyer company` });
    await page.waitForFunction((name) => document.querySelector("#org-switcher")?.selectedOptions[0]?.textContent?.startsWith(name), LONG_NAME);
    await fitsTheScreen("the shell with a long organisation name");
    await onScreen(switcher, "the switcher showing the long name");
    await onScreen(page.getByRole("button", { name: "Sign out", exact: true }), "Sign out");
    await onScreen(page.getByRole("button", { name: /Menu/ }), "the menu button");
    await screenshot(page, "phone-shell");
    // back to the demo company, whose suppliers have prices for it
    await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Nordbau Construction AG · Buyer company" });
    await page.waitForURL(/\/app$/);
  });

  step("the listing shows search and products first, the category tree on demand", async () => {
    await page.goto("/app/browse/fasteners");
    await visible(h1(page, "Fasteners & Fixings"), "the marketplace page");
    const firstProduct = page.locator("ul.cards li h3 a").first();
    await visible(firstProduct, "a product card");
    await fitsTheScreen("the listing");
    await onScreen(page.getByRole("searchbox", { name: /^Search in/ }), "the search box", { firstScreen: true });
    await onScreen(firstProduct, "the first product", { firstScreen: true });
    await screenshot(page, "phone-listing");
    // the tree opens on demand, a category narrows the list and folds it away again
    const toggle = page.getByRole("button", { name: /^Categories/ });
    await onScreen(toggle, "the categories button", { firstScreen: true });
    await toggle.click();
    await page.getByRole("button", { name: "Hex Bolts", exact: true }).click();
    await page.waitForURL(/category=/);
    await visible(page.getByRole("button", { name: /^Categories: Hex Bolts/ }), "the chosen category on the button");
    await visible(h1(page, "Hex Bolts"), "the category page (search results of the category)");
    await visible(page.locator("ul.cards li h3 a", { hasText: "Hex bolt" }), "a hex bolt");
    await fitsTheScreen("the listing of a category");
    await onScreen(page.locator("ul.cards li h3 a").first(), "the first hex bolt", { firstScreen: true });
  });

  step("the product page shows the price column on screen", async () => {
    await page.locator("ul.cards li h3 a").first().click();
    await visible(page.getByRole("link", { name: /Back to the products/ }), "the product page");
    await fitsTheScreen("the product page");
    const price = page.locator("[data-label='Your price']").first();
    await onScreen(price, "the first variant's price");
    assert.match(await price.innerText(), /€/, "a price in euros");
    await onScreen(page.locator("[data-label='SKU']").first(), "the first variant's SKU");
    await screenshot(page, "phone-product");
    // the back link keeps the category
    await page.getByRole("link", { name: /Back to the products/ }).click();
    await page.waitForURL(/category=/);
    await fitsTheScreen("the listing after the way back");
  });
});
