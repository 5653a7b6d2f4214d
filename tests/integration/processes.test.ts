import { execFileSync } from "node:child_process";
import { connect } from "node:net";
import { join } from "node:path";
import { createConnection, type Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, type SignedIn } from "../support/factories";
import { Api, REDIS_URL, startApi } from "../support/harness";
import { freePort, gone, logged, ROOT, spawnNode, type Spawned } from "../support/processes";
import { dropQueue, waitFor } from "../support/worker";

/*
 * The processes as they run in production: the API drained by SIGTERM under load, and `npm start`'s supervisor
 * (API_PROCESSES on one port, request ids and users in the logs, a killed worker restarted, no orphan when the
 * supervisor itself is killed, SIGTERM passed on).
 */
const spawned: Spawned[] = [];
let api: Api;
let admin: SignedIn;

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-b", "apps/api", "apps/worker"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  api = await startApi();
  admin = (await city(api)).admin;
}, 180_000);

afterAll(async () => {
  for (const s of spawned) {
    const pids = [s.child.pid!, ...s.lines().flatMap((l) => (typeof l.childPid === "number" ? [l.childPid] : []))];
    for (const pid of pids) if (!gone(pid)) process.kill(pid, "SIGKILL");
  }
  await dropQueue(REDIS_URL, api.config.QUEUE_PREFIX);
  await api?.close();
});

/** The test's database and queue, the harness's signing secret (its tokens are good here), as in production. */
const envOn = (port: number): Record<string, string> => ({
  // Not vitest's "test": Apollo installs its own signal handlers in every other environment.
  NODE_ENV: "production",
  PORT: String(port),
  HOST: "127.0.0.1",
  DATABASE_URL: api.databaseUrl,
  REDIS_URL,
  QUEUE_PREFIX: api.config.QUEUE_PREFIX,
  JWT_SECRET: "test-secret-test-secret",
  BCRYPT_ROUNDS: "4",
  ESCALATION_EVERY: "1h",
  LOG_LEVEL: "info",
});

function track(s: Spawned): Spawned {
  spawned.push(s);
  return s;
}

/** The pids the supervisor started for `name`, oldest first. */
const startedPids = (s: Spawned, name: string) =>
  logged(s, "supervisor", /started/)
    .filter((l) => l.child === name)
    .map((l) => l.childPid as number);

const gql = (port: number, query: string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${admin.token}`, ...headers },
    body: JSON.stringify({ query }),
  });

/** Whether a new TCP connection to the port is refused. */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });

/** Statements of the test's database waiting for a table lock. */
async function waitingForLock(conn: Connection): Promise<number> {
  const [rows] = await conn.query(
    "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND STATE LIKE 'Waiting for table%'",
  );
  return Number((rows as { n: number }[])[0]!.n);
}

describe("the API process", () => {
  it("on SIGTERM under load refuses new connections, answers every request in flight in full, and exits 0", async () => {
    const port = await freePort();
    const p = track(spawnNode("apps/api/dist/main.js", envOn(port)));
    await waitFor(async () => logged(p, "api", /^GraphQL on/).length > 0, 60_000, "the API to listen");
    const lock = await createConnection(api.databaseUrl);
    await lock.query("LOCK TABLES task WRITE");
    let answers: Promise<{ status: number; body: unknown }>[] = [];
    try {
      // 20 requests held in flight: 10 wait for the locked table (the pool's 10 connections), 10 for a connection.
      answers = Array.from({ length: 20 }, () =>
        gql(port, "{ tasks(first: 5) { totalCount } }").then(async (r) => ({ status: r.status, body: await r.json() })),
      );
      await waitFor(
        async () => (await waitingForLock(lock)) >= 10,
        20_000,
        "ten requests to wait for the locked table",
      );
      await new Promise((r) => setTimeout(r, 1000));
      p.child.kill("SIGTERM");
      await waitFor(
        async () => logged(p, "api", /^SIGTERM: no new connections/).length > 0,
        10_000,
        "the API to start draining",
      );
      expect(await refused(port)).toBe(true);
      expect(p.child.exitCode).toBeNull(); // still answering what is in flight
    } finally {
      await lock.query("UNLOCK TABLES");
      await lock.end();
    }
    const results = await Promise.all(answers);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const r of results) expect(r.body).toEqual({ data: { tasks: { totalCount: expect.any(Number) } } });
    expect(await p.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});

describe("npm start (scripts/start.js)", () => {
  it("runs API_PROCESSES=2 on one port, logs each request's id and user, restarts a killed worker, and stops on SIGTERM with exit 0", async () => {
    const port = await freePort();
    const s = track(spawnNode("scripts/start.js", { ...envOn(port), API_PROCESSES: "2", LOG_LEVEL: "debug" }));
    await waitFor(
      async () => logged(s, "api", /^GraphQL on/).length === 2 && logged(s, "worker", /^ready/).length === 1,
      120_000,
      "two API processes and a worker to start",
    );
    expect(startedPids(s, "api-1")).toHaveLength(1);
    expect(startedPids(s, "api-2")).toHaveLength(1);

    // Both API processes serve the one port; each request's lines carry its id (given, or made) and its user.
    for (let i = 0; i < 12; i++) {
      const res = await gql(port, "{ me { id } }", { "x-request-id": `scale-${i}` });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBe(`scale-${i}`);
    }
    const made = (await gql(port, "{ me { id } }", { "x-request-id": 'not an id {"level":"fatal"}' })).headers.get(
      "x-request-id",
    );
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const served = await waitFor(
      async () => {
        const lines = s
          .lines()
          .filter((l) => l.app === "api" && typeof l.reqId === "string" && l.reqId.startsWith("scale-"));
        return lines.length === 12 ? lines : null;
      },
      10_000,
      "a log line per request",
    );
    expect(new Set(served.map((l) => l.pid)).size).toBe(2);
    expect(served.every((l) => l.userId === Number(admin.id) && /^POST \/graphql 200 /.test(l.msg))).toBe(true);

    // An unexpected error: answered without internals, logged once with the request's id, its user and the stack.
    await api.ds.query("RENAME TABLE campaign TO campaign_away");
    try {
      const res = await gql(port, "{ campaigns { id } }", { "x-request-id": "broken-1" });
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
        "INTERNAL_SERVER_ERROR",
      );
    } finally {
      await api.ds.query("RENAME TABLE campaign_away TO campaign");
    }
    const failure = await waitFor(
      async () => s.lines().find((l) => l.reqId === "broken-1" && l.level === "error"),
      10_000,
      "the error's log line",
    );
    expect(failure).toMatchObject({
      app: "api",
      msg: "unexpected error",
      userId: Number(admin.id),
      err: { message: expect.stringMatching(/campaign/) },
    });
    expect(s.lines().filter((l) => l.reqId === "broken-1" && l.level === "error")).toHaveLength(1);

    // A worker killed outright is started again; the API answers meanwhile.
    const [first] = startedPids(s, "worker");
    process.kill(first!, "SIGKILL");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const second = await waitFor(async () => startedPids(s, "worker")[1], 30_000, "the worker to be started again");
    expect(second).not.toBe(first);
    expect(gone(first!)).toBe(true);
    await waitFor(
      async () => logged(s, "worker", /^ready/).some((l) => l.pid === second),
      60_000,
      "the new worker to be ready",
    );
    expect(logged(s, "supervisor", /exited by SIGKILL; starting it again in 1 s/).map((l) => l.childPid)).toEqual([
      first,
    ]);

    const children = [...startedPids(s, "api-1"), ...startedPids(s, "api-2"), second!];
    s.child.kill("SIGTERM");
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(children.filter((pid) => !gone(pid))).toEqual([]);
    expect(logged(s, "worker", /^SIGTERM: finishing running jobs/)).toHaveLength(1);
    expect(logged(s, "api", /^SIGTERM: no new connections/)).toHaveLength(2);
  }, 240_000);

  it("killed with SIGKILL, leaves no API or worker process behind", async () => {
    const s = track(spawnNode("scripts/start.js", envOn(await freePort())));
    await waitFor(
      async () => logged(s, "api", /^GraphQL on/).length === 1 && logged(s, "worker", /^ready/).length === 1,
      120_000,
      "the API and the worker to start",
    );
    const children = [...startedPids(s, "api"), ...startedPids(s, "worker")];
    expect(children).toHaveLength(2);
    s.child.kill("SIGKILL");
    await s.exited;
    await waitFor(async () => children.every(gone), 15_000, "the children to leave with their parent");
    // The worker left as it does on SIGTERM, its running jobs finished.
    expect(logged(s, "worker", /^the parent process is gone: finishing running jobs/)).toHaveLength(1);
  }, 180_000);
});
