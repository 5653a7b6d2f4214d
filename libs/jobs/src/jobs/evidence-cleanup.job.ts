import { z } from "zod";
import { defineJob } from "../define-job";

/**
 * Uploaded evidence that was never attached to a finding, problem or task: removed (row and file) a day after its
 * upload, so that uploads cannot pile up unseen. Runs on a schedule; safe to run twice.
 */
export const EVIDENCE_CLEANUP_JOB = defineJob({
  name: "evidence-cleanup",
  description: "Removes evidence uploaded more than a day ago and attached to nothing.",
  payload: z.object({}).strict(),
  retry: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
  completesRun: false,
});

/** The id of the job scheduler that runs the clean-up every hour. */
export const EVIDENCE_CLEANUP_SCHEDULER_ID = "evidence-cleanup-every";
export const EVIDENCE_CLEANUP_EVERY_MS = 3_600_000;
