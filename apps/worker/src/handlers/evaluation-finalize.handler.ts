import type { EVALUATION_FINALIZE_JOB, Handler } from "@assess/jobs";
import type { JobContext } from "../context";
import { finalizeEvaluation } from "../evaluation/evaluation";
import type { PartResult } from "../evaluation/part";

export const finalizeRun: Handler<typeof EVALUATION_FINALIZE_JOB, JobContext> = async (p, ctx) => {
  const parts = Object.values(await ctx.job.getChildrenValues<PartResult>());
  // Never store a ranking from part of the venues.
  if (parts.length !== p.parts) throw new Error(`only ${parts.length} of ${p.parts} parts have a result`);
  const summary = await finalizeEvaluation(ctx.ds, {
    jobRunId: p.jobRunId,
    campaignId: p.campaignId,
    asOf: new Date(p.asOf),
    policy: p.policy,
    parts,
    computedAt: ctx.clock(),
  });
  ctx.log.info(`evaluation run ${summary.evaluationRunId} stored: ${summary.units} units, ${summary.venues} venues`);
  return summary;
};
