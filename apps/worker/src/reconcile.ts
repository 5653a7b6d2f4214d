import { ANNUAL_EVALUATION_JOB } from "@assess/jobs";
import type { Job, Queue } from "bullmq";
import type { DataSource } from "typeorm";
import { bullJobId } from "./context";
import { storedSummary } from "./evaluation/store";
import { JobRuns } from "./job-runs";

/** What BullMQ says about a run: still going, or ended one way or the other. */
type Verdict =
  | { ended: false }
  | { ended: true; completed: true; result: unknown; at: Date }
  | { ended: true; completed: false; reason: string; at: Date };

const GOING: Verdict = { ended: false };

export interface ReconcileOptions {
  clock: () => Date;
  /**
   * A run whose job is not in the queue at all is ended as FAILED only when it is older than this: the API writes the
   * row before it queues the job, so a fresh row may not have its job yet.
   */
  lostAfterMs: number;
}

/**
 * Brings every QUEUED or ACTIVE job_run in line with its BullMQ job. The worker moves runs along as it works, but a
 * write can be lost (the database was down when the job ended, a worker was killed between the job and the write):
 * then the run would say QUEUED or ACTIVE for ever. Runs at the worker's start and every few minutes; every write
 * is guarded by state, so several workers reconciling at once agree.
 */
export async function reconcileRuns(
  ds: DataSource,
  queue: Queue,
  o: ReconcileOptions,
): Promise<{ open: number; ended: number }> {
  const runs = new JobRuns(ds);
  const open: { id: number; name: string; created_at: Date }[] = await ds.query(
    "SELECT id, name, created_at FROM job_run WHERE state IN ('QUEUED','ACTIVE') ORDER BY id",
  );
  let ended = 0;
  for (const row of open) {
    const verdict = await verdictOf(ds, queue, row, o);
    if (!verdict.ended) continue;
    if (verdict.completed) await runs.completed(row.id, verdict.result, verdict.at);
    else await runs.failed(row.id, verdict.reason, true, verdict.at);
    ended++;
  }
  return { open: open.length, ended };
}

async function verdictOf(
  ds: DataSource,
  queue: Queue,
  row: { id: number; name: string; created_at: Date },
  o: ReconcileOptions,
): Promise<Verdict> {
  // An evaluation is done when its result is stored, whatever became of its jobs.
  if (row.name === ANNUAL_EVALUATION_JOB.name) {
    const stored = await storedSummary(ds, row.id);
    if (stored) return { ended: true, completed: true, result: stored, at: new Date(stored.computedAt) };
  }
  const verdict = await jobVerdict(queue, await queue.getJob(bullJobId(row.name, row.id)));
  if (verdict !== "lost") return verdict;
  if (o.clock().getTime() - new Date(row.created_at).getTime() < o.lostAfterMs) return GOING;
  return {
    ended: true,
    completed: false,
    reason:
      "its job is no longer in the queue (removed, or lost when Redis restarted without persistence): request it again",
    at: o.clock(),
  };
}

/**
 * A job's end, following a plan to the job that completes the run: the annual evaluation's plan returns the id of
 * its finalize job (`finalizeJobId`), whose end is the run's.
 */
async function jobVerdict(queue: Queue, job: Job | undefined, depth = 0): Promise<Verdict | "lost"> {
  if (!job) return "lost";
  const state = await job.getState();
  const at = new Date(job.finishedOn ?? Date.now());
  if (state === "failed") return { ended: true, completed: false, reason: job.failedReason || "the job failed", at };
  if (state !== "completed") return state === "unknown" ? "lost" : GOING;
  const next = (job.returnvalue as { finalizeJobId?: unknown } | null)?.finalizeJobId;
  if (typeof next === "string" && depth < 3) return jobVerdict(queue, await queue.getJob(next), depth + 1);
  return { ended: true, completed: true, result: job.returnvalue ?? null, at };
}
