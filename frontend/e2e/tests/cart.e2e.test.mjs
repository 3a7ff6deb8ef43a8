// Quick order → cart (issue 11, items 2 and 3): the demo purchaser pastes SKUs (one with a
// quantity that breaks the pack rule, one unknown), sees the row report with the reasons,
// accepts the suggested quantity in one click, adds the ready rows to the cart, and finds
// them in the cart grouped by supplier with subtotals; the header badge counts the lines.
//
// Uses the demo data `hansa up` loads into a fresh database (docs/demo-data.md).
// Run alone: node --test --test-reporter=spec tests/cart.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, newPerson, screenshot } from "../lib/browser.mjs";
import { DIST_INDEX, startHansa } from "../lib/server.mjs";
import { click, h1, signIn, visible } from "../lib/ui.mjs";

const BUYER = { email: "purchaser@nordbau.demo", password: "Hansa-Demo-2026" };

let server;
let browser;

before(async () => {
  assert.ok(existsSync(DIST_INDEX), `the web UI is not built (${DIST_INDEX}): run npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  server = await startHansa();
  browser = await chromium.launch(LAUNCH_OPTIONS);
});

after(async () => {
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.log(`# hansa up log (tail):\n${server.logTail(40).replace(/^/gm, "#   ")}`);
    await server.stop();
  }
});

/** Two offers the purchaser can order (priced, a MOQ over 1) of two suppliers, read through the listing's API (the search index). */
async function orderableCards() {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...BUYER, mode: "bearer" }),
  });
  assert.equal(login.status, 200, "the demo buyer signs in (demo data loaded)");
  const headers = { authorization: `Bearer ${(await login.json()).token}` };
  const markets = await (await fetch(`${server.baseUrl}/api/v1/marketplaces`)).json();
  const found = [];
  for (const market of markets) {
    const page = await (await fetch(`${server.baseUrl}/api/v1/marketplaces/${market.slug}/search?limit=100`, { headers })).json();
    for (const offer of page.items.flatMap((item) => item.offers)) {
      if (offer.price && Number(offer.min_order_qty) > 1 && !found.some((c) => c.supplier.slug === offer.supplier.slug)) {
        found.push({ ...offer, order_sku: offer.sku, order_quantity: offer.price.quantity });
      }
      if (found.length === 2) return found;
    }
  }
  assert.fail(`two orderable single-variant products of two suppliers (found ${found.length})`);
}

test("a purchaser pastes SKUs, accepts a suggested quantity and finds the lines in the cart", async () => {
  const [first, second] = await orderableCards();
  const { page, context, problems } = await newPerson(browser, server.baseUrl);
  await signIn(page, BUYER.email, BUYER.password);
  await click(page, "Quick order", "link");
  await visible(h1(page, "Quick order"));
  // the first quantity is one below the smallest orderable one: it breaks the minimum or the pack
  const broken = String(Number(first.order_quantity) - 1);
  const paste = [`${first.order_sku}\t${broken}`, `${second.order_sku};${second.order_quantity}`, "NO-SUCH-SKU 5"].join("\n");
  await page.getByLabel("One SKU and quantity per line").fill(paste);
  await page.getByRole("region", { name: "Paste" }).getByRole("button", { name: "Check rows" }).click();
  await visible(page.getByText("1 ready, 2 rejected, 0 to choose"), "the report's summary");
  await visible(page.getByText("Unknown SKU.", { exact: true }), "the unknown SKU's reason");
  await page.getByRole("button", { name: /^Set the quantity to / }).first().click();
  await visible(page.getByText("2 ready, 1 rejected, 0 to choose"), "the suggestion accepted in one click");
  await screenshot(page, "quick-order-report");
  await click(page, "Add ready rows to cart");
  await visible(page.getByText("2 rows added to the cart."), "the added notice");
  await visible(page.getByRole("link", { name: "Cart, 2 lines" }), "the header badge");

  await click(page, "View cart", "link");
  await visible(h1(page, "Cart"));
  for (const card of [first, second]) {
    const section = page.getByRole("region", { name: card.supplier.name });
    await visible(section.getByText(card.order_sku, { exact: true }), `${card.order_sku} under ${card.supplier.name}`);
    await visible(section.getByText(/^Subtotal:/), `${card.supplier.name}'s subtotal`);
  }
  await visible(page.getByRole("link", { name: "Checkout" }), "the checkout button");
  await screenshot(page, "cart");
  assert.deepEqual(problems, []);
  await context.close();
});
