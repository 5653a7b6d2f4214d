import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, user, type SignedIn } from "../support/factories";
import { assessedCity, assign, completeScoring, THREE_VENUES } from "../support/flow";
import { Api, ok, REDIS_URL, startApi } from "../support/harness";
import { freePort, gone, logged, ROOT, spawnNode, type Spawned } from "../support/processes";
import { dropQueue, waitFor, type JobRunView } from "../support/worker";

/*
 * Two API processes (their own ports) and two worker processes on one database and one queue, as a scaled-out
 * installation runs: both APIs answer, overdue rectifications are escalated once each however many escalations
 * the workers run, and an evaluation requested on one API is shared by both workers and read on the other.
 */
const HOUR = 3_600_000;
const spawned: Spawned[] = [];
let api: Api;
let admin: SignedIn;
let campaignId: string;
let rectifications: string[];
const ports: number[] = [];
const workers: Spawned[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-b", "apps/api", "apps/worker"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  api = await startApi();
  const c = await city(api);
  admin = c.admin;
  campaignId = c.campaignId;
  // Rectifications due two days after the test clock's 2024 date: long overdue for the processes' real clock.
  const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
  const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
  const districtAssessor = await user(api, "ASSESSOR", { unitId: c.districtId });
  const assessor = await user(api, "ASSESSOR");
  const findings = [
    { indicatorCode: "I01", ruleCode: "R1" },
    { indicatorCode: "I01", ruleCode: "R2" },
    { indicatorCode: "I03", ruleCode: "R1" },
  ];
  const ua = await completeScoring(api, {
    campaignId,
    kind: "UNIFIED_ASSESSMENT",
    venueId: c.venues.districtSubcenter,
    assigner: manager,
    assignee: districtAssessor,
    findings,
  });
  const dueAt = new Date(api.clock.now().getTime() + 48 * HOUR).toISOString();
  rectifications = [];
  for (const p of ua.problems)
    rectifications.push(
      (
        await assign(api, manager, {
          campaignId,
          kind: "RECTIFICATION",
          problemIds: [p.id],
          assigneeId: staff.id,
          dueAt,
        })
      ).id,
    );
  // Four more districts of three venues: 18 venues, 9 evaluation parts of 2.
  await assessedCity(api, c, assessor, { districts: 4, types: THREE_VENUES, except: [c.venues.districtSubcenter] });

  const env = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_URL: api.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: api.config.QUEUE_PREFIX,
    JWT_SECRET: "test-secret-test-secret",
    BCRYPT_ROUNDS: "4",
    LOG_LEVEL: "info",
    // Escalations run when the test asks (and once as each worker starts), not on a timer.
    ESCALATION_EVERY: "1h",
    WORKER_CONCURRENCY: "2",
    EVALUATION_BATCH_SIZE: "2",
  };
  for (let i = 0; i < 2; i++) {
    ports.push(await freePort());
    spawned.push(spawnNode("apps/api/dist/main.js", { ...env, PORT: String(ports[i]) }));
    workers.push(spawnNode("apps/worker/dist/main.js", env));
  }
  spawned.push(...workers);
  await waitFor(
    async () =>
      spawned.every((s) => logged(s, "api", /^GraphQL on/).length + logged(s, "worker", /^ready/).length === 1),
    120_000,
    "two APIs and two workers to start",
  );
}, 300_000);

afterAll(async () => {
  for (const s of spawned) if (!gone(s.child.pid!)) s.child.kill("SIGKILL");
  await dropQueue(REDIS_URL, api.config.QUEUE_PREFIX);
  await api?.close();
});

async function gql(port: number, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ query, variables }),
  });
  return ok(await res.json());
}

const settledOn = (port: number, id: string) =>
  waitFor(
    async () => {
      const run: JobRunView = (
        await gql(port, `query($id: ID!) { jobRun(id: $id) { id name state result failedReason attempts } }`, { id })
      ).jobRun;
      return run.state === "COMPLETED" || run.state === "FAILED" ? run : null;
    },
    60_000,
    `job run ${id} to finish`,
  );

describe("two APIs and two workers on one database and queue", () => {
  it("answer on both APIs", async () => {
    for (const port of ports) expect((await gql(port, "{ me { id } }")).me.id).toBe(admin.id);
  });

  it("escalate each overdue rectification once, however many escalations both workers run at once", async () => {
    const requested = await Promise.all(
      [0, 1, 0, 1, 0, 1].map(async (i) => ({
        port: ports[1 - i]!,
        id: (await gql(ports[i]!, "mutation { triggerEscalation { id } }")).triggerEscalation.id as string,
      })),
    );
    // Each run read on the API it was not requested on.
    for (const r of requested)
      expect(await settledOn(r.port, r.id)).toMatchObject({ state: "COMPLETED", failedReason: null });
    const levels: { task_id: number; level: number; n: number | string }[] = await api.ds.query(
      "SELECT task_id, level, COUNT(*) AS n FROM escalation WHERE task_id IN (?) GROUP BY task_id, level",
      [rectifications.map(Number)],
    );
    expect(levels.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(
      levels
        .filter((r) => r.level === 1)
        .map((r) => String(r.task_id))
        .sort(),
    ).toEqual([...rectifications].sort());
    const events: { task_id: number; n: number | string }[] = await api.ds.query(
      "SELECT task_id, COUNT(*) AS n FROM task_event WHERE action = 'ESCALATED' AND task_id IN (?) GROUP BY task_id",
      [rectifications.map(Number)],
    );
    const raised = (taskId: number) => levels.filter((r) => r.task_id === taskId && r.level > 0).length;
    expect(events.map((r) => Number(r.n) - raised(r.task_id))).toEqual(rectifications.map(() => 0));
    const notices = await api.ds.query(
      "SELECT task_id, user_id, COUNT(*) AS n FROM notification WHERE kind = 'ESCALATION_1' AND task_id IN (?) GROUP BY task_id, user_id HAVING n > 1",
      [rectifications.map(Number)],
    );
    expect(notices).toEqual([]);
    console.log(
      `scale-out: ${requested.length} escalation runs on 2 workers, ${rectifications.length} overdue rectifications, escalation rows ${JSON.stringify(levels.map((r) => [r.task_id, r.level, Number(r.n)]))}`,
    );
  }, 120_000);

  it("share an evaluation requested on one API between both workers; the other API reads it", async () => {
    // The parts block on a locked table, so that each worker holds two of them at once.
    const lock = await createConnection(api.databaseUrl);
    await lock.query("LOCK TABLES task WRITE");
    const queue = await api.services.producer.ready();
    let id: string;
    try {
      id = (
        await gql(ports[0]!, `mutation($c: ID!) { requestAnnualEvaluation(campaignId: $c) { id } }`, { c: campaignId })
      ).requestAnnualEvaluation.id;
      const running = await waitFor(
        async () => {
          const parts = (await queue.getJobs(["active"])).filter((j) => j?.name === "evaluation-part");
          return parts.length >= 4 ? parts : null;
        },
        30_000,
        "both workers to run two parts each",
      );
      expect(new Set(running.map((j) => j.processedBy)).size).toBe(2);
    } finally {
      await lock.query("UNLOCK TABLES");
      await lock.end();
    }
    const run = await settledOn(ports[1]!, id);
    expect(run).toMatchObject({ state: "COMPLETED", failedReason: null, result: { parts: 9 } });
    const parts = (await queue.getJobs(["completed"])).filter((j) => j?.id?.startsWith(`evaluation-part.${id}.`));
    expect(parts).toHaveLength(9);
    // Job.processedBy names the worker process ("<host>:<pid>"): both had their share.
    const byWorker = [...new Set(parts.map((j) => j.processedBy))];
    expect(byWorker).toHaveLength(2);
    console.log(
      `scale-out: evaluation ${id} parts by worker ${JSON.stringify(Object.fromEntries(byWorker.map((w) => [w, parts.filter((j) => j.processedBy === w).length])))}`,
    );
    for (const w of workers) expect(byWorker.some((name) => name?.endsWith(`:${w.child.pid}`))).toBe(true);
    expect(await api.ds.query("SELECT id FROM evaluation_run WHERE job_run_id = ?", [Number(id)])).toHaveLength(1);
    const read = (
      await gql(ports[1]!, `query($c: ID!) { annualEvaluation(campaignId: $c) { id entries { rank score } } }`, {
        c: campaignId,
      })
    ).annualEvaluation;
    const units = await api.ds.query("SELECT id FROM unit WHERE kind IN ('DISTRICT','DEPARTMENT')");
    expect(read.entries).toHaveLength(units.length);
    expect(
      (await gql(ports[0]!, `query($c: ID!) { annualEvaluation(campaignId: $c) { id } }`, { c: campaignId }))
        .annualEvaluation.id,
    ).toBe(read.id);
  }, 120_000);
});
