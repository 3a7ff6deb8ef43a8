// Browser tests of issue 9, items 1, 2, 3 and 15, in the Romanian UI: a RON supplier's
// new price list starts in RON; prices and quantities are typed with decimal commas
// and thousands points and shown without trailing zeros; the SKU filter matches
// prefixes and is cleared after adding a line; a list that can apply to nobody says
// why; "preview as buyer" shows each SKU's price, currency and list. Set-up that is
// not the point (accounts, organisations, products) goes through the API.
//
// Run alone: node --test --test-reporter=spec tests/pricing.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, newPerson, SCREENSHOTS, screenshot } from "../lib/browser.mjs";
import { createOperator, DIST_INDEX, startHansa } from "../lib/server.mjs";
import { choose, click, fill, h1, signIn, visible } from "../lib/ui.mjs";
import { apiCall as callApi, apiUser as signUpByApi } from "../lib/api.mjs";

const RUN = Date.now().toString(36);
const PASSWORD = "Correct-horse-42";
const OPERATOR = { email: `price-operator-${RUN}@hansa.example`, name: "Otto Operator", password: "Operator-pass-42" };
const SUPPLIER = { email: `price-owner-${RUN}@supplier.example`, name: "Sorina Supplier", company: `Lei ${RUN} SRL`, slug: `lei-${RUN}` };
const BUYER = { email: `price-buyer-${RUN}@buyer.example`, name: "Bruno Buyer", company: `Euro Build ${RUN} AG` };
const SKUS = [`HB-M8-${RUN}`.toUpperCase(), `HB-M10-${RUN}`.toUpperCase(), `WR-13-${RUN}`.toUpperCase()];

let server;
let browser;
let supplier;
const tokens = {};

const apiCall = (method, path, body, token) => callApi(server, method, path, body, token);

const apiUser = (person, password = PASSWORD) => signUpByApi(server, person, password);

before(async () => {
  server = await startHansa();
  console.log(`# hansa up on ${server.baseUrl} (log ${server.logPath})`);
  await createOperator(server, OPERATOR);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch(LAUNCH_OPTIONS);

  tokens.operator = (await apiCall("POST", "/auth/login", { email: OPERATOR.email, password: OPERATOR.password, mode: "bearer" })).data.token;
  tokens.supplier = await apiUser(SUPPLIER);
  const org = await apiCall("POST", "/orgs", { kind: "supplier", name: SUPPLIER.company, slug: SUPPLIER.slug, default_currency: "RON" }, tokens.supplier);
  assert.equal(org.status, 201, JSON.stringify(org.data));
  const approved = await apiCall("POST", `/operator/tenants/${org.data.id}/approve`, {}, tokens.operator);
  assert.equal(approved.status, 200, JSON.stringify(approved.data));
  for (const [i, sku] of SKUS.entries()) {
    const product = { name: `Product ${i} ${RUN}`, status: "published", variants: [{ sku, pack_size: "1", order_increment: "1", min_order_qty: "10" }] };
    const created = await apiCall("POST", `/suppliers/${SUPPLIER.slug}/products`, product, tokens.supplier);
    assert.equal(created.status, 201, JSON.stringify(created.data));
  }
  tokens.buyer = await apiUser(BUYER);
  const buyer = await apiCall("POST", "/orgs", { kind: "buyer", name: BUYER.company }, tokens.buyer);
  assert.equal(buyer.status, 201, JSON.stringify(buyer.data));
  // an EUR contract for a buyer without terms (it trades in RON): a list that applies to nobody
  const contract = await apiCall(
    "POST",
    `/suppliers/${SUPPLIER.slug}/price-lists`,
    { name: `Euro contract ${RUN}`, kind: "contract", currency: "EUR", buyer_org_id: buyer.data.id },
    tokens.supplier,
  );
  assert.equal(contract.status, 201, JSON.stringify(contract.data));
  const items = { items: [{ sku: SKUS[0], tiers: [{ min_qty: "1", unit_price: "0.02" }] }] };
  assert.equal((await apiCall("PUT", `/suppliers/${SUPPLIER.slug}/price-lists/${contract.data.id}/items`, items, tokens.supplier)).status, 200);

  supplier = await newPerson(browser, server.baseUrl);
  await signIn(supplier.page, SUPPLIER.email, PASSWORD);
  await supplier.page.waitForURL(/\/app(\/|$)/, { timeout: 15_000 });
  await supplier.page.evaluate(() => localStorage.setItem("hansa.locale", "ro"));
});

after(async () => {
  await supplier?.context.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.log(`# hansa up log (tail):\n${server.logTail(40).replace(/^/gm, "#   ")}`);
    await server.stop();
  }
});

/** Steps in order; after a failure the rest is skipped and FAILED-<step>.png is saved. */
function journey(name, define) {
  describe(name, () => {
    const state = { failed: null };
    define((stepName, body) =>
      test(stepName, async (t) => {
        if (state.failed) {
          t.skip(`skipped: the step "${state.failed}" failed`);
          return;
        }
        try {
          assert.ok(existsSync(DIST_INDEX), `the web UI is not built (${DIST_INDEX}): run npm run build`);
          await body(supplier.page);
        } catch (err) {
          state.failed = stepName;
          await screenshot(supplier.page, `FAILED-pricing-${stepName.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}`).catch(() => {});
          throw err;
        }
      }),
    );
  });
}

journey("a RON supplier prices in the Romanian UI", (step) => {
  step("the price lists page flags the contract nobody trades in, and a new list starts in RON", async (page) => {
    await page.goto("/app/price-lists");
    await visible(h1(page, "Liste de prețuri"), `h1 "Liste de prețuri"`);
    const contract = page.getByRole("row").filter({ hasText: `Euro contract ${RUN}` });
    await visible(contract.getByText("Nimănui: niciun cumpărător vizat nu tranzacționează în EUR."), "the contract's warning");
    await click(page, "Listă de prețuri nouă");
    assert.equal(await page.getByLabel("Monedă", { exact: true }).inputValue(), "RON");
    await fill(page, "Numele listei de prețuri", `Baza ${RUN}`);
    await choose(page, "Tip", "De bază");
    await click(page, "Creează lista de prețuri");
    await visible(h1(page, `Baza ${RUN}`), "the price list editor");
  });

  step("tiers are typed with decimal commas and thousands points and shown without trailing zeros", async (page) => {
    await click(page, "Adaugă SKU");
    await fill(page, "SKU", SKUS[0]);
    await fill(page, "Preț unitar, pragul 1", "0,09");
    await click(page, "Adaugă prag");
    await fill(page, "De la cantitatea, pragul 2", "1.000");
    await fill(page, "Preț unitar, pragul 2", "0,085");
    await click(page, "Salvează prețurile");
    await visible(page.getByText(`Prețurile pentru ${SKUS[0]} au fost salvate.`), "the confirmation");
    await visible(page.getByText(/^de la 1:\s0,09\sRON$/), "tier 1 without trailing zeros");
    await visible(page.getByText(/^de la 1\.000:\s0,085\sRON$/), "tier 2: one thousand, not 1");
    const stored = await apiCall("GET", `/suppliers/${SUPPLIER.slug}/price-lists?kind=base`, undefined, tokens.supplier);
    const list = stored.data.items.find((l) => l.name === `Baza ${RUN}`);
    const items = await apiCall("GET", `/suppliers/${SUPPLIER.slug}/price-lists/${list.id}/items`, undefined, tokens.supplier);
    assert.deepEqual(items.data.items[0].tiers, [
      { min_qty: "1", unit_price: "0.090000" },
      { min_qty: "1000", unit_price: "0.085000" },
    ]);
    await click(page, `Editează prețurile pentru ${SKUS[0]}`);
    assert.equal(await page.getByLabel("Preț unitar, pragul 1", { exact: true }).inputValue(), "0,09");
    assert.equal(await page.getByLabel("De la cantitatea, pragul 2", { exact: true }).inputValue(), "1000");
    await click(page, "Renunță");
    await screenshot(page, "price-list-editor-ro");
  });

  step("the SKU filter matches prefixes and is cleared after adding a line", async (page) => {
    await fill(page, "SKU începe cu", "hb-m8");
    await click(page, "Caută");
    await visible(page.getByRole("cell", { name: SKUS[0] }), "the SKU found by its prefix");
    await click(page, "Adaugă SKU");
    await fill(page, "SKU", SKUS[2]);
    await fill(page, "Preț unitar, pragul 1", "7,5");
    await click(page, "Salvează prețurile");
    await visible(page.getByText(`Prețurile pentru ${SKUS[2]} au fost salvate.`), "the confirmation");
    await visible(page.getByRole("cell", { name: SKUS[2] }), "the new line, visible");
    await visible(page.getByRole("cell", { name: SKUS[0] }), "the other line");
    assert.equal(await page.getByLabel("SKU începe cu", { exact: true }).inputValue(), "");
  });

  step("preview as buyer: price, currency and list per SKU, and why one has none", async (page) => {
    await page.goto("/app/price-lists");
    await click(page, "Previzualizare ca cumpărător", "link");
    await visible(h1(page, "Previzualizare ca cumpărător"), "the preview page");
    await fill(page, "Compania cumpărătoare", `euro build ${RUN}`);
    // already a customer (its contract names it): the option says so after the name
    await (await visible(page.getByRole("option", { name: new RegExp(`^${BUYER.company}`) }), "the buyer company")).click();
    await visible(page.getByText(`${BUYER.company} tranzacționează cu dumneavoastră în RON, moneda dumneavoastră implicită: nu are condiții comerciale.`), "the currency");
    const m8 = page.getByRole("row").filter({ hasText: SKUS[0] });
    await visible(m8.getByText(/^0,09\sRON$/), "its RON price");
    await visible(m8.getByRole("link", { name: `Baza ${RUN}` }), "the list that gave it");
    const m10 = page.getByRole("row").filter({ hasText: SKUS[1] });
    await visible(m10.getByText("Fără preț: preț la cerere"), "no price for the SKU in no list");
    await screenshot(page, "price-preview-ro");
  });
});
