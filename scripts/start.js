#!/usr/bin/env node
// `npm start`: supervises the API and the worker on one machine. The API runs as API_PROCESSES processes sharing
// PORT (node:cluster: this process holds the port and hands connections to them); the worker as one process.
// Either can also run alone (node apps/api/dist/main.js, node apps/worker/dist/main.js), several times over.
// - A child that exits is started again after 1 s, then 2, 4 … up to 30 s; one that had run a minute starts at 1 s.
// - Every child has an IPC channel to this process: if this process dies, even by SIGKILL, the channel closes and
//   the children leave (cluster's API processes at once, the worker after finishing its running jobs).
// - SIGTERM or SIGINT is passed on; the children drain (SHUTDOWN_GRACE) and this process exits 0 when they did.
const cluster = require("node:cluster");
const { fork } = require("node:child_process");
const { existsSync } = require("node:fs");
const { availableParallelism } = require("node:os");
const { join } = require("node:path");
const { clearTimeout, setTimeout } = require("node:timers");
const { ConfigError, apiProcessCount, loadConfig } = require("../libs/config/dist");
const { createLogger } = require("../libs/log/dist");

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
const STEADY_MS = 60_000;
/** Beyond the children's own grace: time to close their connections and exit. */
const EXIT_MARGIN_MS = 5000;

const root = join(__dirname, "..");
const API = join(root, "apps/api/dist/main.js");
const WORKER = join(root, "apps/worker/dist/main.js");

let log = createLogger({ app: "supervisor" });
let config;
try {
  config = loadConfig(process.env, { needsSecret: existsSync(API) });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  log.fatal(e.message);
  process.exit(1);
}
log = createLogger({ app: "supervisor", level: config.LOG_LEVEL, format: config.LOG_FORMAT });

const slots = [];
let stopping = false;
let failedStop = false;

/** One supervised child: `start()` makes it, and again with backoff whenever it exits while we are not stopping. */
function supervise(name, start) {
  const slot = { name, child: null, timer: null, delay: FIRST_DELAY_MS };
  const launch = () => {
    slot.timer = null;
    const startedAt = Date.now();
    const child = start();
    slot.child = child;
    log.info({ child: name, childPid: child.pid }, `${name} started (pid ${child.pid})`);
    child.once("exit", (code, signal) => {
      slot.child = null;
      const how = signal ? `by ${signal}` : `with code ${code}`;
      if (stopping) {
        if (signal === "SIGKILL" || (code !== 0 && code !== null)) failedStop = true;
        log.info({ child: name, childPid: child.pid }, `${name} (pid ${child.pid}) exited ${how}`);
        return exitWhenAllStopped();
      }
      if (Date.now() - startedAt >= STEADY_MS) slot.delay = FIRST_DELAY_MS;
      log.warn(
        { child: name, childPid: child.pid },
        `${name} (pid ${child.pid}) exited ${how}; starting it again in ${slot.delay / 1000} s`,
      );
      slot.timer = setTimeout(launch, slot.delay);
      slot.delay = Math.min(slot.delay * 2, MAX_DELAY_MS);
    });
  };
  launch();
  slots.push(slot);
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  log.info(
    `${signal}: stopping the children (they finish what they are doing, at most ${config.SHUTDOWN_GRACE / 1000} s)`,
  );
  for (const slot of slots) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.child?.kill("SIGTERM");
  }
  setTimeout(() => {
    for (const slot of slots) slot.child?.kill("SIGKILL");
  }, config.SHUTDOWN_GRACE + EXIT_MARGIN_MS).unref();
  exitWhenAllStopped();
}

function exitWhenAllStopped() {
  if (slots.some((s) => s.child)) return;
  process.exit(failedStop ? 1 : 0);
}

if (existsSync(API)) {
  const processes = apiProcessCount(config.API_PROCESSES, availableParallelism());
  cluster.setupPrimary({ exec: API });
  for (let i = 1; i <= processes; i++) supervise(processes === 1 ? "api" : `api-${i}`, () => cluster.fork().process);
}
if (existsSync(WORKER)) supervise("worker", () => fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] }));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stop(sig));
