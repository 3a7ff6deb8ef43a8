// Requisition lists (issue 11, item 4): the demo buyer's purchaser finds the seeded shared
// list, creates a list, adds a line by SKU alone (one supplier sells it), sees it priced
// today, and puts it in the cart; a viewer reads the shared list without edit controls.
//
// Uses the demo data `hansa up` loads into a fresh database (docs/demo-data.md).
// Run alone: node --test --test-reporter=spec tests/requisitions.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, newPerson, screenshot } from "../lib/browser.mjs";
import { DIST_INDEX, startHansa } from "../lib/server.mjs";
import { button, click, h1, signIn, visible } from "../lib/ui.mjs";

const PASSWORD = "Hansa-Demo-2026";
// the first demo supplier's first SKU; 60,000 is whole packs above every demo minimum
const SKU = "BN-00001-01";
const QUANTITY = "60000";

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

const row = (page, name) => page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });

test("a purchaser creates a list, adds a line by SKU and puts it in the cart; a viewer only reads", async () => {
  const purchaser = await newPerson(browser, server.baseUrl);
  const { page } = purchaser;
  await signIn(page, "purchaser@nordbau.demo", PASSWORD);
  await click(page, "Requisition lists", "link");
  await visible(h1(page, "Requisition lists"));
  await visible(page.getByRole("link", { name: "Weekly site supplies", exact: true }), "the seeded shared list");

  await click(page, "New list");
  const form = page.getByRole("form", { name: "New list" });
  await form.getByRole("textbox", { name: /^Name/ }).fill("Hamburg site");
  await form.getByRole("button", { name: "New list", exact: true }).click();
  await visible(h1(page, "Hamburg site"));
  await visible(page.getByText("This list has no lines yet.", { exact: false }), "the empty list");

  const add = page.getByRole("form", { name: "Add by SKU" });
  await add.getByRole("textbox", { name: /^SKU/ }).fill(SKU);
  await add.getByRole("textbox", { name: /^Quantity/ }).fill(QUANTITY);
  await add.getByRole("button", { name: "Add to list", exact: true }).click();
  const line = await visible(row(page, SKU), "the added line");
  const price = await line.getByRole("cell").nth(5).innerText();
  assert.match(price, /\d/, `the line is priced today (unit price cell: ${JSON.stringify(price)})`);

  await line.getByRole("checkbox", { name: `Select ${SKU}` }).check();
  await click(page, "Add 1 selected line to cart");
  await visible(page.getByText("1 line added to your cart."), "the cart notice");
  await screenshot(page, "requisition-list");
  assert.deepEqual(purchaser.problems, []);

  const viewer = await newPerson(browser, server.baseUrl);
  await signIn(viewer.page, "viewer@nordbau.demo", PASSWORD);
  await click(viewer.page, "Requisition lists", "link");
  await click(viewer.page, "Weekly site supplies", "link");
  await visible(h1(viewer.page, "Weekly site supplies"));
  assert.equal(await button(viewer.page, "Add all to cart").count(), 0);
  assert.equal(await viewer.page.getByRole("form", { name: "Add by SKU" }).count(), 0);
  await purchaser.context.close();
  await viewer.context.close();
});
