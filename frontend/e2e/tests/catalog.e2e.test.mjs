// Browser tests of the catalog, pricing and marketplace pages (issue 5) against a real
// server (`hansa up`), driven by playwright-core on Debian's chromium. Set-up that is not
// the point of a test (accounts, organisations, tenant approval) goes through the API.
//
// Run alone: node --test --test-reporter=spec tests/catalog.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, newPerson, SCREENSHOTS, screenshot } from "../lib/browser.mjs";
import { createOperator, DIST_INDEX, startHansa } from "../lib/server.mjs";
import { choose, click, errorNextTo, fill, h1, signIn, visible } from "../lib/ui.mjs";
import { apiCall as callApi, apiUser as signUpByApi } from "../lib/api.mjs";

const RUN = Date.now().toString(36);
const PASSWORD = "Correct-horse-42";
const OPERATOR = { email: `cat-operator-${RUN}@hansa.example`, name: "Otto Operator", password: "Operator-pass-42" };
const SUPPLIER = { email: `cat-owner-${RUN}@supplier.example`, name: "Sara Supplier", company: `Bolts ${RUN} SRL`, slug: `bolts-${RUN}` };
const BUYER = { email: `cat-buyer-${RUN}@buyer.example`, name: "Bob Buyer", company: `Build ${RUN} SA` };
const PRODUCT = { name: `Hex bolt M8 ${RUN}`, sku: `HB-M8-${RUN}`.toUpperCase() };
const MARKET = { name: `Fasteners ${RUN}`, slug: `fasteners-${RUN}` };

let server;
let browser;
const people = [];
const tokens = {}; // bearer tokens for API set-up, by person
let buyerOrgId;

/** JSON over the API as `who` (a bearer token: no cookies, no CSRF). */
const apiCall = (method, path, body, token) => callApi(server, method, path, body, token);

/** Sign up, verify and log in (bearer) through the API. */
const apiUser = (person, password = PASSWORD) => signUpByApi(server, person, password);

before(async () => {
  server = await startHansa();
  console.log(`# hansa up on ${server.baseUrl} (log ${server.logPath})`);
  await createOperator(server, OPERATOR);
  // the screenshots folder is shared with hansa.e2e.test.mjs: add to it, never empty it
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch(LAUNCH_OPTIONS);

  // supplier (approved by the operator) and a buyer company, through the API
  tokens.operator = (await apiCall("POST", "/auth/login", { email: OPERATOR.email, password: OPERATOR.password, mode: "bearer" })).data.token;
  tokens.supplier = await apiUser(SUPPLIER);
  const org = await apiCall("POST", "/orgs", { kind: "supplier", name: SUPPLIER.company, slug: SUPPLIER.slug }, tokens.supplier);
  assert.equal(org.status, 201, JSON.stringify(org.data));
  const tenants = await apiCall("GET", `/operator/tenants?search=${SUPPLIER.slug}`, undefined, tokens.operator);
  const tenant = tenants.data.items.find((x) => x.slug === SUPPLIER.slug);
  assert.ok(tenant, `tenant ${SUPPLIER.slug} in ${JSON.stringify(tenants.data)}`);
  const approved = await apiCall("POST", `/operator/tenants/${tenant.id}/approve`, {}, tokens.operator);
  assert.equal(approved.status, 200, JSON.stringify(approved.data));
  tokens.buyer = await apiUser(BUYER);
  const buyer = await apiCall("POST", "/orgs", { kind: "buyer", name: BUYER.company }, tokens.buyer);
  assert.equal(buyer.status, 201, JSON.stringify(buyer.data));
  buyerOrgId = buyer.data.id;
});

after(async () => {
  for (const p of people) await p.context.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.log(`# hansa up log (tail):\n${server.logTail(40).replace(/^/gm, "#   ")}`);
    await server.stop();
  }
});

async function person() {
  const p = await newPerson(browser, server.baseUrl);
  people.push(p);
  return p;
}

async function signedIn(email, password) {
  const p = await person();
  await signIn(p.page, email, password);
  await p.page.waitForURL(/\/app(\/|$)/, { timeout: 15_000 });
  return p;
}

/** Steps in order; after a failure the rest is skipped and FAILED-<step>.png is saved. */
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
          assert.ok(existsSync(DIST_INDEX), `the web UI is not built (${DIST_INDEX}): run npm run build`);
          await body(state);
        } catch (err) {
          state.failed = stepName;
          if (state.page && !state.page.isClosed()) {
            await screenshot(state.page, `FAILED-catalog-${stepName.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}`).catch(() => {});
          }
          throw err;
        }
      }),
    );
  });
}

// ------------------------------------------------------------------------------------------------

journey("supplier: product with a variant and stock, price list with tiers, customer terms", (step) => {
  let supplier;

  step("the catalog starts empty", async (s) => {
    supplier = await signedIn(SUPPLIER.email, PASSWORD);
    const page = (s.page = supplier.page);
    await click(page, "Catalog", "link");
    await visible(h1(page, "Catalog"), `h1 "Catalog"`);
    await visible(page.getByText("No products yet. Create the first one."), "the empty state");
    await screenshot(page, "catalog-empty");
  });

  step("a product is created, published", async (s) => {
    const page = s.page;
    await click(page, "New product", "link");
    await visible(h1(page, "New product"), `h1 "New product"`);
    // the name is checked before anything is sent
    const error = await errorNextTo(page, "Product name", () => click(page, "Create product"));
    assert.match(error.text, /required/i);
    await fill(page, "Product name", PRODUCT.name);
    await fill(page, "Description", "Zinc-plated hex bolt, DIN 933.");
    await fill(page, "Unit of measure", "pcs");
    await choose(page, "Status", "Published");
    await click(page, "Create product");
    await visible(h1(page, "Edit product"), `h1 "Edit product"`);
    assert.match(page.url(), /\/app\/catalog\/[0-9a-f-]{36}$/);
  });

  step("a variant is added with pack size, minimum and increment", async (s) => {
    const page = s.page;
    await fill(page, "SKU", PRODUCT.sku);
    await fill(page, "Pack size", "10");
    await fill(page, "Minimum order", "100");
    await fill(page, "Order increment", "10");
    await fill(page, "Lead time (days)", "5");
    await click(page, "Add variant");
    await visible(page.getByText(`Variant ${PRODUCT.sku} added.`), "the confirmation");
    await visible(page.getByRole("cell", { name: PRODUCT.sku }), "the variant row");
  });

  step("stock is recorded at a new location", async (s) => {
    const page = s.page;
    await fill(page, "Location code", "WH-1");
    await fill(page, "Location name", "Cluj warehouse");
    await click(page, "Add location");
    await visible(page.getByText("Location WH-1 added."), "the location confirmation");
    await fill(page, "On hand", "2500");
    await click(page, "Set stock");
    await visible(page.getByRole("cell", { name: "2,500" }), "the stock row");
  });

  step("a product image is uploaded, public", async (s) => {
    const page = s.page;
    // a 1×1 PNG
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");
    await page.getByLabel("File to upload", { exact: true }).setInputFiles({ name: "bolt.png", mimeType: "image/png", buffer: png });
    await choose(page, "Kind", "Image");
    await fill(page, "Title", "Hex bolt photo");
    await click(page, "Upload");
    await visible(page.getByText("bolt.png uploaded."), "the upload confirmation");
    await visible(page.getByRole("link", { name: "Hex bolt photo" }), "the file in the list");
    // the worker makes the thumbnail after the upload; the list looks again until it is there
    await visible(page.locator('img[src*="size=160"]'), "the thumbnail made by the worker", 30_000);
    await screenshot(page, "product-editor");
  });

  step("the catalog lists it; search by SKU prefix finds it", async (s) => {
    const page = s.page;
    await page.goto("/app/catalog");
    await visible(page.getByRole("link", { name: PRODUCT.name }), "the product link");
    await fill(page, "Search", PRODUCT.sku.slice(0, 6));
    await page.waitForURL(/q=/);
    await visible(page.getByRole("link", { name: PRODUCT.name }), "the product found by SKU");
    await choose(page, "Status", "Draft");
    await visible(page.getByText("No product matches these filters."), "no draft matches");
    await choose(page, "Status", "Published");
    await visible(page.getByRole("link", { name: PRODUCT.name }), "the product among published ones");
    await screenshot(page, "catalog-list");
  });

  step("a base price list gets the SKU with two quantity tiers", async (s) => {
    const page = s.page;
    await click(page, "Price lists", "link");
    await visible(h1(page, "Price lists"), `h1 "Price lists"`);
    await click(page, "New price list");
    await fill(page, "Price list name", `Base EUR ${RUN}`);
    await choose(page, "Kind", "Base");
    await fill(page, "Currency", "EUR");
    await click(page, "Create price list");
    await visible(h1(page, `Base EUR ${RUN}`), "the price list editor");
    await click(page, "Add SKU");
    await fill(page, "SKU", PRODUCT.sku);
    await fill(page, "From quantity, tier 1", "100");
    await fill(page, "Unit price, tier 1", "0.085");
    await click(page, "Add tier");
    await fill(page, "From quantity, tier 2", "50");
    await fill(page, "Unit price, tier 2", "0.07");
    // quantities must rise: the error is next to the second tier's quantity
    const error = await errorNextTo(page, "From quantity, tier 2", () => click(page, "Save prices"));
    assert.match(error.text, /increase/i);
    await fill(page, "From quantity, tier 2", "1000");
    await click(page, "Save prices");
    await visible(page.getByText(`Prices of ${PRODUCT.sku} saved.`), "the confirmation");
    await visible(page.getByText("from 100: €0.085"), "tier 1 (6-decimal price kept)");
    await visible(page.getByText("from 1,000: €0.07"), "tier 2");
    await screenshot(page, "price-list-editor");
  });

  step("the next price resolution uses the tiers", async () => {
    const res = await apiCall(
      "POST",
      `/suppliers/${SUPPLIER.slug}/prices/resolve`,
      { currency: "EUR", lines: [{ sku: PRODUCT.sku, quantity: "1000" }, { sku: PRODUCT.sku, quantity: "100" }] },
      tokens.supplier,
    );
    assert.equal(res.status, 200, JSON.stringify(res.data));
    const [big, small] = res.data.lines;
    assert.equal(Number(big.unit_price), 0.07, JSON.stringify(big));
    assert.equal(Number(small.unit_price), 0.085, JSON.stringify(small));
  });

  step("the price lists page shows the list", async (s) => {
    const page = s.page;
    await page.goto("/app/price-lists");
    await visible(page.getByRole("link", { name: `Base EUR ${RUN}` }), "the list");
    await screenshot(page, "price-lists");
  });

  step("customer terms: net 45 days and a credit limit for a buyer company", async (s) => {
    const page = s.page;
    await click(page, "Customers", "link");
    await visible(h1(page, "Customers"), `h1 "Customers"`);
    await visible(page.getByText(/No customers yet/), "the empty customers list");
    const error = await errorNextTo(page, "Buyer company", () => click(page, "Save terms"));
    assert.match(error.text, /Choose a buyer company/);
    // the company is found by part of its name, whatever the case; never by its id
    await fill(page, "Buyer company", `build ${RUN}`.toUpperCase());
    await click(page, BUYER.company, "option");
    await visible(page.getByRole("list", { name: "Chosen for Buyer company" }).getByText(BUYER.company), "the chosen company");
    await fill(page, "Payment terms (net days)", "45");
    await fill(page, "Credit limit", "10000");
    await click(page, "Save terms");
    await visible(page.getByRole("cell", { name: BUYER.company }), "the customer, by name");
    await visible(page.getByRole("cell", { name: "Net 45 days" }), "the terms row");
    await visible(page.getByRole("cell", { name: "€10,000.00" }), "the credit limit");
    assert.equal(await page.getByText(buyerOrgId).count(), 0, "no organisation id on the page");
    await screenshot(page, "customers");
  });
});

journey("supplier: import a products file (errors by row and column, then all of it)", (step) => {
  let supplier;
  const good = `sku;product_name;unit_of_measure;pack_size;min_order_qty;order_increment\nIMP-${RUN}-1;Washer M8 ${RUN};pcs;100;100;100\nIMP-${RUN}-2;Washer M10 ${RUN};pcs;50;50;50\n`;
  const bad = `sku;product_name;pack_size\nIMP-${RUN}-3;Nut M8;abc\n`;

  step("a file with a bad cell fails with the row and column", async (s) => {
    supplier = await signedIn(SUPPLIER.email, PASSWORD);
    const page = (s.page = supplier.page);
    await click(page, "Import / export", "link");
    await visible(h1(page, "Import / export"), `h1 "Import / export"`);
    await choose(page, "What the file holds", "Products and variants");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await click(page, "Upload and import");
    await visible(page.getByText(/Nothing was applied: 1 errors?/), "the failure", 30_000);
    const row = page.getByRole("row").filter({ hasText: "pack_size" });
    await visible(row, "the error row naming the column");
    assert.match(await row.innerText(), /^\s*2\s/);
    await screenshot(page, "imports-failed");
  });

  step("a good file is applied; its products appear in the catalog", async (s) => {
    const page = s.page;
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
    await click(page, "Upload and import");
    await visible(page.getByText(/Imported: 2 created, 0 updated, 0 unchanged\./), "the summary", 30_000);
    await screenshot(page, "imports-done");
    await page.goto(`/app/catalog?q=IMP-${RUN}`);
    await visible(page.getByRole("link", { name: `Washer M8 ${RUN}` }), "the imported product");
  });

  step("an ERP file with its own headers goes through the column-mapping step", async (s) => {
    const page = s.page;
    const erp = `Cod articol;Denumire;Ambalaj\nIMP-${RUN}-4;Șaibă M12 ${RUN};1.000,5\n`;
    await click(page, "Import / export", "link");
    await choose(page, "What the file holds", "Products and variants");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: "erp.csv", mimeType: "text/csv", buffer: Buffer.from(erp) });
    await click(page, "Upload and import");
    await visible(page.getByRole("heading", { name: "Match the file's columns" }), "the mapping step");
    await page.getByLabel("Holds: Cod articol").selectOption("sku");
    await page.getByLabel("Holds: Denumire").selectOption("product_name");
    await page.getByLabel("Holds: Ambalaj").selectOption("pack_size");
    await screenshot(page, "imports-mapping");
    await click(page, "Import with these columns");
    await visible(page.getByText(/Imported: 1 created, 0 updated, 0 unchanged\./), "the summary", 30_000);
    await visible(page.getByText("Numbers read with a decimal comma."), "the number format the file showed");
  });

  step("an export runs as a job and offers its file", async (s) => {
    const page = s.page;
    await click(page, "Export CSV");
    const link = page.getByRole("link", { name: "Download products.csv" });
    await visible(link, "the download link once the export is written", 30_000);
    const href = await link.getAttribute("href");
    const response = await page.request.get(href);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()["x-content-type-options"], "nosniff");
    assert.match(await response.text(), new RegExp(`IMP-${RUN}-4;IMP-${RUN}-4;Șaibă M12 ${RUN}`));
    await screenshot(page, "exports-ready");
  });
});

journey("operator: marketplace with a category and attributes; supplier applies; operator approves", (step) => {
  let operator;
  let supplier;

  step("the operator creates a vertical marketplace", async (s) => {
    operator = await signedIn(OPERATOR.email, OPERATOR.password);
    const page = (s.page = operator.page);
    await click(page, "Marketplaces", "link");
    await visible(h1(page, "Marketplaces"), `h1 "Marketplaces"`);
    await click(page, "New marketplace");
    await fill(page, "Marketplace name", MARKET.name);
    await fill(page, "Address (slug)", MARKET.slug);
    await choose(page, "Kind", "Vertical");
    await fill(page, "Description", "Bolts, nuts, screws and washers.");
    await click(page, "Create marketplace");
    await visible(page.getByText(`Marketplace ${MARKET.name} created.`), "the confirmation");
    await screenshot(page, "operator-marketplaces");
  });

  step("adds a category with an attribute schema", async (s) => {
    const page = s.page;
    await click(page, `Categories of ${MARKET.name}`, "link");
    await visible(h1(page, `Categories of ${MARKET.name}`), "the taxonomy editor");
    await visible(page.getByText("No categories yet."), "the empty tree");
    await fill(page, "Category name", "Bolts");
    await click(page, "Add category");
    await visible(page.getByText("Category Bolts added."), "the confirmation");
    await fill(page, "Category name", "Nuts");
    await click(page, "Add category");
    await visible(page.getByText("Category Nuts added."), "the confirmation");
    // reorder: Nuts above Bolts
    await click(page, "Move Nuts up");
    await visible(page.getByText("Category Nuts moved."), "the move confirmation");
    // the tree reloads after the move
    const rows = page.locator(".tree .tree__row > button[aria-pressed]");
    const deadline = Date.now() + 10_000;
    let order = await rows.allInnerTexts();
    while (order.join() !== "Nuts,Bolts" && Date.now() < deadline) {
      await page.waitForTimeout(200);
      order = await rows.allInnerTexts();
    }
    assert.deepEqual(order, ["Nuts", "Bolts"]);
    await page.getByRole("button", { name: "Bolts", exact: true }).click();
    await visible(page.getByRole("heading", { level: 2, name: "Bolts" }), "the category panel");
    await click(page, "Add attribute");
    await fill(page, "Code, attribute 1", "thread");
    await fill(page, "Name, attribute 1", "Thread");
    await page.getByLabel("Type, attribute 1", { exact: true }).selectOption("enum");
    await fill(page, "Allowed values, attribute 1", "M6, M8, M10");
    await page.getByLabel("Required, attribute 1", { exact: true }).check();
    await click(page, "Save attributes");
    await visible(page.getByText("Attributes of Bolts saved."), "the attributes confirmation");
    await screenshot(page, "operator-taxonomy");
  });

  step("the supplier applies to list on it", async (s) => {
    supplier = await signedIn(SUPPLIER.email, PASSWORD);
    const page = (s.page = supplier.page);
    await click(page, "Marketplaces", "link");
    await visible(h1(page, "Marketplaces"), `h1 "Marketplaces"`);
    await click(page, `Apply to ${MARKET.name}`);
    await visible(page.getByText(`Applied to ${MARKET.name}.`), "the confirmation");
    await visible(page.getByRole("row", { name: new RegExp(MARKET.name) }).getByText("Pending"), "the pending status");
  });

  step("the operator approves the application", async (s) => {
    const page = (s.page = operator.page);
    await click(page, "Listing approvals", "link");
    await visible(h1(page, "Listing approvals"), `h1 "Listing approvals"`);
    await click(page, `Approve ${SUPPLIER.company} on ${MARKET.name}`);
    await visible(page.getByText(`${SUPPLIER.company} approved on ${MARKET.name}.`), "the confirmation");
    await screenshot(page, "operator-listings");
  });

  step("the supplier sees the approval", async (s) => {
    const page = (s.page = supplier.page);
    await page.reload();
    await visible(page.getByRole("row", { name: new RegExp(MARKET.name) }).getByText("Approved"), "the approved status");
    await screenshot(page, "supplier-marketplaces");
  });

  step("the supplier's product editor offers the new category and its attributes", async (s) => {
    const page = s.page;
    await page.goto("/app/catalog");
    await click(page, PRODUCT.name, "link");
    await visible(h1(page, "Edit product"), "the editor");
    // the taxonomies load after the form: wait for the option
    const select = page.getByLabel("Category", { exact: true });
    const option = select.locator(`optgroup[label="${MARKET.name}"] > option`, { hasText: "Bolts" });
    await option.waitFor({ state: "attached" });
    await select.selectOption(await option.getAttribute("value"));
    // the variant has no Thread yet: the server refuses the category, the page says which variant lacks what
    await click(page, "Save product");
    await visible(page.getByRole("alert").filter({ hasText: `${PRODUCT.sku} · thread` }), "the variant problem in the alert");
    await click(page, `Edit variant ${PRODUCT.sku}`);
    await visible(page.getByLabel("Thread *", { exact: true }), "the Thread attribute of the category");
    await page.getByLabel("Thread *", { exact: true }).selectOption("M8");
    await click(page, "Save variant");
    await visible(page.getByText(`Variant ${PRODUCT.sku} saved.`), "the variant confirmation");
    await click(page, "Save product");
    await visible(page.getByText("Product saved."), "the product confirmation");
    await visible(page.getByRole("cell", { name: "Thread: M8" }), "the attribute in the table");
    await screenshot(page, "product-editor-category");
  });

  step("a buyer browses the marketplace and sees its own price and tiers", async (s) => {
    const buyer = await signedIn(BUYER.email, PASSWORD);
    const page = (s.page = buyer.page);
    await click(page, "Marketplaces", "link");
    await visible(h1(page, "Marketplaces"), `h1 "Marketplaces"`);
    await click(page, MARKET.name, "link");
    await visible(h1(page, MARKET.name), "the marketplace page");
    await click(page, "Bolts");
    // the category page reads the search index: the hit, the buyer's own price and tiers, facets
    await visible(h1(page, "Bolts"), "the category page");
    const hit = page.locator("li.search-hit", { has: page.getByRole("link", { name: PRODUCT.name }) });
    await visible(hit, "the product's hit");
    await visible(hit.locator(".search-hit__price strong", { hasText: "€0.085" }), "the buyer's price");
    await visible(page.getByRole("group", { name: "Thread" }), "the category's attribute facet");
    await visible(page.locator('img[src*="size=160"]').first(), "the product card's thumbnail");
    await screenshot(page, "buyer-marketplace");
    await click(page, PRODUCT.name, "link");
    await visible(h1(page, PRODUCT.name), "the product page");
    await visible(page.getByText("from 1,000: €0.07"), "the next tier");
    await screenshot(page, "buyer-product");
  });
});
