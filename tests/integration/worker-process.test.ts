import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { dropDatabase } from "@assess/data";
import { createConnection, type Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, user, type SignedIn } from "../support/factories";
import { assessedCity, THREE_VENUES } from "../support/flow";
import { Api, MARIADB, ok, REDIS_URL, startApi } from "../support/harness";
import { freePort } from "../support/ports";
import { dropQueue, settled, startTestWorker, waitFor } from "../support/worker";

/*
 * The worker as a process of its own (apps/worker/dist/main.js): killed with SIGKILL in the middle of an evaluation,
 * stopped with SIGTERM, and started by `npm start`'s script beside the API.
 */
const root = join(__dirname, "..", "..");
const children: ChildProcess[] = [];
let api: Api;
let admin: SignedIn;
let campaignId: string;

beforeAll(async () => {
  // The entries under test must be compiled; only these projects, so that others' work in progress cannot break the build here.
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b", "apps/api", "apps/worker"], {
    cwd: root,
    stdio: "inherit",
  });
  api = await startApi();
  const c = await city(api);
  admin = c.admin;
  campaignId = c.campaignId;
  const assessor = await user(api, "ASSESSOR");
  // Four more districts of three venues each: 18 venues in all, 9 parts of 2.
  await assessedCity(api, c, assessor, { districts: 4, types: THREE_VENUES });
}, 180_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await dropQueue(REDIS_URL, api.config.QUEUE_PREFIX);
  await api?.close();
});

interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnNode(file: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [file], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (b) => (out += b));
  child.stderr!.on("data", (b) => (out += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

function spawnWorker(): Spawned {
  return spawnNode("apps/worker/dist/main.js", {
    DATABASE_URL: api.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: api.config.QUEUE_PREFIX,
    JOB_LOCK: "2s",
    // Three: the escalation the scheduler runs at start may be one of them.
    WORKER_CONCURRENCY: "3",
    EVALUATION_BATCH_SIZE: "2",
    ESCALATION_EVERY: "1h",
    LOG_LEVEL: "info",
  });
}

const ready = (w: Spawned) =>
  waitFor(async () => /"app":"worker".*"msg":"ready/.test(w.output()), 30_000, "the worker to be ready");

/** Holds a write lock on `task`: the evaluation's parts block on it, in the middle of their work. */
async function holdTasks(): Promise<Connection> {
  const conn = await createConnection(api.databaseUrl);
  await conn.query("LOCK TABLES task WRITE");
  return conn;
}

async function activeParts(): Promise<number> {
  const queue = await api.services.producer.ready();
  return (await queue.getJobs(["active"])).filter((j) => j?.name === "evaluation-part").length;
}

const request = async () =>
  ok(
    await api.gql(
      `mutation($c: ID!) { requestAnnualEvaluation(campaignId: $c) { id } }`,
      { c: campaignId },
      admin.token,
    ),
  ).requestAnnualEvaluation.id as string;

const entriesOf = (jobRunId: string) =>
  api.ds.query(
    `SELECT e.unit_id, e.\`rank\`, e.score, e.assessment_score, e.penalty, e.venue_count, e.overdue_rectifications, e.failed_rechecks, e.recurring_problems,
       e.unannounced_problems, e.breakdown FROM evaluation_entry e JOIN evaluation_run r ON r.id = e.run_id WHERE r.job_run_id = ? ORDER BY e.unit_id`,
    [Number(jobRunId)],
  );

describe("a worker process", () => {
  it("killed with SIGKILL in the middle of an evaluation: the parts are retried elsewhere and the result is stored once, as an uninterrupted run", async () => {
    const first = spawnWorker();
    await ready(first);
    const lock = await holdTasks();
    let id: string;
    try {
      id = await request();
      await waitFor(async () => (await activeParts()) >= 2, 20_000, "two parts to be running in the worker process");
      await new Promise((r) => setTimeout(r, 300));
      first.child.kill("SIGKILL");
      expect((await first.exited).signal).toBe("SIGKILL");
    } finally {
      await lock.query("UNLOCK TABLES");
      await lock.end();
    }
    const [before] = await api.ds.query("SELECT state FROM job_run WHERE id = ?", [Number(id)]);
    expect(before.state).toBe("ACTIVE");

    // Another worker takes the stalled parts over once their locks expire.
    const second = await startTestWorker(api, { lockMs: 2_000 });
    try {
      const run = await settled(api, admin.token, id, 60_000);
      expect(run).toMatchObject({ state: "COMPLETED", failedReason: null });
      const [{ n }] = await api.ds.query("SELECT COUNT(*) AS n FROM venue");
      const [{ m }] = await api.ds.query(
        "SELECT COUNT(*) AS m FROM venue v JOIN unit u ON u.id = v.unit_id WHERE u.kind <> 'CITY'",
      );
      expect(run.result).toMatchObject({ parts: Math.ceil(Number(n) / 2), venues: Number(m) });
      // The parts the killed process held ran again (BullMQ saw them stall), and only once more.
      const queue = await api.services.producer.ready();
      const parts = (await queue.getJobs(["completed"])).filter((j) => j?.id?.startsWith(`evaluation-part.${id}.`));
      expect(parts.filter((j) => j.stalledCounter > 0).length).toBeGreaterThanOrEqual(2);
      const stored = await api.ds.query("SELECT id FROM evaluation_run WHERE job_run_id = ?", [Number(id)]);
      expect(stored).toHaveLength(1);
      const units = await api.ds.query("SELECT id FROM unit WHERE kind IN ('DISTRICT','DEPARTMENT')");
      const interrupted = await entriesOf(id);
      expect(interrupted).toHaveLength(units.length);

      const again = await settled(api, admin.token, await request());
      expect(again.state).toBe("COMPLETED");
      expect(await entriesOf(again.id)).toEqual(interrupted);
    } finally {
      await second.close();
    }
  }, 120_000);

  it("stopped with SIGTERM, finishes the jobs it is running before it exits", async () => {
    const w = spawnWorker();
    await ready(w);
    const lock = await holdTasks();
    let id: string;
    try {
      id = await request();
      await waitFor(async () => (await activeParts()) >= 2, 20_000, "two parts to be running");
      w.child.kill("SIGTERM");
      await waitFor(
        async () => /SIGTERM: finishing running jobs/.test(w.output()),
        10_000,
        "the worker to start closing",
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(w.child.exitCode).toBeNull(); // still busy: its parts wait for the lock
    } finally {
      await lock.query("UNLOCK TABLES");
      await lock.end();
    }
    expect(await w.exited).toEqual({ code: 0, signal: null });
    // The parts it held were finished, not abandoned: none stalled, none retried.
    const queue = await api.services.producer.ready();
    const parts = (await queue.getJobs(["completed", "waiting", "active", "delayed"])).filter(
      (j) => j?.name === "evaluation-part" && j.id!.startsWith(`evaluation-part.${id}.`),
    );
    expect(parts.filter((j) => j.finishedOn).length).toBeGreaterThanOrEqual(2);
    for (const j of parts) expect([j.attemptsStarted <= 1, j.stalledCounter]).toEqual([true, 0]);
    // The rest of the run goes on in another worker.
    const other = await startTestWorker(api);
    try {
      expect((await settled(api, admin.token, id, 30_000)).state).toBe("COMPLETED");
    } finally {
      await other.close();
    }
  }, 90_000);
});

describe("npm start", () => {
  it("runs the API and a worker together; SIGTERM stops both", async () => {
    const databaseUrl = `${MARIADB}/sa_test_start_${randomBytes(4).toString("hex")}`;
    const port = await freePort();
    const prefix = `sa_test_start_${randomBytes(3).toString("hex")}`;
    const both = spawnNode("scripts/start.js", {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      JWT_SECRET: "start-test-secret-0123456789",
      ADMIN_USERNAME: "admin",
      ADMIN_PASSWORD: "start-test-password",
      BCRYPT_ROUNDS: "4",
      LOG_LEVEL: "info",
    });
    try {
      await waitFor(
        async () =>
          /"app":"worker".*"msg":"ready/.test(both.output()) && /"app":"api".*"msg":"GraphQL on/.test(both.output()),
        60_000,
        "API and worker to start",
      );
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const gql = async (query: string, token?: string) =>
        (await (
          await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ query }),
          })
        ).json()) as any;
      const token = (await gql(`mutation { login(username: "admin", password: "start-test-password") { token } }`)).data
        .login.token;
      const run = (await gql(`mutation { triggerEscalation { id } }`, token)).data.triggerEscalation;
      const done = await waitFor(
        async () => {
          const r = (await gql(`{ jobRun(id: "${run.id}") { state result } }`, token)).data.jobRun;
          return r.state === "COMPLETED" ? r : null;
        },
        30_000,
        "the escalation to run in the worker process",
      );
      expect(done.result).toMatchObject({ reminded: 0 });
      both.child.kill("SIGTERM");
      expect(await both.exited).toEqual({ code: 0, signal: null });
      expect(both.output()).toMatch(/"app":"worker".*"msg":"SIGTERM/);
      expect(both.output()).toMatch(/"app":"api".*"msg":"SIGTERM/);
    } finally {
      if (both.child.exitCode === null) both.child.kill("SIGKILL");
      await dropQueue(REDIS_URL, prefix);
      await dropDatabase(databaseUrl);
    }
  }, 120_000);
});
