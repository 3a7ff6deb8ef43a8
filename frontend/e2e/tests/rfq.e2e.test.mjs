// Journey 3, requests for quotes (issue 12, item 9), through the browser: the Nordbau purchaser
// writes an RFQ in the wizard (a BoltNut SKU and a Steelcraft SKU found by catalog search, a
// free-text line with a drawing), invites six suppliers (one by name, five through the category
// preview) and submits; each supplier finds the invitation in its inbox and a mail; four quote
// (prices, a quantity break, lead time), one declines, one never answers; the purchaser counters
// a BoltNut line, BoltNut revises, the purchaser sees revision 2 and its diff; Nordbau's admin
// compares and awards the lines to BoltNut and Steelcraft (orders and contract lists); both
// orders show in the buyer's and the suppliers' order lists, the contract list in BoltNut's
// price lists, and the purchaser's next cart of that SKU at the quantity break is priced by it.
//
// Uses the demo data `hansa up` loads (docs/demo-data.md). The demo lists three suppliers on
// Fasteners & Fixings; the setup (API) lists Voltra and Ampere there too and signs up a sixth
// supplier, each with a published hex bolt, so the category preview finds them. The SKUs are
// chosen through the API, in stock; BoltNut's is on its customer list for Nordbau (priority 5),
// which the award's contract list outranks.
// Run alone: node --test --test-reporter=spec tests/rfq.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";

import { apiCall as callApi, apiUser } from "../lib/api.mjs";
import { CHROMIUM, LAUNCH_OPTIONS, newPerson, screenshot } from "../lib/browser.mjs";
import { createOperator, DIST_INDEX, startHansa, waitForMail } from "../lib/server.mjs";
import { choose, click, fill, h1, signIn, visible } from "../lib/ui.mjs";

const PASSWORD = "Hansa-Demo-2026";
const RUN = Date.now().toString(36);
const OPERATOR = { email: `rfq-operator-${RUN}@hansa.example`, name: "Rita Operator", password: "Operator-pass-42" };
const NEWCOMER = { email: `rfq-owner-${RUN}@hafen.example`, name: "Hanna Hafen", company: `Hafen Schrauben ${RUN} GmbH`, slug: `hafen-${RUN}` };
const BOLTNUT = { slug: "boltnut", name: "BoltNut Industrial GmbH", email: "sales@boltnut.demo", prefix: "BN" };
const STEELCRAFT = { slug: "steelcraft", name: "Steelcraft Supplies Ltd", email: "sales@steelcraft.demo", prefix: "SC" };
const FIXPRO = { slug: "fixpro", name: "FixPro Fasteners SRL", email: "sales@fixpro.demo", sku: "FP-00001-01" };
const VOLTRA = { slug: "voltra", name: "Voltra Electric BV", email: "sales@voltra.demo" };
const AMPERE = { slug: "ampere", name: "Ampere Components s.r.o.", email: "sales@ampere.demo" };
const HAFEN = { slug: NEWCOMER.slug, name: NEWCOMER.company, email: NEWCOMER.email, password: "Hafen-pass-2026" };
const SIX = [BOLTNUT, STEELCRAFT, FIXPRO, VOLTRA, AMPERE, HAFEN];
const TITLE = `Pier bolts and brackets ${RUN}`;
const SPEC = "Custom mounting bracket, S355 steel, hot-dip galvanised, per drawing BR-17";
const DRAWING = { name: "bracket-BR-17.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") };
const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let server;
let browser;
const tokens = {};
/** What the steps learn and later steps use. */
const world = {};
const people = [];
let failed = null;

const apiCall = (method, path, body, token) => callApi(server, method, path, body, token);

async function token(email, password = PASSWORD) {
  const login = await apiCall("POST", "/auth/login", { email, password, mode: "bearer" });
  assert.equal(login.status, 200, `${email} signs in: ${JSON.stringify(login.data)}`);
  return login.data.token;
}

async function orgOf(tokenOf, pattern) {
  const orgs = await apiCall("GET", "/orgs", undefined, tokenOf);
  const org = orgs.data.find((o) => pattern.test(o.name));
  assert.ok(org, `${pattern} among ${JSON.stringify(orgs.data.map((o) => o.name))}`);
  return org;
}

/** The supplier applies to list on the marketplace and the operator approves it. */
async function listOn(marketplaceId, supplierOrgId, supplierToken) {
  const applied = await apiCall("POST", `/orgs/${supplierOrgId}/listings`, { marketplace_id: marketplaceId }, supplierToken);
  assert.ok([200, 201].includes(applied.status), `listing application: ${applied.status} ${JSON.stringify(applied.data)}`);
  const approved = await apiCall("POST", `/operator/listings/${applied.data.id}/approve`, {}, tokens.operator);
  assert.equal(approved.status, 200, `listing approved: ${JSON.stringify(approved.data)}`);
}

/** A published hex bolt of the supplier in the category (with the category's required attributes). */
async function publishHexBolt(slug, supplierToken, category, sku) {
  const detail = await apiCall("GET", `/categories/${category.id}`, undefined, supplierToken);
  assert.equal(detail.status, 200, JSON.stringify(detail.data));
  const attributes = {};
  for (const attribute of detail.data.schema) {
    if (!attribute.required) continue;
    attributes[attribute.code] = attribute.allowed_values?.[0] ?? (attribute.type === "number" ? 10 : "M10");
  }
  const product = await apiCall(
    "POST",
    `/suppliers/${slug}/products`,
    { name: `Hex bolt M10 ${sku}`, category_id: category.id, status: "published", variants: [{ sku, attributes }] },
    supplierToken,
  );
  assert.equal(product.status, 201, `${slug}'s hex bolt: ${JSON.stringify(product.data)}`);
}

/**
 * `count` SKUs of the supplier's first products that Nordbau may order now (well in stock),
 * priced for Nordbau by a list of one of these kinds now.
 */
async function orderableSkus(supplier, count, kinds) {
  const owner = await token(`owner@${supplier.slug}.demo`);
  const preview = await apiCall("GET", `/suppliers/${supplier.slug}/prices/preview?buyer_org_id=${world.nordbau.id}&sku=${supplier.prefix}-000&limit=50`, undefined, owner);
  assert.equal(preview.status, 200, JSON.stringify(preview.data).slice(0, 300));
  const candidates = preview.data.items.filter((line) => line.unit_price != null && kinds.includes(line.price_list_kind));
  const chosen = [];
  for (const line of candidates) {
    const found = await apiCall("GET", `/marketplaces/fasteners/search?q=${encodeURIComponent(line.sku)}&limit=5`, undefined, tokens.purchaser);
    const offer = (found.data?.items ?? []).flatMap((item) => item.offers).find((o) => o.sku === line.sku);
    if (offer?.in_stock && offer.stock_band === "high") chosen.push({ sku: line.sku, name: offer.name, moq: Number(offer.min_order_qty) });
    if (chosen.length === count) return chosen;
  }
  assert.fail(`not ${count} ${supplier.slug} SKUs well in stock on a ${kinds.join("/")} list: ${JSON.stringify(candidates.map((c) => c.sku))}`);
}

before(async () => {
  assert.ok(existsSync(DIST_INDEX), `the web UI is not built (${DIST_INDEX}): run npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  server = await startHansa();
  console.log(`# hansa up on ${server.baseUrl} (log ${server.logPath})`);
  await createOperator(server, OPERATOR);
  browser = await chromium.launch(LAUNCH_OPTIONS);
  tokens.operator = await token(OPERATOR.email, OPERATOR.password);
  tokens.purchaser = await token("purchaser@nordbau.demo");
  world.nordbau = await orgOf(tokens.purchaser, /Nordbau/);

  // the demo is indexed after start-up: the wizard's catalog search needs it
  const deadline = Date.now() + 240_000;
  for (;;) {
    const found = await apiCall("GET", "/marketplaces/fasteners/search?q=bolt&limit=1", undefined, tokens.purchaser);
    if (found.status === 200 && found.data.total > 0) break;
    assert.ok(Date.now() < deadline, `the demo is not searchable after 240 s: ${found.status}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }

  const marketplace = await apiCall("GET", "/marketplaces/fasteners", undefined, tokens.purchaser);
  assert.equal(marketplace.status, 200);
  const tree = await apiCall("GET", "/marketplaces/fasteners/categories", undefined, tokens.purchaser);
  const categories = tree.data.categories ?? tree.data;
  world.hexBolts = categories.find((c) => /^hex bolts$/i.test(c.name));
  assert.ok(world.hexBolts, `a "Hex bolts" category: ${JSON.stringify(categories.map((c) => c.name))}`);

  // Voltra and Ampere list on Fasteners too; a newcomer signs up, is approved and lists
  for (const [supplier, sku] of [[VOLTRA, `VE-HB-${RUN}`], [AMPERE, `AC-HB-${RUN}`]]) {
    const owner = await token(`owner@${supplier.slug}.demo`);
    const org = await orgOf(owner, new RegExp(supplier.name.split(" ")[0]));
    await listOn(marketplace.data.id, org.id, owner);
    await publishHexBolt(supplier.slug, owner, world.hexBolts, sku);
  }
  const newcomer = await apiUser(server, NEWCOMER, HAFEN.password);
  const org = await apiCall("POST", "/orgs", { kind: "supplier", name: NEWCOMER.company, slug: NEWCOMER.slug }, newcomer);
  assert.equal(org.status, 201, JSON.stringify(org.data));
  assert.equal((await apiCall("POST", `/operator/tenants/${org.data.id}/approve`, {}, tokens.operator)).status, 200);
  await listOn(marketplace.data.id, org.data.id, newcomer);
  await publishHexBolt(NEWCOMER.slug, newcomer, world.hexBolts, `HS-HB-${RUN}`);

  // BoltNut's SKU is on its customer list for Nordbau: the award's contract list must win over it
  [world.boltnutSku] = await orderableSkus(BOLTNUT, 1, ["customer"]);
  [world.steelcraftSku, world.mappedSku] = await orderableSkus(STEELCRAFT, 2, ["base", "segment"]);
});

after(async () => {
  for (const person of people) await person.context.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.log(`# hansa up log (tail):\n${server.logTail(40).replace(/^/gm, "#   ")}`);
    await server.stop();
  }
});

/** A signed-in person in their own browser context. */
async function person(email, password = PASSWORD) {
  const someone = await newPerson(browser, server.baseUrl);
  people.push(someone);
  await signIn(someone.page, email, password);
  await someone.page.waitForURL(/\/app(\/|$)/);
  return someone;
}

/** A step of the journey: skipped once an earlier one failed; a screenshot of the page that failed. */
function step(name, body) {
  return test(name, async (t) => {
    if (failed) return t.skip(`after the failed step "${failed}"`);
    try {
      await body();
    } catch (err) {
      failed = name;
      const page = world.current?.page;
      if (page) await screenshot(page, `FAILED-rfq-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}`).catch(() => {});
      throw err;
    }
  });
}

/** Choose an option of a select whose options load from the API, once that option is there. */
async function chooseListed(scope, label, option) {
  await scope.getByLabel(label, { exact: true }).locator("option", { hasText: option }).first().waitFor({ state: "attached" });
  await choose(scope, label, option);
}

const lineItem = (page, n) => page.getByRole("listitem", { name: `Line ${n}`, exact: true });

/** Add a catalog line: search the SKU, add that supplier's offer. */
async function addCatalogLine(page, sku, supplierName) {
  await page.getByRole("radio", { name: "From the catalog" }).check();
  await fill(page, "Search the marketplace", sku);
  await click(page, `Add ${sku} from ${supplierName}`);
}

describe("journey 3: one RFQ, six suppliers, negotiation, award per line to two (issue 12, item 9)", () => {
  step("the purchaser writes the RFQ in the wizard, invites six suppliers and submits", async () => {
    const buyer = (world.purchaser = await person("purchaser@nordbau.demo"));
    world.current = buyer;
    const { page } = buyer;
    await click(page, "Requests for quotes", "link");
    await visible(h1(page, "Requests for quotes"));
    await click(page, "New request for quotes", "link");
    await visible(h1(page, "New request for quotes"));
    await fill(page, "Title", TITLE);
    await chooseListed(page, "Marketplace", "Fasteners & Fixings");
    await fill(page, "Delivery date", inDays(30));
    await chooseListed(page, "Deliver to", "Head office");

    await addCatalogLine(page, world.boltnutSku.sku, BOLTNUT.name);
    await visible(lineItem(page, 1), "line 1");
    await lineItem(page, 1).getByLabel("Quantity", { exact: true }).fill(String(world.boltnutSku.moq));
    await lineItem(page, 1).getByLabel("Target unit price (EUR)").fill("0.20");

    await page.getByRole("radio", { name: "Free text" }).check();
    await fill(page, "Specification", SPEC);
    await click(page, "Add free-text line");
    await visible(lineItem(page, 2), "line 2");
    await lineItem(page, 2).getByLabel("Quantity", { exact: true }).fill("40");

    await addCatalogLine(page, world.steelcraftSku.sku, STEELCRAFT.name);
    await visible(lineItem(page, 3), "line 3");
    await lineItem(page, 3).getByLabel("Quantity", { exact: true }).fill(String(world.steelcraftSku.moq));

    await click(page, "Save and continue");
    const heading = await visible(page.getByRole("heading", { level: 1, name: /^Draft RFQ-/ }), "the saved draft");
    world.number = (await heading.innerText()).replace(/^Draft /, "").trim();

    // the drawing, on the free-text line
    const files = page.getByRole("region", { name: "Drawings and specifications" });
    await files.getByLabel("Files (PDF, images, DWG, XLSX)").setInputFiles(DRAWING);
    await chooseListed(files, "For", `Line 2: ${SPEC}`);
    await click(files, "Upload");
    await visible(files.getByRole("link", { name: new RegExp(DRAWING.name) }), "the uploaded drawing");

    // BoltNut by name, the five others through the category preview
    const suppliers = page.getByRole("region", { name: "Suppliers" });
    await fill(suppliers, "Supplier name", "BoltNut");
    await click(suppliers, `Invite ${BOLTNUT.name}`);
    await visible(suppliers.getByText("1 supplier added; invited when you submit."), "BoltNut staged");
    await suppliers.getByRole("checkbox", { name: world.hexBolts.name, exact: true }).check();
    await click(suppliers, "Show who");
    const preview = await visible(suppliers.getByRole("region", { name: "Suppliers that would be invited" }), "the preview");
    await visible(preview.getByText("5 suppliers would be invited:"), "five more in the preview");
    for (const supplier of [STEELCRAFT, FIXPRO, VOLTRA, AMPERE, HAFEN]) await visible(preview.getByText(supplier.name, { exact: true }), `${supplier.name} in the preview`);
    await screenshot(page, "rfq-wizard-preview");
    await click(preview, "Invite these 5 suppliers");
    await visible(suppliers.getByText("6 of at most 50 invited"), "six invited");

    await click(page, "Submit");
    await visible(page.getByRole("heading", { level: 1, name: new RegExp(world.number) }), "the RFQ's page");
    await visible(page.getByText("Submitted: the suppliers are invited."), "submitted, open");
    world.rfqUrl = new URL(page.url()).pathname;
    await screenshot(page, "rfq-submitted");
  });

  step("each of the six finds the invitation in its inbox and a mail", async () => {
    for (const supplier of SIX) {
      await waitForMail(server, supplier.email, `Request for quotes ${world.number} from`, { timeoutMs: 60_000 });
      const someone = (supplier.person = await person(supplier.email, supplier.password));
      world.current = someone;
      const { page } = someone;
      await page.getByRole("link", { name: /^Requests for quotes/ }).first().click();
      await visible(h1(page, "Requests for quotes"));
      const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: world.number, exact: true }) });
      await visible(row.getByText("Invited", { exact: true }), `${supplier.name}: the invitation in its inbox`);
    }
  });

  step("four suppliers quote in the quote editor, Ampere declines, the newcomer never answers", async () => {
    // line 1: BoltNut's SKU, line 2: the free-text bracket, line 3: Steelcraft's SKU
    const { boltnutSku: bn, steelcraftSku: sc } = world;
    await sendQuote(BOLTNUT, [{ price: "0.19", breakFrom: String(bn.moq * 10), breakPrice: "0.17", lead: "10" }, { price: "14.50", lead: "25" }, null]);
    await sendQuote(STEELCRAFT, [{ price: "0.24", lead: "12" }, { price: "12.80", breakFrom: "100", breakPrice: "11.90", lead: "20", sku: world.mappedSku.sku }, { price: "0.15", breakFrom: String(sc.moq * 10), breakPrice: "0.14", lead: "5" }]);
    // FixPro answers the other suppliers' SKU lines with a SKU of its own
    await sendQuote(FIXPRO, [{ price: "0.22", breakFrom: String(bn.moq * 10), breakPrice: "0.21", lead: "15", sku: FIXPRO.sku }, null, { price: "0.18", lead: "15", sku: FIXPRO.sku }]);
    await sendQuote(VOLTRA, [null, { price: "16.00", breakFrom: "80", breakPrice: "15.00", lead: "30" }, null]);

    const ampere = AMPERE.person.page;
    world.current = AMPERE.person;
    await openInvitation(ampere);
    await click(ampere, "Decline the invitation");
    await fill(ampere, "Why do you decline? (the buyer sees it)", "We do not make fasteners.");
    await ampere.locator(".rfq-reason").getByRole("button", { name: "Decline the invitation", exact: true }).click();
    await visible(ampere.getByText("Reason: We do not make fasteners."), "the decline's reason");

    // the purchaser sees who quoted, who declined, who has not answered
    const { page } = (world.current = world.purchaser);
    await page.goto(world.rfqUrl);
    const quotes = await visible(page.getByRole("region", { name: "Invited suppliers" }), "the invited suppliers");
    for (const [supplier, status] of [[BOLTNUT, "Quoted"], [STEELCRAFT, "Quoted"], [FIXPRO, "Quoted"], [VOLTRA, "Quoted"], [AMPERE, "Declined"], [HAFEN, "Invited"]]) {
      await visible(quotes.getByRole("row").filter({ hasText: supplier.name }).getByText(status, { exact: true }), `${supplier.name}: ${status}`);
    }
    await screenshot(page, "rfq-quotes");
  });

  step("the purchaser counters BoltNut's line 1, BoltNut revises, the purchaser sees revision 2 and its diff", async () => {
    const { page } = (world.current = world.purchaser);
    await click(page, `Negotiate with ${BOLTNUT.name}`);
    const negotiation = await visible(page.getByRole("region", { name: `Negotiation with ${BOLTNUT.name}` }), "the negotiation");
    const counter = negotiation.getByRole("form", { name: "Counter-offer" });
    const line1 = counter.getByRole("group", { name: /^1\. / });
    await line1.getByLabel("Target price").fill("0.16");
    await line1.getByLabel("Comment").fill("Steelcraft is cheaper on volume.");
    await click(counter, "Send counter-offer");
    await visible(counter.getByText("Counter-offer sent."), "the counter sent");

    const sales = BOLTNUT.person.page;
    world.current = BOLTNUT.person;
    await openInvitation(sales);
    await visible(sales.getByText("Countered", { exact: true }).first(), "the quote countered");
    const countered = sales.getByRole("region", { name: "Counter-offers" }).getByRole("row").filter({ hasText: /^1\. / });
    await visible(countered.getByText("€0.16"), "the buyer's target on line 1");
    await visible(countered.getByText("Steelcraft is cheaper on volume."), "the buyer's comment on line 1");
    await click(sales, "Revise the quote");
    const editor = await visible(sales.getByRole("form", { name: "Your quote" }), "the revision's editor");
    await visible(quoteLine(editor, 1).getByText("Buyer's counter-offer:"), "the counter beside line 1 in the editor");
    await quoteLine(editor, 1).getByLabel("Unit price (EUR)", { exact: true }).fill("0.18");
    await click(editor, "Send revision 2");
    await visible(sales.getByText("Revision 2 sent to the buyer."), "revision 2 sent");

    await page.reload();
    const quotes = await visible(page.getByRole("region", { name: "Invited suppliers" }), "the invited suppliers");
    await visible(quotes.getByRole("row").filter({ hasText: BOLTNUT.name }).getByText("Revised", { exact: true }), "BoltNut revised");
    await click(page, `Negotiate with ${BOLTNUT.name}`);
    const revised = await visible(page.getByRole("region", { name: `Negotiation with ${BOLTNUT.name}` }), "the negotiation");
    await visible(revised.getByText("Revision 2", { exact: false }).first(), "revision 2");
    await visible(revised.getByRole("heading", { name: "Changes from revision 1" }), "the diff of revision 2");
    const change = revised.getByRole("list", { name: "Changed lines" }).getByRole("listitem").filter({ hasText: "Unit price" }).first();
    await visible(change, "the changed unit price");
    assert.match(await change.innerText(), /€0\.19.*→.*€0\.18/s);
    await screenshot(page, "rfq-revision-diff");
  });

  step("the admin compares, awards lines to BoltNut and Steelcraft (orders and contract lists)", async () => {
    const admin = (world.admin = await person("admin@nordbau.demo"));
    world.current = admin;
    const { page } = admin;
    await page.goto(world.rfqUrl);
    await click(page, "Compare quotes", "link");
    await visible(h1(page, `Compare quotes: ${world.number}`));
    const matrix = page.getByRole("region", { name: "Quotes by line and supplier" });
    const line1 = matrix.getByRole("row").filter({ hasText: /^1\. / });
    await visible(line1.getByText(FIXPRO.sku, { exact: true }), "FixPro's own SKU on BoltNut's line");
    assert.equal(await line1.getByText(world.boltnutSku.sku, { exact: true }).count(), 1, "BoltNut's SKU only in BoltNut's cell");
    await screenshot(page, "rfq-compare");
    await page.getByRole("radio", { name: `Award line 1 to ${BOLTNUT.name}` }).check();
    await page.getByRole("radio", { name: `Award line 2 to ${STEELCRAFT.name}` }).check();
    await page.getByRole("radio", { name: `Award line 3 to ${STEELCRAFT.name}` }).check();
    await click(page, "Award selected lines…");
    const dialog = await visible(page.getByRole("dialog", { name: "Award" }), "the award dialog");
    await dialog.getByRole("checkbox", { name: /^Place orders now/ }).check();
    await dialog.getByRole("checkbox", { name: "Create contract price lists for reorders" }).check();
    await fill(dialog, "Contract prices valid until", inDays(365));
    await fill(dialog, "Purchase order number", `PO-${RUN}`);
    await click(dialog, "Award to 2 suppliers");
    const result = await visible(page.getByRole("region", { name: "Award" }), "the award's result");
    world.orders = {};
    for (const supplier of [BOLTNUT, STEELCRAFT]) {
      const row = result.getByRole("row").filter({ hasText: supplier.name });
      const order = await visible(row.getByRole("link", { name: /^Order / }), `${supplier.name}'s order`, 60_000);
      world.orders[supplier.slug] = (await order.innerText()).replace(/^Order /, "").trim();
      await visible(row.getByRole("cell").filter({ hasText: /^created/ }), `${supplier.name}'s contract list`, 60_000);
    }
    await screenshot(page, "rfq-awarded");
  });

  step("both orders in the buyer's and the suppliers' order lists; the contract list prices the next cart", async () => {
    const { page } = (world.current = world.purchaser);
    await click(page, "Orders", "link");
    await visible(h1(page, "Orders"));
    for (const number of Object.values(world.orders)) await visible(page.getByRole("link", { name: number, exact: true }), `order ${number} in the buyer's list`);

    for (const supplier of [BOLTNUT, STEELCRAFT]) {
      const sales = supplier.person.page;
      world.current = supplier.person;
      await click(sales, "Orders received", "link");
      await visible(h1(sales, "Orders received"));
      await visible(sales.getByRole("link", { name: world.orders[supplier.slug], exact: true }), `${supplier.name}'s order in its list`);
    }

    // the winner's RFQ page says what it won; a loser is told, without anyone's prices
    const steelcraft = STEELCRAFT.person.page;
    world.current = STEELCRAFT.person;
    await openInvitation(steelcraft);
    await visible(steelcraft.getByRole("heading", { name: "Awarded to you" }), "Steelcraft's award");
    await visible(steelcraft.getByText(`Order ${world.orders.steelcraft} was placed for these lines.`), "Steelcraft's order on its RFQ page");
    world.current = FIXPRO.person;
    await openInvitation(FIXPRO.person.page);
    await visible(FIXPRO.person.page.getByText("Not chosen", { exact: true }).first(), "FixPro not chosen");

    const owner = (world.boltnutOwner = await person("owner@boltnut.demo"));
    world.current = owner;
    await click(owner.page, "Price lists", "link");
    await visible(h1(owner.page, "Price lists"));
    await visible(owner.page.getByRole("link", { name: `RFQ ${world.number}` }), "the contract list in BoltNut's price lists");

    // the purchaser's next cart: the SKU at the quoted break is priced by the contract list
    world.current = world.purchaser;
    const quantity = world.boltnutSku.moq * 10;
    await click(page, "Quick order", "link");
    await visible(h1(page, "Quick order"));
    await page.getByLabel("One SKU and quantity per line").fill(`${world.boltnutSku.sku} ${quantity}`);
    await page.getByRole("region", { name: "Paste" }).getByRole("button", { name: "Check rows" }).click();
    await visible(page.getByText("1 ready, 0 rejected, 0 to choose"), "the row ready");
    await click(page, "Add ready rows to cart");
    await click(page, "View cart", "link");
    await visible(h1(page, "Cart"));
    const line = page.getByRole("row").filter({ hasText: world.boltnutSku.sku });
    await visible(line.getByRole("cell", { name: "€0.17", exact: true }), "the contract's break price in the cart");
    await screenshot(page, "rfq-contract-cart");
  });
});

/** The supplier opens the RFQ from its inbox. */
async function openInvitation(page) {
  await page.goto("/app/quote-requests");
  await click(page, world.number, "link");
  await visible(page.getByRole("heading", { level: 1, name: new RegExp(`^${world.number}`) }), `${world.number} opened`);
}

/** The card of RFQ line `n` in the quote editor. */
const quoteLine = (editor, n) => editor.locator("li.rfq-line").filter({ has: editor.page().getByRole("heading", { level: 4, name: new RegExp(`^${n}\\. `) }) });

/** The supplier answers each line (null: not quoted) and sends revision 1. */
async function sendQuote(supplier, answers) {
  const { page } = (world.current = supplier.person);
  await openInvitation(page);
  // the buyer's drawing, readable by every invited supplier
  const drawing = await visible(page.getByRole("link", { name: DRAWING.name, exact: true }), `the drawing on ${supplier.name}'s page`);
  const download = await page.request.get(await drawing.getAttribute("href"));
  assert.equal(download.status(), 200, `${supplier.name} downloads the drawing`);
  assert.equal((await download.body()).toString(), DRAWING.buffer.toString());
  const editor = await visible(page.getByRole("form", { name: "Your quote" }), `${supplier.name}'s quote editor`);
  await fill(editor, "Valid until", inDays(60));
  for (const [i, answer] of answers.entries()) {
    const line = quoteLine(editor, i + 1);
    if (!answer) {
      await line.getByRole("radio", { name: "Not quoted", exact: true }).check();
      continue;
    }
    await line.getByRole("radio", { name: "Quoted", exact: true }).check();
    await line.getByLabel("Unit price (EUR)", { exact: true }).fill(answer.price);
    await line.getByLabel("Lead time (days)", { exact: true }).fill(answer.lead);
    if (answer.sku) await line.getByLabel("Your SKU", { exact: true }).fill(answer.sku);
    if (answer.breakFrom) {
      await line.getByRole("button", { name: "Add a break" }).click();
      await line.getByLabel(/break 1, from quantity$/).fill(answer.breakFrom);
      await line.getByLabel(/break 1, unit price$/).fill(answer.breakPrice);
    }
  }
  await click(editor, "Send revision 1");
  await visible(page.getByText("Revision 1 sent to the buyer."), `${supplier.name}'s revision 1 sent`);
}
