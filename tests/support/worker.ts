import { JobProducer } from "@assess/jobs";
import { createLogger } from "@assess/log";
import { Queue } from "bullmq";
import { startWorker, type RunningWorker, type WorkerOptions } from "../../apps/worker/src/worker";
import type { Api } from "./harness";
import { ok } from "./harness";

/**
 * A BullMQ worker in this process on the API's database, queue prefix and test clock. Without `schedule: true`
 * it does not install the escalation scheduler, so that a test decides when escalations run.
 */
export function startTestWorker(api: Api, o: Partial<WorkerOptions> = {}): Promise<RunningWorker> {
  return startWorker({
    ds: api.ds,
    redisUrl: api.config.REDIS_URL,
    prefix: api.config.QUEUE_PREFIX,
    concurrency: 4,
    lockMs: 30_000,
    settings: {
      everyMs: api.config.ESCALATION_EVERY,
      stepHours: api.config.ESCALATION_STEP_HOURS,
      batchSize: api.config.EVALUATION_BATCH_SIZE,
      webhookAllowPrivate: api.config.WEBHOOK_ALLOW_PRIVATE === "1",
      webhookSweepMs: 100,
    },
    clock: api.clock.now,
    log: createLogger({ app: "worker", level: process.env.TEST_LOG ? "debug" : "silent" }),
    schedule: false,
    ...o,
  });
}

/** Polls until `probe` answers something truthy, or fails after `ms`. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  ms = 20_000,
  what = "the condition",
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface JobRunView {
  id: string;
  name: string;
  state: "QUEUED" | "ACTIVE" | "COMPLETED" | "FAILED";
  result: any;
  failedReason: string | null;
  attempts: number;
}

const JOB_RUN = `query($id: ID!) { jobRun(id: $id) { id name state result failedReason attempts } }`;

/** Reads a job run through the API until it is COMPLETED or FAILED. */
export function settled(api: Api, token: string, id: string, ms = 30_000): Promise<JobRunView> {
  return waitFor(
    async () => {
      const run: JobRunView = ok(await api.gql(JOB_RUN, { id }, token)).jobRun;
      return run.state === "COMPLETED" || run.state === "FAILED" ? run : null;
    },
    ms,
    `job run ${id} to finish`,
  );
}

/** Removes a test's BullMQ keys from Redis. */
export async function dropQueue(redisUrl: string, prefix: string): Promise<void> {
  const producer = new JobProducer({ redisUrl, prefix });
  try {
    const queue: Queue = await producer.ready();
    await queue.obliterate({ force: true });
  } catch {
    // Redis already gone (a test stopped it): nothing to clean.
  } finally {
    await producer.close();
  }
}
