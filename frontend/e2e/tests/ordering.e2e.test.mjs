// The ordering journey (issue 11, item 11): the Nordbau purchaser pastes 300 lines of two
// suppliers into quick order, adds them to the cart and checks out; one supplier order is
// above the purchaser's 5,000 EUR limit and above the demo rule's 10,000 EUR, so the checkout
// waits for the approver, then an admin; both suppliers find their order in their inbox; one
// confirms and ships part of it with a carrier and tracking; the buyer sees the order partly
// shipped with the tracking link.
//
// Uses the demo data `hansa up` loads into a fresh database (docs/demo-data.md). The 300
// lines are chosen through the API first (as another Nordbau member, so the purchaser's cart
// starts empty): SKUs the purchaser may order, at quantities the pack rules accept and the
// stock covers.
// Run alone: node --test --test-reporter=spec tests/ordering.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

import { apiCall } from "../lib/api.mjs";
import { CHROMIUM, LAUNCH_OPTIONS, newPerson, screenshot } from "../lib/browser.mjs";
import { DIST_INDEX, startHansa } from "../lib/server.mjs";
import { choose, click, fill, h1, signIn, visible } from "../lib/ui.mjs";

const PASSWORD = "Hansa-Demo-2026";
const LINES = 300;
// the big order: above the purchaser's per-order limit (5,000) and the rule's 10,000; the
// estimate uses each line's price at its smallest quantity, tiers take off at most 12 %
const BIG = { slug: "boltnut", prefix: "BN", name: "BoltNut Industrial GmbH", atLeast: 15_000 };
// the small order: below the purchaser's limit at its highest prices
const SMALL = { slug: "voltra", prefix: "VE", name: "Voltra Electric BV", below: 4_000, lines: 40 };
const TRACKING = { carrier: "DHL Freight", number: "JD0146000012345", url: "https://www.dhl.com/track?id=JD0146000012345" };

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

async function token(email) {
  const login = await apiCall(server, "POST", "/auth/login", { email, password: PASSWORD, mode: "bearer" });
  assert.equal(login.status, 200, `${email} signs in (demo data loaded): ${JSON.stringify(login.data)}`);
  return login.data.token;
}

const skus = (prefix, count) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(5, "0")}-01`);

/**
 * The pasted lines: the first variant of the two suppliers' first products, each at the quantity
 * the rules suggest (resolved as Nordbau). To learn each line's price and whether the stock covers
 * it (the cart shows a band, never the count), they go into Nordbau's owner's cart at 1, 4 and 16
 * times that quantity, one round each, and out again. The big supplier's lines then grow, the
 * most valuable first, to the largest multiple in stock until its order is well above 10,000 EUR.
 */
async function chooseLines() {
  const owner = await token("owner@nordbau.demo");
  const orgs = await apiCall(server, "GET", "/orgs", undefined, owner);
  const nordbau = orgs.data.find((org) => /Nordbau/.test(org.name));
  assert.ok(nordbau, `Nordbau among the owner's organisations: ${JSON.stringify(orgs.data)}`);
  const org = `/orgs/${nordbau.id}`;
  const rows = [...skus(BIG.prefix, 320).map((sku) => ({ sku, quantity: "1", supplier: BIG.slug })), ...skus(SMALL.prefix, 120).map((sku) => ({ sku, quantity: "1", supplier: SMALL.slug }))];
  const resolved = await apiCall(server, "POST", `${org}/quick-order/resolve`, { rows }, owner);
  assert.equal(resolved.status, 200, JSON.stringify(resolved.data).slice(0, 500));
  const minimums = resolved.data.rows
    .filter((row) => row.status === "accepted" || ["below_minimum", "not_pack_multiple"].includes(row.reason))
    .map((row) => ({ sku: row.sku, supplier: row.supplier.slug, minimum: Number(row.status === "accepted" ? row.quantity : row.suggested_quantity) }));

  /** The lines in stock at `times` their minimum, by SKU: the unit price there. */
  const inStockAt = async (times) => {
    const added = await apiCall(server, "POST", `${org}/quick-order/add`, { rows: minimums.map((l) => ({ sku: l.sku, quantity: String(l.minimum * times), supplier: l.supplier })) }, owner);
    assert.equal(added.status, 200, JSON.stringify(added.data).slice(0, 500));
    const cart = await apiCall(server, "GET", `${org}/cart`, undefined, owner);
    assert.equal((await apiCall(server, "DELETE", `${org}/cart`, undefined, owner)).status, 204);
    const lines = cart.data.groups.flatMap((group) => group.lines);
    return new Map(lines.filter((l) => l.unit_price != null && l.problem == null && l.stock?.band === "in_stock").map((l) => [l.sku, Number(l.unit_price)]));
  };
  const rounds = [];
  for (const times of [1, 4, 16]) rounds.push({ times, prices: await inStockAt(times) });
  const [base] = rounds;
  const candidates = minimums
    .filter((l) => base.prices.has(l.sku))
    .map((l) => ({ ...l, price: base.prices.get(l.sku), times: 1, most: Math.max(...rounds.filter((r) => r.prices.has(l.sku)).map((r) => r.times)) }));
  const value = (line, times = line.times) => line.price * line.minimum * times;

  const small = [];
  let smallTotal = 0;
  for (const line of candidates.filter((l) => l.supplier === SMALL.slug).sort((a, b) => value(a) - value(b))) {
    if (small.length === SMALL.lines || smallTotal + value(line) >= SMALL.below) break;
    small.push(line);
    smallTotal += value(line);
  }
  const big = candidates.filter((l) => l.supplier === BIG.slug).slice(0, LINES - small.length);
  assert.ok(small.length > 0 && big.length + small.length === LINES, `${LINES} orderable lines (${big.length} of ${BIG.slug}, ${small.length} of ${SMALL.slug})`);
  let bigTotal = big.reduce((sum, line) => sum + value(line), 0);
  for (const line of [...big].sort((a, b) => value(b, b.most) - value(a, a.most))) {
    if (bigTotal >= BIG.atLeast) break;
    bigTotal += value(line, line.most) - value(line);
    line.times = line.most;
  }
  assert.ok(bigTotal >= BIG.atLeast, `${BIG.slug}'s lines reach ${BIG.atLeast} EUR within stock (${bigTotal})`);
  // tabs, semicolons and spaces, as pasted from a spreadsheet, an export or typed
  const separators = ["\t", ";", " "];
  return [...big, ...small].map((line, i) => `${line.sku}${separators[i % 3]}${line.minimum * line.times}`).join("\n");
}

async function approve(email, level, levels) {
  const approver = await newPerson(browser, server.baseUrl);
  const { page } = approver;
  await signIn(page, email, PASSWORD);
  await click(page, "Approvals", "link");
  await visible(h1(page, "Approvals"));
  const request = page.getByRole("row").filter({ hasText: BIG.name }).filter({ hasText: SMALL.name });
  await visible(request.getByText(`${level} of ${levels}`, { exact: true }), `the request at level ${level} of ${levels}`);
  await visible(request.getByText(/is above the per-order limit of EUR 5,000\.00/), "why: the big order above the purchaser's limit");
  await screenshot(page, `ordering-approvals-level-${level}`);
  await request.getByRole("button", { name: "Approve", exact: true }).click();
  await visible(page.getByText(new RegExp(`^The request of .+ is approved at level ${level}\\.$`)), `the approval at level ${level}`);
  assert.deepEqual(approver.problems, []);
  await approver.context.close();
}

/** The supplier's sales user finds the order in "Orders received" and opens it. */
async function openInInbox(email, number) {
  const sales = await newPerson(browser, server.baseUrl);
  await signIn(sales.page, email, PASSWORD);
  await click(sales.page, "Orders received", "link");
  await visible(h1(sales.page, "Orders received"));
  await click(sales.page, number, "link");
  await visible(sales.page.getByRole("heading", { level: 1, name: new RegExp(`^${number} `) }), `order ${number}`);
  return sales;
}

test("paste 300 lines, check out across 2 suppliers, two approvals, both suppliers see their order, one ships part, the buyer sees tracking", async () => {
  const paste = await chooseLines();

  // the purchaser: quick order → cart → checkout
  const buyer = await newPerson(browser, server.baseUrl);
  const { page } = buyer;
  await signIn(page, "purchaser@nordbau.demo", PASSWORD);
  await click(page, "Quick order", "link");
  await visible(h1(page, "Quick order"));
  await page.getByLabel("One SKU and quantity per line").fill(paste);
  await page.getByRole("region", { name: "Paste" }).getByRole("button", { name: "Check rows" }).click();
  await visible(page.getByText(`${LINES} ready, 0 rejected, 0 to choose`), "the report's summary");
  await screenshot(page, "ordering-quick-order");
  await click(page, "Add ready rows to cart");
  await visible(page.getByText(`${LINES} rows added to the cart.`), "the added notice");
  await visible(page.getByRole("link", { name: `Cart, ${LINES} lines` }), "the header badge");
  await click(page, "View cart", "link");
  await visible(h1(page, "Cart"));
  await click(page, "Checkout", "link");
  await visible(h1(page, "Checkout"));
  await visible(page.getByRole("region", { name: "These orders need approval before they are placed:" }), "the approval notice");
  for (const supplier of [BIG, SMALL]) {
    // bank transfer: on account, the order may wait for a credit check instead
    const section = await visible(page.getByRole("region", { name: supplier.name }), `${supplier.name}'s section`);
    await choose(section, "Payment method", "Bank transfer in advance");
  }
  await screenshot(page, "ordering-checkout");
  await click(page, "Place orders");
  await visible(h1(page, "Your orders"), "the checkout result", 60_000);
  await visible(page.getByText("Waiting for approval", { exact: true }).first(), "the checkout waits for approval");
  await visible(page.getByRole("link", { name: "Cart, 0 lines" }), "the header badge: the cart is empty now");
  await screenshot(page, "ordering-waiting-for-approval");

  // the approver, then an admin (the demo rule: orders above 10,000 EUR)
  await approve("approver@nordbau.demo", 1, 2);
  await approve("admin@nordbau.demo", 2, 2);

  // the approval places the orders in the background; the open result page asks again by itself
  await visible(page.getByText("Done", { exact: true }), "the checkout done, without a reload", 60_000);
  const numberOf = async (supplier) => {
    const text = await page.getByRole("row").filter({ hasText: supplier.name }).innerText();
    const match = text.match(/Order (\S+) placed/);
    assert.ok(match, `${supplier.name}'s order placed: ${JSON.stringify(text)}`);
    return match[1];
  };
  const bigNumber = await numberOf(BIG);
  const smallNumber = await numberOf(SMALL);
  await screenshot(page, "ordering-placed");

  // both suppliers see their order; the small one's confirms and ships its first line
  const bigSales = await openInInbox(`sales@${BIG.slug}.demo`, bigNumber);
  await visible(bigSales.page.getByText("Placed", { exact: true }), `${bigNumber} placed`);
  assert.deepEqual(bigSales.problems, []);
  await bigSales.context.close();

  const sales = await openInInbox(`sales@${SMALL.slug}.demo`, smallNumber);
  const inbox = sales.page;
  await click(inbox, "Confirm");
  await visible(inbox.getByText(`Order ${smallNumber}: done.`), "the confirmation");
  await visible(inbox.getByRole("heading", { level: 1, name: `${smallNumber} Confirmed` }), "the order confirmed");
  await click(inbox, "Ship");
  const form = await visible(inbox.getByRole("form", { name: "Ship lines" }), "the ship form");
  const toShip = form.getByRole("textbox", { name: /^To ship: / });
  const count = await toShip.count();
  assert.ok(count > 1, `the ship form lists every open line (${count})`);
  for (let i = 1; i < count; i += 1) await toShip.nth(i).fill("0");
  await fill(form, "Carrier", TRACKING.carrier);
  await fill(form, "Tracking number", TRACKING.number);
  await fill(form, "Tracking URL", TRACKING.url);
  await screenshot(inbox, "ordering-ship");
  await form.getByRole("button", { name: "Ship", exact: true }).click();
  await visible(inbox.getByRole("heading", { level: 1, name: `${smallNumber} Partly shipped` }), "the order partly shipped");
  await visible(inbox.getByRole("link", { name: `Track ${TRACKING.number}` }), "the supplier's tracking link");
  assert.deepEqual(sales.problems, []);
  await sales.context.close();

  // the buyer: history → the order, partly shipped, with the tracking link
  await click(page, "Orders", "link");
  await visible(h1(page, "Orders"));
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: smallNumber, exact: true }) });
  await visible(row.getByText("Partly shipped", { exact: true }), `${smallNumber} partly shipped in the history`);
  await click(page, smallNumber, "link");
  await visible(page.getByRole("heading", { level: 1, name: `${smallNumber} Partly shipped` }), "the buyer's order detail");
  const track = await visible(page.getByRole("link", { name: `Track ${TRACKING.number}` }), "the buyer's tracking link");
  assert.equal(await track.getAttribute("href"), TRACKING.url);
  await visible(page.getByText(TRACKING.carrier, { exact: false }), "the carrier");
  await screenshot(page, "ordering-buyer-tracking");
  assert.deepEqual(buyer.problems, []);
  await buyer.context.close();
});
