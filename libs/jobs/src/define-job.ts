import type { JobsOptions } from "bullmq";
import type { z } from "zod";
import { PayloadError } from "./errors";

/** How BullMQ retries a job that throws. */
export interface RetryPolicy {
  /** Attempts for failures of the job's own (a bug, bad data); an unreachable database is ridden out beyond them. */
  attempts: number;
  /** The first wait, doubled each time ("exponential") up to `maxDelay` (default MAX_RETRY_DELAY_MS), or always the same. */
  backoff: { type: "exponential" | "fixed"; delay: number; maxDelay?: number };
}

/**
 * Every job rides out a database outage this long: while the database cannot be reached, its attempts go on (capped
 * waits) whatever its own number of attempts, so that a MariaDB restarted or failed over in minutes loses no run.
 */
export const DATABASE_OUTAGE_RIDE_OUT_MS = 10 * 60_000;

/** No wait between two attempts is longer than this by default, so a job resumes soon after the database is back. */
export const MAX_RETRY_DELAY_MS = 60_000;

/** The BullMQ backoff type of our jobs; the worker computes it with `retryDelay` (BullMQ's own exponential has no cap). */
export const RETRY_BACKOFF_TYPE = "policy";

/** The wait before the attempt after `attemptsMade` attempts. */
export function retryDelay(policy: RetryPolicy, attemptsMade: number): number {
  const { type, delay, maxDelay = MAX_RETRY_DELAY_MS } = policy.backoff;
  return type === "fixed" ? delay : Math.min(delay * 2 ** Math.max(0, attemptsMade - 1), maxDelay);
}

/** BullMQ's attempts for a job: its own, or as many as it takes for the waits between them to span an outage. */
export function totalAttempts(policy: RetryPolicy): number {
  let attempts = 1;
  for (let waited = 0; waited < DATABASE_OUTAGE_RIDE_OUT_MS; attempts++) waited += retryDelay(policy, attempts);
  return Math.max(policy.attempts, attempts);
}

/**
 * A job, declared once: its name, the schema of its payload (checked when queued and when run) and its retry policy.
 * The handler is bound by the worker (it needs the database); the registry refuses to start without one.
 */
export interface JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType> {
  name: N;
  description: string;
  payload: S;
  retry: RetryPolicy;
  /** Whether this job's success completes its JobRun; the parts of a flow leave that to the job that stores the result. */
  completesRun: boolean;
}

export type PayloadOf<D extends JobDefinition> = z.output<D["payload"]>;
export type PayloadInput<D extends JobDefinition> = z.input<D["payload"]>;

const NAME = /^[a-z][a-z0-9-]{1,40}$/;

export function defineJob<const N extends string, S extends z.ZodType>(def: JobDefinition<N, S>): JobDefinition<N, S> {
  if (!NAME.test(def.name)) throw new Error(`job name "${def.name}" must be kebab-case`);
  if (!Number.isInteger(def.retry.attempts) || def.retry.attempts < 1)
    throw new Error(`job "${def.name}" needs at least one attempt`);
  return Object.freeze(def);
}

/** Validates a payload against its job's schema; the parsed value is what is queued or handled. */
export function parsePayload<D extends JobDefinition>(def: D, data: unknown): PayloadOf<D> {
  const r = def.payload.safeParse(data);
  if (!r.success) {
    throw new PayloadError(
      def.name,
      r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    );
  }
  return r.data as PayloadOf<D>;
}

/** Finished jobs are kept a while for inspection, then dropped; the job_run table is the record that lasts. */
export function jobOptions(def: JobDefinition): JobsOptions {
  return {
    attempts: totalAttempts(def.retry),
    backoff: { type: RETRY_BACKOFF_TYPE, delay: def.retry.backoff.delay },
    removeOnComplete: { age: 7 * 86_400, count: 1000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

/** The JobRun a payload belongs to, if any (scheduled escalations have none). */
export function runIdOf(payload: unknown): number | null {
  const id = (payload as { jobRunId?: unknown } | null)?.jobRunId;
  return typeof id === "number" ? id : null;
}
