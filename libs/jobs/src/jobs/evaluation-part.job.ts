import { DEFAULT_GRACE_DAYS } from "@assess/domain";
import { z } from "zod";
import { defineJob } from "../define-job";
import { id, instant } from "./common";

/** One batch of venues (ids fromVenueId..toVenueId) of an evaluation: sums per county-level unit, computed in SQL. */
export const EVALUATION_PART_JOB = defineJob({
  name: "evaluation-part",
  description: "Aggregates one batch of venues of an annual evaluation.",
  payload: z
    .object({
      jobRunId: id,
      campaignId: id,
      asOf: instant,
      part: z.number().int().min(0),
      fromVenueId: id,
      toVenueId: id,
      /** The policy's grace for problems left without a rectification (default for parts queued before it existed). */
      graceDays: z.number().int().min(0).max(365).default(DEFAULT_GRACE_DAYS),
    })
    .strict()
    .refine((p) => p.fromVenueId <= p.toVenueId, { message: "fromVenueId must not be above toVenueId" }),
  retry: { attempts: 3, backoff: { type: "exponential", delay: 1_000 } },
  completesRun: false,
});
