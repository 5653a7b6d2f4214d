import {
  ANNUAL_EVALUATION_JOB,
  EVALUATION_FINALIZE_JOB,
  EVALUATION_PART_JOB,
  QUEUE_NAME,
  jobOptions,
  parsePayload,
  type Handler,
} from "@assess/jobs";
import { UnrecoverableError } from "bullmq";
import { bullJobId, type JobContext } from "../context";
import { planParts } from "../evaluation/plan";
import { storedSummary } from "../evaluation/store";

/**
 * Plans a run as a BullMQ flow: one `evaluation-part` per batch of venues under one `evaluation-finalize`, which
 * BullMQ runs once every part is done. Ids are derived from the JobRun, so a retried plan adds nothing twice.
 */
export const planEvaluation: Handler<typeof ANNUAL_EVALUATION_JOB, JobContext> = async (p, ctx) => {
  const stored = await storedSummary(ctx.ds, p.jobRunId);
  if (stored) return { planned: false, evaluationRunId: stored.evaluationRunId };
  const [campaign] = await ctx.ds.query("SELECT id FROM campaign WHERE id = ?", [p.campaignId]);
  if (!campaign) throw new UnrecoverableError(`campaign ${p.campaignId} not found`);
  const finalizeId = bullJobId(EVALUATION_FINALIZE_JOB.name, p.jobRunId);
  if (await ctx.queue.getJob(finalizeId)) return { planned: false, finalizeJobId: finalizeId };
  const ranges = await planParts(ctx.ds, ctx.settings.batchSize);
  await ctx.flows.add({
    name: EVALUATION_FINALIZE_JOB.name,
    queueName: QUEUE_NAME,
    data: parsePayload(EVALUATION_FINALIZE_JOB, {
      jobRunId: p.jobRunId,
      campaignId: p.campaignId,
      asOf: p.asOf,
      policy: p.policy,
      parts: ranges.length,
    }),
    opts: { ...jobOptions(EVALUATION_FINALIZE_JOB), jobId: finalizeId },
    children: ranges.map((r, i) => ({
      name: EVALUATION_PART_JOB.name,
      queueName: QUEUE_NAME,
      data: parsePayload(EVALUATION_PART_JOB, {
        jobRunId: p.jobRunId,
        campaignId: p.campaignId,
        asOf: p.asOf,
        part: i,
        graceDays: p.policy.graceDays,
        ...r,
      }),
      // A part that fails for good fails the run; it must not leave the finalize waiting for ever.
      opts: {
        ...jobOptions(EVALUATION_PART_JOB),
        jobId: bullJobId(EVALUATION_PART_JOB.name, p.jobRunId, i),
        failParentOnFailure: true,
      },
    })),
  });
  ctx.log.info(`evaluation of campaign ${p.campaignId} (run ${p.jobRunId}): ${ranges.length} part(s) queued`);
  return { planned: true, parts: ranges.length, finalizeJobId: finalizeId };
};
