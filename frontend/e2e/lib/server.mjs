// A real Hansa server for the browser tests: `hansa up` (embedded PostgreSQL and
// Redis, migrations, web and worker) on a free port with a fresh data directory,
// plus the `hansa operators create` CLI against it.
//
// No process may outlive the run:
// - `hansa up` is started through `setpriv --pdeathsig SIGTERM`, so the kernel sends
//   it SIGTERM if this Node process dies in any way (even SIGKILL); `hansa up` in turn
//   stops web, worker, PostgreSQL and Redis (they die with their parent too).
// - stop() sends SIGTERM and waits; after a grace period it sends SIGKILL.
// - a process 'exit' hook sends SIGTERM to anything still running.

import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FRONTEND_DIR = path.resolve(E2E_DIR, "..");
export const REPO_ROOT = path.resolve(FRONTEND_DIR, "..");
export const HANSA_BIN = process.env.HANSA_BIN || path.join(REPO_ROOT, ".venv", "bin", "hansa");
export const DIST_INDEX = path.join(FRONTEND_DIR, "dist", "index.html");

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;

/** Processes to signal if Node exits without a clean stop(). */
const live = new Set();
/** Servers started and not yet stopped: stopped (and their data removed) on Ctrl-C. */
const running = new Set();
let shuttingDown = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  // Ctrl-C reaches this process with SIGINT, and `node --test` follows up with SIGTERM:
  // both wait for the one shutdown
  process.on(signal, () => {
    if (!shuttingDown) {
      console.error(`# ${signal}: stopping ${running.size} hansa server(s)`);
      shuttingDown = Promise.allSettled([...running].map((server) => server.stop()));
      shuttingDown.then(() => process.exit(signal === "SIGINT" ? 130 : 143));
    }
  });
}
process.on("exit", () => {
  for (const child of live) {
    try {
      child.kill("SIGTERM");
    } catch {
      /* already gone */
    }
  }
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 60) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function hasSetpriv() {
  return spawnSync("setpriv", ["--help"], { stdio: "ignore" }).status === 0;
}

/**
 * Start `hansa up`; resolves once GET /readyz answers 200.
 * @returns {Promise<HansaServer>}
 */
export async function startHansa({ readyTimeoutMs = READY_TIMEOUT_MS } = {}) {
  if (!existsSync(HANSA_BIN)) {
    throw new Error(`${HANSA_BIN} not found: install the backend first (make install)`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hansa-e2e-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    HANSA_DATA_DIR: dataDir,
    HANSA_PORT: String(port),
    HANSA_PUBLIC_URL: baseUrl,
    HANSA_ENV: "development",
    HANSA_LOG_JSON: "false",
  };
  // an SMTP server or external services from the caller's environment would bypass
  // the embedded ones and the development mail API
  for (const name of ["HANSA_SMTP_URL", "HANSA_DATABASE_URL", "HANSA_REDIS_URL"]) delete env[name];

  const logPath = path.join(dataDir, "hansa-up.log");
  const log = createWriteStream(logPath);
  await new Promise((r) => log.on("open", r));
  const [cmd, args] = hasSetpriv()
    ? ["setpriv", ["--pdeathsig", "SIGTERM", "--", HANSA_BIN, "up"]]
    : [HANSA_BIN, ["up"]];
  const child = spawn(cmd, args, { env, cwd: REPO_ROOT, stdio: ["ignore", log, log] });
  live.add(child);
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  let exitInfo = null;
  exited.then((info) => (exitInfo = info));

  const server = {
    port,
    baseUrl,
    dataDir,
    env,
    logPath,
    pid: child.pid,
    logTail: (n) => tail(logPath, n),
    async stop({ keepData = !!process.env.HANSA_E2E_KEEP_DATA } = {}) {
      running.delete(server);
      if (!exitInfo) {
        child.kill("SIGTERM");
        let timer;
        const timeout = new Promise((r) => (timer = setTimeout(r, STOP_TIMEOUT_MS, null)));
        const done = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (!done) {
          child.kill("SIGKILL");
          await exited;
        }
      }
      log.end();
      if (keepData) {
        console.log(`# kept the data directory ${dataDir}`);
      } else {
        await rm(dataDir, { recursive: true, force: true }).catch(() => {});
      }
      return exitInfo;
    },
  };

  running.add(server);
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitInfo) {
      const out = tail(logPath);
      await server.stop({ keepData: true });
      throw new Error(`hansa up exited early (${JSON.stringify(exitInfo)}); log ${logPath}:\n${out}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      const out = tail(logPath);
      await server.stop({ keepData: true });
      throw new Error(`hansa up not ready after ${readyTimeoutMs / 1000}s; log ${logPath}:\n${out}`);
    }
    await sleep(500);
  }
  return server;
}

/** Run a `hansa …` CLI command with the server's environment; resolves with its output. */
export function hansaCli(server, args, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(HANSA_BIN, args, { env: server.env, cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    live.add(child);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`hansa ${args.join(" ")} failed (${code ?? signal}):\n${out}`));
    });
  });
}

export async function createOperator(server, { email, name, password }) {
  return hansaCli(server, ["operators", "create", "--email", email, "--name", name, "--password", password]);
}

/**
 * Poll GET /api/v1/dev/mail?to=<address> until a mail whose subject matches appears.
 * `after` skips mails already seen (ids).
 */
export async function waitForMail(server, to, subject, { timeoutMs = 30_000, skipIds = [] } = {}) {
  const matches = (s) => (subject instanceof RegExp ? subject.test(s) : s.includes(subject));
  const deadline = Date.now() + timeoutMs;
  let last = [];
  for (;;) {
    const res = await fetch(`${server.baseUrl}/api/v1/dev/mail?to=${encodeURIComponent(to)}`);
    if (res.ok) {
      last = await res.json();
      const found = last.find((m) => matches(m.subject) && !skipIds.includes(m.id));
      if (found) return found;
    } else if (res.status !== 503) {
      throw new Error(`GET /api/v1/dev/mail answered ${res.status}: ${await res.text()}`);
    }
    if (Date.now() > deadline) {
      const seen = last.map((m) => m.subject).join(" | ") || "none";
      throw new Error(`no mail to ${to} with subject ${subject} within ${timeoutMs / 1000}s (seen: ${seen})`);
    }
    await sleep(300);
  }
}

/** The first link in a mail body whose path starts with `pathPrefix` (e.g. "/verify-email"). */
export function linkFrom(mail, pathPrefix) {
  for (const match of mail.body.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const url = new URL(match[0]);
    if (url.pathname.startsWith(pathPrefix)) return url;
  }
  throw new Error(`no ${pathPrefix} link in the mail "${mail.subject}":\n${mail.body}`);
}
