import { z } from "zod";
import { defineJob } from "../define-job";
import { id, instant, policy } from "./common";

/**
 * The annual comprehensive evaluation (综合评价), as queued by `requestAnnualEvaluation`. It plans the run:
 * splits the venues into batches and adds a flow of one `evaluation-part` per batch under one `evaluation-finalize`,
 * so that several workers share a large run. The policy and the "as of" instant are fixed when queued,
 * so a retried or re-planned run computes the same thing.
 */
export const ANNUAL_EVALUATION_JOB = defineJob({
  name: "annual-evaluation",
  description: "Plans the annual evaluation of a campaign as a flow of batch jobs.",
  payload: z.object({ jobRunId: id, campaignId: id, asOf: instant, policy }).strict(),
  retry: { attempts: 3, backoff: { type: "exponential", delay: 2_000 } },
  completesRun: false,
});
