import type { JobDefinition } from "./define-job";
import { ANNUAL_EVALUATION_JOB } from "./jobs/annual-evaluation.job";
import { ESCALATION_JOB } from "./jobs/escalation.job";
import { EVALUATION_FINALIZE_JOB } from "./jobs/evaluation-finalize.job";
import { EVALUATION_PART_JOB } from "./jobs/evaluation-part.job";
import { EVIDENCE_CLEANUP_JOB } from "./jobs/evidence-cleanup.job";
import { WEBHOOK_DELIVERY_JOB } from "./jobs/webhook-delivery.job";

/** Every job there is. A worker must bind a handler to each, or it does not start. */
export const JOBS = [
  ESCALATION_JOB,
  ANNUAL_EVALUATION_JOB,
  EVALUATION_PART_JOB,
  EVALUATION_FINALIZE_JOB,
  EVIDENCE_CLEANUP_JOB,
  WEBHOOK_DELIVERY_JOB,
] as const;

export type AnyJob = (typeof JOBS)[number];
export type JobName = AnyJob["name"];
export type JobOf<N extends JobName> = Extract<AnyJob, { name: N }>;

/** All jobs share one queue (keys `<QUEUE_PREFIX>:jobs:*`); a worker takes whichever comes next. */
export const QUEUE_NAME = "jobs";

export function jobByName(name: string): JobDefinition | undefined {
  return JOBS.find((j) => j.name === name);
}
