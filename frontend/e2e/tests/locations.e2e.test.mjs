// A buyer company's locations (issue 11, item 1): the demo buyer's admin finds the
// seeded locations with their defaults, adds one (a bad country code is refused next
// to its field), makes it the default ship-to; a purchaser reads them without edit controls.
//
// Uses the demo data `hansa up` loads into a fresh database (docs/demo-data.md).
// Run alone: node --test --test-reporter=spec tests/locations.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, newPerson, screenshot } from "../lib/browser.mjs";
import { DIST_INDEX, startHansa } from "../lib/server.mjs";
import { button, click, gone, h1, signIn, visible } from "../lib/ui.mjs";

const PASSWORD = "Hansa-Demo-2026";

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

test("an admin adds a location and makes it the default ship-to; a purchaser only reads", async () => {
  const admin = await newPerson(browser, server.baseUrl);
  const { page } = admin;
  await signIn(page, "admin@nordbau.demo", PASSWORD);
  await click(page, "Locations", "link");
  await visible(h1(page, "Locations"));
  await visible(row(page, "Head office").getByText("Default ship-to", { exact: true }), "Head office as the default ship-to");
  await visible(row(page, "Site Kiel harbour"), "the seeded Kiel site");

  await click(page, "Add location");
  const form = page.getByRole("form", { name: "Add location" });
  await form.getByRole("textbox", { name: /^Name/ }).fill("Depot Rostock");
  await form.getByRole("textbox", { name: /^Address(?! line)/ }).fill("Am Strande 3");
  await form.getByRole("textbox", { name: /^City/ }).fill("Rostock");
  await form.getByRole("textbox", { name: /^Country/ }).fill("D");
  await form.getByRole("button", { name: "Add location", exact: true }).click();
  await visible(form.getByText("Enter a two-letter country code, e.g. RO."), "the country complaint next to its field");
  await form.getByRole("textbox", { name: /^Country/ }).fill("de");
  await form.getByRole("button", { name: "Add location", exact: true }).click();
  await visible(page.getByText("Depot Rostock saved."), "the saved notice");

  await row(page, "Depot Rostock").getByRole("button", { name: "Make default ship-to", exact: true }).click();
  await visible(row(page, "Depot Rostock").getByText("Default ship-to", { exact: true }), "Rostock as the default ship-to");
  await gone(row(page, "Head office").getByText("Default ship-to", { exact: true }), "Head office as the default ship-to");
  await screenshot(page, "buyer-locations");
  assert.deepEqual(admin.problems, []);

  const purchaser = await newPerson(browser, server.baseUrl);
  await signIn(purchaser.page, "purchaser@nordbau.demo", PASSWORD);
  await click(purchaser.page, "Locations", "link");
  await visible(row(purchaser.page, "Depot Rostock").getByText("Default ship-to", { exact: true }), "the purchaser sees the new default");
  assert.equal(await button(purchaser.page, "Add location").count(), 0);
  assert.equal(await purchaser.page.getByRole("button", { name: "Edit", exact: true }).count(), 0);
  await admin.context.close();
  await purchaser.context.close();
});
