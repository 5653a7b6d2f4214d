import { QUEUE_NAME, type Handlers } from "@assess/jobs";
import { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobContext } from "../../apps/worker/src/context";
import { HANDLERS } from "../../apps/worker/src/handlers";
import { reconcileRuns } from "../../apps/worker/src/reconcile";
import type { RunningWorker } from "../../apps/worker/src/worker";
import { city, user, type SignedIn } from "../support/factories";
import { assessedCity, THREE_VENUES } from "../support/flow";
import { type Api, ok, REDIS_URL, startApi } from "../support/harness";
import { capturedLogger } from "../support/captured-log";
import { startOwnMariaDb, type OwnMariaDb } from "../support/own-mariadb";
import { dropQueue, settled, startTestWorker, waitFor } from "../support/worker";

/*
 * The database goes away under a running API and worker: a MariaDB of this file's own, stopped for 30 s in the middle
 * of an annual evaluation. Requests meanwhile answer 503 SERVICE_UNAVAILABLE and the outage is logged once; the
 * evaluation's parts ride it out and the run ends COMPLETED with the ranking an undisturbed run computes. And runs whose
 * end was never written are put right from BullMQ by the reconciliation.
 */
let db: OwnMariaDb;
let api: Api;
let admin: SignedIn;
let campaignId: string;
// The API's log as it writes it: the outage's lines, and any unexpected error (there must be none).
const { log, lines } = capturedLogger("api");
const outageWarnings = () => lines.filter((l) => l.level === "warn" && /the database is unavailable/.test(l.msg));

beforeAll(async () => {
  db = await startOwnMariaDb();
  // Short timeouts, so that a frozen server is given up on quickly here (30 s and 5 s by default).
  api = await startApi({ EVALUATION_BATCH_SIZE: "2", DB_QUERY_TIMEOUT: "3s", DB_CONNECT_TIMEOUT: "2s" }, undefined, {
    server: db.url,
    log,
  });
  const c = await city(api);
  admin = c.admin;
  campaignId = c.campaignId;
  const assessor = await user(api, "ASSESSOR");
  await assessedCity(api, c, assessor, { districts: 1, types: THREE_VENUES.slice(0, 2) });
}, 180_000);

afterAll(async () => {
  await db?.start().catch(() => {});
  await dropQueue(REDIS_URL, api?.config.QUEUE_PREFIX ?? "none");
  await api?.close();
  await db?.destroy();
});

const REQUEST = `mutation($c: ID!) { requestAnnualEvaluation(campaignId: $c) { id state } }`;
const entriesOf = (jobRunId: string) =>
  api.ds.query(
    "SELECT e.unit_id, e.`rank`, e.score, e.penalty, e.venue_count FROM evaluation_entry e JOIN evaluation_run r ON r.id = e.run_id WHERE r.job_run_id = ? ORDER BY e.unit_id",
    [Number(jobRunId)],
  );

describe("MariaDB stopped for 30 s in the middle of an evaluation", () => {
  let worker: RunningWorker | undefined;
  afterAll(() => worker?.close(1000));

  it("answers 503 meanwhile, logs the outage once, and the run ends COMPLETED with the undisturbed ranking", async () => {
    // The second part waits at a gate on its first attempt: the test stops the database there, then lets it run.
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const handlers: Handlers<JobContext> = {
      ...HANDLERS,
      "evaluation-part": async (p, ctx) => {
        if (p.part === 1 && ctx.job.attemptsMade === 0) {
          reached();
          await gate;
        }
        return HANDLERS["evaluation-part"](p, ctx);
      },
    };
    worker = await startTestWorker(api, { handlers, concurrency: 2 });
    const run = ok(await api.gql(REQUEST, { c: campaignId }, admin.token)).requestAnnualEvaluation;
    await atGate;

    await db.stop();
    open();
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: "down" });
    // A read, a write, an export and a read with a token: all 503 with the contract's code and a sentence, no internals.
    const answers = await Promise.all([
      fetch(`${api.url}/graphql`, gqlBody(`{ me { id } }`, admin.token)),
      fetch(`${api.url}/graphql`, gqlBody(`{ tasks(first: 5) { nodes { id } } }`, admin.token)),
      fetch(
        `${api.url}/graphql`,
        gqlBody(`mutation { login(username: "nobody", password: "whatever-123") { token } }`),
      ),
      fetch(`${api.url}/exports/evaluation/${campaignId}.xlsx`, {
        headers: { authorization: `Bearer ${admin.token}` },
      }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(503);
      const body = (await res.json()) as {
        errors?: { extensions: { code: string }; message: string }[];
        code?: string;
        message: string;
      };
      const error = body.errors?.[0] ?? { extensions: { code: body.code }, message: body.message };
      expect(error.extensions.code).toBe("SERVICE_UNAVAILABLE");
      expect(error.message).toMatch(/database cannot be reached/);
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|at .*\.js|stack/);
    }
    // The run is not over: its part is being retried.
    await new Promise((r) => setTimeout(r, 30_000));
    await db.start();

    const done = await settled(api, admin.token, run.id, 120_000);
    expect(done.state).toBe("COMPLETED");
    expect(outageWarnings()).toHaveLength(1);
    await waitFor(
      async () => lines.some((l) => l.level === "info" && /^the database is back after/.test(l.msg)),
      10_000,
      "the outage's end to be logged",
    );
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);

    // The same ranking as a run without an outage.
    const again = ok(await api.gql(REQUEST, { c: campaignId }, admin.token)).requestAnnualEvaluation;
    expect((await settled(api, admin.token, again.id, 60_000)).state).toBe("COMPLETED");
    const disturbed = await entriesOf(run.id);
    expect(disturbed.length).toBeGreaterThan(1);
    expect(disturbed).toEqual(await entriesOf(again.id));
  }, 240_000);
});

describe("a frozen MariaDB (it keeps its sockets and answers nothing)", () => {
  it("is down on /healthz within a second, and requests answer 503 after DB_QUERY_TIMEOUT instead of hanging", async () => {
    expect(ok(await api.gql(`{ me { id } }`, {}, admin.token)).me.id).toBe(admin.id);
    const warned = outageWarnings().length;
    await db.freeze();
    try {
      // Without the timeouts both would wait for ever (the fetch gives up first and fails the test).
      const health = await fetch(`${api.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ db: "down" });
      const res = await fetch(`${api.url}/graphql`, {
        ...gqlBody(`{ tasks(first: 5) { nodes { id } } }`, admin.token),
        signal: AbortSignal.timeout(20_000),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
        "SERVICE_UNAVAILABLE",
      );
      expect(outageWarnings()).toHaveLength(warned + 1);
    } finally {
      db.thaw();
    }
    await waitFor(
      async () => (await fetch(`${api.url}/healthz`)).status === 200,
      20_000,
      "the database to answer again",
    );
    expect(ok(await api.gql(`{ me { id } }`, {}, admin.token)).me.id).toBe(admin.id);
  }, 60_000);
});

describe("reconciliation with BullMQ", () => {
  it("ends runs whose end was never written, as BullMQ has it, and leaves the ones still going", async () => {
    const prefix = `${api.config.QUEUE_PREFIX}-reconcile`;
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    const insert = async (state: string, createdAt = new Date()) => {
      const r = await api.ds.query(
        "INSERT INTO job_run (name, state, payload, attempts, created_at) VALUES ('escalation', ?, '{}', 1, ?)",
        [state, createdAt],
      );
      return Number(r.insertId);
    };
    const completed = await insert("ACTIVE");
    const failed = await insert("ACTIVE");
    const waiting = await insert("QUEUED");
    const lost = await insert("QUEUED", new Date(Date.now() - 5 * 60_000));
    const fresh = await insert("QUEUED");
    // A bare BullMQ worker runs two of them and writes nothing: as if our worker had lost its last write.
    const bare = new Worker(
      QUEUE_NAME,
      async (job) => {
        if (job.id === `escalation.${failed}`) throw new Error("the job failed for a reason of its own");
        return { escalated: 3 };
      },
      { connection: { url: REDIS_URL }, prefix, autorun: false },
    );
    try {
      await queue.add("escalation", {}, { jobId: `escalation.${completed}` });
      await queue.add("escalation", {}, { jobId: `escalation.${failed}`, attempts: 1 });
      void bare.run();
      await waitFor(
        async () =>
          (await queue.getJobCounts("completed", "failed")).failed === 1 &&
          (await queue.getJobCounts("completed")).completed === 1,
        10_000,
        "the bare jobs",
      );
      await bare.close();
      await queue.add("escalation", {}, { jobId: `escalation.${waiting}` });

      const { ended } = await reconcileRuns(api.ds, queue, { clock: () => new Date(), lostAfterMs: 60_000 });
      expect(ended).toBe(3);
      const rows: { id: number; state: string; result: unknown; failed_reason: string | null }[] = await api.ds.query(
        "SELECT id, state, result, failed_reason FROM job_run WHERE id IN (?) ORDER BY id",
        [[completed, failed, waiting, lost, fresh]],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(completed)).toMatchObject({ state: "COMPLETED", result: { escalated: 3 } });
      expect(byId.get(failed)).toMatchObject({
        state: "FAILED",
        failed_reason: "the job failed for a reason of its own",
      });
      expect(byId.get(waiting)).toMatchObject({ state: "QUEUED" });
      expect(byId.get(lost)?.state).toBe("FAILED");
      expect(byId.get(lost)?.failed_reason).toMatch(/no longer in the queue/);
      expect(byId.get(fresh)).toMatchObject({ state: "QUEUED" });
      // Twice is the same as once.
      expect((await reconcileRuns(api.ds, queue, { clock: () => new Date(), lostAfterMs: 60_000 })).ended).toBe(0);
    } finally {
      await bare.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

function gqlBody(query: string, token?: string): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  };
}
