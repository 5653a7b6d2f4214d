import { z } from "zod";
import { defineJob } from "../define-job";
import { id, instant, policy } from "./common";

/** The parent of an evaluation's parts: merges their sums, ranks the units and stores the run once (keyed by jobRunId). */
export const EVALUATION_FINALIZE_JOB = defineJob({
  name: "evaluation-finalize",
  description: "Merges the parts of an annual evaluation, ranks the units and stores the result.",
  payload: z.object({ jobRunId: id, campaignId: id, asOf: instant, policy, parts: z.number().int().min(0) }).strict(),
  retry: { attempts: 3, backoff: { type: "exponential", delay: 2_000 } },
  completesRun: true,
});
