import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { LAUNCH_OPTIONS } from "./lib/browser.mjs";
const base = "http://127.0.0.1:8731";
const shots = "/tmp/rfqb_shots";
const browser = await chromium.launch(LAUNCH_OPTIONS);
const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: "ro-RO" });
context.setDefaultTimeout(20_000);
const page = await context.newPage();
const problems = [];
page.on("pageerror", (e) => problems.push(`pageerror ${e.message}`));
page.on("response", (r) => { if (r.status() >= 400 && r.url().includes("/api/")) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
const shot = async (name) => { await page.waitForTimeout(600); await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true }); };
try {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill("purchaser@nordbau.demo");
  await page.getByLabel("Password", { exact: true }).fill("Hansa-Demo-2026");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/app/);
  await page.getByLabel("Language").first().selectOption("ro");
  await page.goto("/app/rfqs");
  await page.getByRole("link", { name: /RFQ-/ }).first().click();
  await page.getByRole("button", { name: /^Negociază cu/ }).first().click();
  const neg = page.getByRole("region", { name: /^Negociere cu/ });
  await neg.waitFor();
  const counter = neg.getByRole("form", { name: "Contraofertă" });
  await counter.getByRole("group").first().getByLabel("Preț țintă").fill("1,05");
  await counter.getByRole("group").first().getByLabel("Comentariu").fill("Can you match 1,05?");
  await counter.getByRole("button", { name: "Trimite contraoferta" }).click();
  await neg.getByText("Contraofertă trimisă.").waitFor();
  execFileSync("node", ["rfqb_quote.mjs", "1.08"]);
  await page.reload();
  await page.getByRole("button", { name: /^Negociază cu/ }).first().click();
  await page.getByRole("region", { name: /^Negociere cu/ }).getByText("Modificări față de revizia 1").waitFor();
  await shot("10-negotiation-ro");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot("11-negotiation-phone");
} catch (e) {
  problems.push(`FAILED ${e.message}`);
  await shot("98-failed");
} finally {
  console.log(problems.join("\n"));
  await browser.close();
}
