import type { EVALUATION_PART_JOB, Handler } from "@assess/jobs";
import type { JobContext } from "../context";
import { aggregatePart } from "../evaluation/part";

/** Its return value is kept by BullMQ with the parent, which reads all of them when it runs. */
export const evaluatePart: Handler<typeof EVALUATION_PART_JOB, JobContext> = (p, ctx) =>
  aggregatePart(ctx.ds, {
    campaignId: p.campaignId,
    asOf: new Date(p.asOf),
    part: p.part,
    fromVenueId: p.fromVenueId,
    toVenueId: p.toVenueId,
    graceDays: p.graceDays,
  });
