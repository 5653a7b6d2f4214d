import { ESCALATION_SCHEDULER_ID, QUEUE_NAME } from "@assess/jobs";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningWorker } from "../../apps/worker/src/worker";
import { assessedSubcenter, assign } from "../support/flow";
import { Api, ok, startApi } from "../support/harness";
import { startOwnRedis, type OwnRedis } from "../support/own-redis";
import { settled, startTestWorker, waitFor } from "../support/worker";

/*
 * Redis restarted under a running worker. The test runs a Redis of its own (another port, append-only file on),
 * so that the shared one is untouched.
 */
let redis: OwnRedis;
let api: Api;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  redis = await startOwnRedis(["--appendonly", "yes", "--appendfsync", "always"]);
  api = await startApi({ REDIS_URL: redis.url, ESCALATION_EVERY: "1s" });
}, 60_000);

afterAll(async () => {
  await worker?.close(5_000);
  await api?.close();
  await redis?.destroy();
});

const level = async (taskId: string) =>
  Number((await api.ds.query("SELECT escalation_level AS l FROM task WHERE id = ?", [Number(taskId)]))[0].l);

describe("Redis restarted during a run", () => {
  it("keeps the escalation scheduler; the worker reconnects by itself and the next escalation runs; producers fail fast meanwhile", async () => {
    api.clock.set("2024-06-01T02:00:00Z");
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    const { manager, staff } = c;
    const ua = c.assessment;
    const dueAt = new Date(api.clock.now().getTime() + 3_600_000).toISOString();
    const rect = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: [ua.problems[0]!.id],
      assigneeId: staff.id,
      dueAt,
    });
    api.clock.advanceHours(2);

    // The worker installs the scheduler (every ESCALATION_EVERY = 1 s); the first run raises the task to level 1.
    worker = await startTestWorker(api, { schedule: true, lockMs: 2_000 });
    await waitFor(async () => (await level(rect.id)) === 1, 15_000, "the scheduled escalation to reach level 1");

    await redis.stop();
    // Producers answer at once that the queue is unavailable; the run is recorded as FAILED with the reason.
    const t0 = Date.now();
    const refused = ok(
      await api.gql(`mutation { triggerEscalation { id state failedReason } }`, {}, c.admin.token),
    ).triggerEscalation;
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(refused.state).toBe("FAILED");
    expect(refused.failedReason).toMatch(
      new RegExp(
        `^not queued: the job queue is unavailable: Redis at redis://127.0.0.1:${redis.port}/? does not answer`,
      ),
    );

    // Time passes for the task while Redis is down for a few seconds.
    api.clock.advanceHours(73);
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await level(rect.id)).toBe(1);

    await redis.start();
    // The scheduler came back with Redis's append-only file.
    const inspect = new Queue(QUEUE_NAME, {
      connection: { host: "127.0.0.1", port: redis.port },
      prefix: api.config.QUEUE_PREFIX,
    });
    try {
      const scheduler = await inspect.getJobScheduler(ESCALATION_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ key: ESCALATION_SCHEDULER_ID, every: 1000, name: "escalation" });
    } finally {
      await inspect.close();
    }
    // The worker reconnected by itself: the next scheduled escalation takes the task to level 2.
    await waitFor(async () => (await level(rect.id)) === 2, 30_000, "the next scheduled escalation after the restart");
    // And requests are queued and run again.
    const again = ok(await api.gql(`mutation { triggerEscalation { id } }`, {}, c.admin.token)).triggerEscalation;
    expect((await settled(api, c.admin.token, again.id, 20_000)).state).toBe("COMPLETED");
  }, 90_000);
});
