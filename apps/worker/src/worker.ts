import { createLogger, withLogContext, type Logger } from "@assess/log";
import {
  ESCALATION_JOB,
  ESCALATION_SCHEDULER_ID,
  EVIDENCE_CLEANUP_EVERY_MS,
  EVIDENCE_CLEANUP_JOB,
  EVIDENCE_CLEANUP_SCHEDULER_ID,
  PayloadError,
  WEBHOOK_DELIVERY_JOB,
  webhookJobId,
  QUEUE_NAME,
  connectRedis,
  createRegistry,
  evictionWarning,
  jobOptions,
  parsePayload,
  retryDelay,
  runIdOf,
  workerConnectionOptions,
  type Handlers,
} from "@assess/jobs";
import { FlowProducer, Job, Queue, UnrecoverableError, Worker, type MinimalJob } from "bullmq";
import { OutageWatch } from "@assess/data";
import { hostname } from "node:os";
import type { DataSource } from "typeorm";
import type { JobContext, WorkerSettings } from "./context";
import { HANDLERS } from "./handlers";
import { JobRuns } from "./job-runs";
import { reconcileRuns } from "./reconcile";
import { queuePending } from "./webhooks/deliver";

export interface WorkerOptions {
  ds: DataSource;
  redisUrl: string;
  /** QUEUE_PREFIX: BullMQ keys are "<prefix>:jobs:…". */
  prefix: string;
  concurrency: number;
  /** JOB_LOCK: a job whose worker stops renewing its lock for this long is taken over by another worker. */
  lockMs: number;
  settings: WorkerSettings;
  clock?: () => Date;
  log?: Logger;
  /** Keep the escalation job scheduler (every ESCALATION_EVERY) in place; default true. */
  schedule?: boolean;
  /** Tests may replace handlers; the registry still insists on one per job. */
  handlers?: Handlers<JobContext>;
  /** How often QUEUED and ACTIVE job runs are checked against BullMQ (besides once at start); default 3 minutes. */
  reconcileMs?: number;
}

/** A run whose job is not in the queue at all is ended FAILED after this long (the API writes the row, then queues). */
const LOST_AFTER_MS = 60_000;

export interface RunningWorker {
  worker: Worker;
  queue: Queue;
  /** Stops taking jobs and waits for the running ones (at most `graceMs`, then gives them up to another worker). */
  close(graceMs?: number): Promise<void>;
}

const DEFAULT_RETRY = { attempts: 1, backoff: { type: "exponential" as const, delay: 1_000 } };

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 2000);

/** A BullMQ worker over the one job queue, dispatching by job name through the registry. */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const registry = createRegistry(o.handlers ?? HANDLERS);
  const log = o.log ?? createLogger({ app: "worker" });
  const clock = o.clock ?? (() => new Date());
  const runs = new JobRuns(o.ds);
  // One plain connection for the queue and the flow producer; the Worker makes its own (one of them blocking).
  const redis = connectRedis(o.redisUrl, workerConnectionOptions(o.redisUrl));
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: o.prefix });
  const flows = new FlowProducer({ connection: redis, prefix: o.prefix });
  const quiet = rateLimited(log);
  // Runs whose end was not written (the database was down, a worker was killed) are put right from BullMQ: now and every few minutes.
  let reconciling: Promise<void> | null = null;
  const reconcile = () =>
    (reconciling ??= reconcileRuns(o.ds, queue, { clock, lostAfterMs: LOST_AFTER_MS })
      .then(({ ended }) => ended && log.info(`${ended} job run(s) brought in line with the queue`))
      .catch((e) => outage.report(e) || quiet("reconciling job runs", e))
      .then(() => void (reconciling = null)));
  // Once the database is back, runs whose end could not be written meanwhile are put right at once.
  const outage = new OutageWatch(log, () => o.ds.query("SELECT 1"), {
    meanwhile: "jobs are retried",
    onBack: () => void reconcile(),
  });
  redis.on("error", (e) => quiet("redis", e));
  queue.on("error", (e) => quiet("queue", e));
  flows.on("error", (e) => quiet("flows", e));

  const runJob = async (job: Job) => {
    const entry = registry.get(job.name);
    const runId = runIdOf(job.data);
    try {
      if (!entry) throw new UnrecoverableError(`no handler for job "${job.name}"`);
      let payload: unknown;
      try {
        payload = parsePayload(entry.job, job.data);
      } catch (e) {
        // A payload that is wrong now will be wrong on every retry.
        throw e instanceof PayloadError ? new UnrecoverableError(e.message) : e;
      }
      if (runId !== null) await runs.started(runId, job.attemptsMade + 1);
      const result = await entry.handle(payload, { ds: o.ds, clock, settings: o.settings, log, queue, flows, job });
      if (runId !== null && entry.job.completesRun) await runs.completed(runId, result, clock());
      return result;
    } catch (e) {
      const attempt = job.attemptsMade + 1;
      const unavailable = outage.report(e);
      // Its attempts ridden out, or (unless the database is out of reach, which is ridden out for minutes) its own attempts used up.
      const final =
        e instanceof UnrecoverableError ||
        attempt >= (job.opts.attempts ?? 1) ||
        (!unavailable && attempt >= (entry?.job.retry.attempts ?? 1));
      if (!unavailable || final)
        log.warn(`job ${job.name} (${job.id}) attempt ${attempt} failed${final ? "" : ", will retry"}: ${reasonOf(e)}`);
      if (runId !== null) {
        await runs.failed(runId, reasonOf(e), final, clock()).catch((err) => {
          // The run is put right by the next reconciliation once the database is back.
          if (!outage.report(err)) log.error({ err }, "could not record the failure");
        });
      }
      throw final && !(e instanceof UnrecoverableError) ? new UnrecoverableError(reasonOf(e)) : e;
    }
  };
  // Every line a job logs names it.
  const processJob = (job: Job) => withLogContext({ job: job.name, jobId: job.id }, () => runJob(job));

  const worker = new Worker(QUEUE_NAME, processJob, {
    connection: workerConnectionOptions(o.redisUrl),
    prefix: o.prefix,
    // On every job it runs (Job.processedBy): which process ran what.
    name: `${hostname()}:${process.pid}`,
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: o.lockMs,
    maxStalledCount: 2,
    autorun: false,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob) =>
        retryDelay(registry.get(job?.name ?? "")?.job.retry ?? DEFAULT_RETRY, attemptsMade),
    },
  });
  worker.on("error", (e) => quiet("worker", e));
  // Failures the processor never saw (a job that stalled too often) still end the run as FAILED.
  worker.on("failed", (job: Job | undefined, err: Error) => {
    const runId = job ? runIdOf(job.data) : null;
    if (job?.finishedOn && runId !== null)
      runs
        .failed(runId, reasonOf(err), true, clock())
        .catch((e) => outage.report(e) || log.error({ err: e }, "could not record the failure"));
  });

  const schedule = async () => {
    await queue.upsertJobScheduler(
      ESCALATION_SCHEDULER_ID,
      { every: o.settings.everyMs },
      { name: ESCALATION_JOB.name, data: parsePayload(ESCALATION_JOB, {}), opts: jobOptions(ESCALATION_JOB) },
    );
    await queue.upsertJobScheduler(
      EVIDENCE_CLEANUP_SCHEDULER_ID,
      { every: EVIDENCE_CLEANUP_EVERY_MS },
      {
        name: EVIDENCE_CLEANUP_JOB.name,
        data: parsePayload(EVIDENCE_CLEANUP_JOB, {}),
        opts: jobOptions(EVIDENCE_CLEANUP_JOB),
      },
    );
  };
  if (o.schedule !== false) {
    await schedule();
    // A Redis that restarted without persistence has lost the scheduler: put it back on every reconnection.
    let first = true;
    redis.on("ready", () => {
      if (first) return void (first = false);
      log.info("reconnected to Redis");
      schedule().catch((e) => quiet("scheduler", e));
    });
    if (redis.status === "ready") first = false;
  }
  void worker.run().catch((err) => log.error({ err }, "the worker stopped"));
  await worker.waitUntilReady();
  const eviction = await evictionWarning(redis);
  if (eviction) log.warn(`WARNING: ${eviction}`);

  void reconcile();
  const reconciler = setInterval(() => void reconcile(), o.reconcileMs ?? 180_000);
  reconciler.unref();

  // The webhook outbox: deliveries recorded in the API's and the worker's transactions are put on the queue here.
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    queuePending(
      o.ds,
      (ids) =>
        queue
          .addBulk(
            ids.map((deliveryId) => ({
              name: WEBHOOK_DELIVERY_JOB.name,
              data: parsePayload(WEBHOOK_DELIVERY_JOB, { deliveryId }),
              opts: { ...jobOptions(WEBHOOK_DELIVERY_JOB), jobId: webhookJobId(deliveryId) },
            })),
          )
          .then(() => undefined),
      clock(),
    )
      .catch((e) => outage.report(e) || quiet("webhook outbox", e))
      .finally(() => (sweeping = false));
  }, o.settings.webhookSweepMs ?? 1000);
  sweep.unref();

  return {
    worker,
    queue,
    async close(graceMs = 30_000) {
      clearInterval(sweep);
      clearInterval(reconciler);
      outage.close();
      await reconciling;
      let timer: NodeJS.Timeout | undefined;
      const force = new Promise<void>(
        (resolve) => (timer = setTimeout(() => void worker.close(true).then(resolve, resolve), graceMs)),
      );
      await Promise.race([worker.close(), force]);
      clearTimeout(timer);
      await flows.close().catch(() => {});
      await queue.close().catch(() => {});
      redis.disconnect();
    },
  };
}

/** Connection errors repeat every few hundred ms while Redis is down: log the first of each kind per minute. */
function rateLimited(log: Logger) {
  const last = new Map<string, number>();
  return (what: string, e: unknown) => {
    const key = `${what}:${reasonOf(e)}`;
    const now = Date.now();
    if ((last.get(key) ?? 0) > now - 60_000) return;
    last.set(key, now);
    log.warn(`${what}: ${reasonOf(e)}`);
  };
}
