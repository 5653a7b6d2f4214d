import type { EVIDENCE_CLEANUP_JOB, Handler } from "@assess/jobs";
import type { JobContext } from "../context";
import { removeOrphanEvidence } from "../evidence/cleanup";

export const evidenceCleanup: Handler<typeof EVIDENCE_CLEANUP_JOB, JobContext> = async (_payload, ctx) => {
  const removed = await removeOrphanEvidence(ctx.ds, ctx.settings.dataDir ?? "data", ctx.clock());
  if (removed) ctx.log.info(`evidence clean-up: ${removed} unattached upload(s) older than a day removed`);
  return { removed };
};
