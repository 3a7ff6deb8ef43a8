// Run by `npm test` before the browser tests: fail early, with a clear message,
// when something they need is missing. The tests do not build anything themselves.
import { existsSync } from "node:fs";

import { CHROMIUM } from "./lib/browser.mjs";
import { DIST_INDEX, HANSA_BIN } from "./lib/server.mjs";

const problems = [];
if (!existsSync(DIST_INDEX)) {
  problems.push(`the web UI is not built: ${DIST_INDEX} is missing.\n  Build it first: cd frontend && npm ci && npm run build   (make e2e does this)`);
}
if (!existsSync(HANSA_BIN)) {
  problems.push(`the backend is not installed: ${HANSA_BIN} is missing.\n  Install it first: make install`);
}
if (!existsSync(CHROMIUM)) {
  problems.push(`chromium is missing: ${CHROMIUM}.\n  Install Debian's: apt-get update && apt-get install -y chromium   (never a browser download)`);
}
if (problems.length) {
  console.error(`e2e: cannot run the browser tests:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
