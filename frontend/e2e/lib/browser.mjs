// Debian's chromium driven by playwright-core (no browser download).

import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";

import { E2E_DIR } from "./server.mjs";

export const CHROMIUM = process.env.HANSA_E2E_CHROMIUM || "/usr/bin/chromium";
export const SCREENSHOTS = path.join(E2E_DIR, "screenshots");

export const LAUNCH_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  // Ctrl-C / SIGTERM are handled by lib/server.mjs (stop hansa, then exit); playwright's
  // own handlers would exit first. Chromium is still killed on exit.
  handleSIGINT: false,
  handleSIGTERM: false,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium`);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  // the folder shows this run only (no FAILED-… picture from an earlier one)
  for (const name of await readdir(SCREENSHOTS)) {
    if (name.endsWith(".png")) await rm(path.join(SCREENSHOTS, name), { force: true });
  }
  return chromium.launch(LAUNCH_OPTIONS);
}

/**
 * A fresh browser context (own cookies and storage: one per person) on the server.
 * Console errors and failed requests are collected for failure messages.
 */
export async function newPerson(browser, baseUrl, { locale = "en-GB" } = {}) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    // failed requests show up here too ("Failed to load resource"): a 401 from
    // GET /api/v1/me when signed out is expected; 5xx answers are caught below
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on("response", (res) => {
    if (res.status() >= 500) problems.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return { context, page, problems };
}

export async function screenshot(page, name) {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
