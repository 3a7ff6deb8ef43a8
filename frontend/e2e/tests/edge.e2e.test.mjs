// The built UI under the app's security headers (issue 9 #17, #25): it loads and works with
// no Content-Security-Policy violation, its console areas arrive as separate chunks on first
// visit, compressed and cached for good, and no source map is published.
//
// Run alone: node --test --test-reporter=spec tests/edge.e2e.test.mjs

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, LAUNCH_OPTIONS, newPerson } from "../lib/browser.mjs";
import { createOperator, DIST_INDEX, startHansa } from "../lib/server.mjs";
import { click, h1, signIn, visible } from "../lib/ui.mjs";

const RUN = Date.now().toString(36);
const OPERATOR = { email: `edge-operator-${RUN}@hansa.example`, name: "Edda Operator", password: "Operator-pass-42" };
const ASSETS = path.join(path.dirname(DIST_INDEX), "assets");

let server;
let browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  server = await startHansa();
  await createOperator(server, OPERATOR);
  browser = await chromium.launch(LAUNCH_OPTIONS);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A person whose page records every CSP violation, from the DOM event and from the console. */
async function watchedPerson() {
  const person = await newPerson(browser, server.baseUrl);
  const violations = [];
  await person.context.exposeFunction("__cspViolation", (text) => violations.push(text));
  await person.context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  person.page.on("console", (msg) => {
    if (/Content.Security.Policy|Refused to/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  const scripts = [];
  person.page.on("response", (res) => {
    if (/\/assets\/.+\.js$/.test(new URL(res.url()).pathname)) scripts.push(res);
  });
  return { ...person, violations, scripts };
}

test("the built UI runs under the CSP, loads areas lazily, compressed and immutable", async () => {
  const { page, problems, violations, scripts } = await watchedPerson();

  const landing = await page.goto("/");
  const headers = landing.headers();
  assert.match(headers["content-security-policy"], /script-src 'self';/);
  assert.match(headers["content-security-policy"], /frame-ancestors 'none'/);
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["x-frame-options"], "DENY");
  assert.equal(headers["referrer-policy"], "no-referrer");
  assert.equal(headers["cache-control"], "no-cache");
  assert.equal(headers.server, undefined, "no Server banner");

  await signIn(page, OPERATOR.email, OPERATOR.password);
  await visible(h1(page, "Operator console"), `h1 "Operator console"`);
  await page.waitForLoadState("networkidle");
  const shell = scripts.length;
  await click(page, "Audit log", "link");
  await visible(page.getByRole("heading", { name: /audit log/i }), `a heading "Audit log"`);
  await click(page, "Tenants", "link");
  await visible(page.getByRole("heading", { name: /tenants/i }).first(), `a heading "Tenants"`);
  await page.waitForLoadState("networkidle");

  const loadedLater = scripts.slice(shell).map((res) => path.basename(new URL(res.url()).pathname));
  assert.ok(loadedLater.some((name) => name.startsWith("Audit-")), `the audit page's chunk on first visit: ${loadedLater}`);
  assert.ok(loadedLater.some((name) => name.startsWith("Tenants-")), `the tenants page's chunk on first visit: ${loadedLater}`);
  for (const res of scripts) {
    const h = await res.allHeaders();
    assert.equal(h["cache-control"], "public, max-age=31536000, immutable", res.url());
    if (Number(h["content-length"] ?? 2048) > 1024) assert.equal(h["content-encoding"], "br", res.url());
  }

  assert.deepEqual(violations, [], "no Content-Security-Policy violation");
  assert.deepEqual(problems, [], "no page errors");
});

test("a production build publishes no source maps", async () => {
  const files = await readdir(ASSETS);
  assert.deepEqual(files.filter((f) => f.endsWith(".map")), []);
  for (const file of files.filter((f) => f.endsWith(".js"))) {
    const text = await readFile(path.join(ASSETS, file), "utf8");
    assert.ok(!text.includes("sourceMappingURL"), `${file} points to a source map`);
  }
});
