import type { ESCALATION_JOB, Handler } from "@assess/jobs";
import type { JobContext } from "../context";
import { runEscalation } from "../escalation/escalation.service";

export const escalationHandler: Handler<typeof ESCALATION_JOB, JobContext> = async (_payload, ctx) => {
  const r = await runEscalation(ctx.ds, ctx.clock(), {
    everyMs: ctx.settings.everyMs,
    stepHours: ctx.settings.stepHours,
  });
  if (r.reminded || r.escalated.level1 || r.escalated.level2 || r.problems.level1 || r.problems.level2) {
    ctx.log.info(
      `escalation: ${r.reminded} reminded, ${r.escalated.level1} to level 1, ${r.escalated.level2} to level 2; unassigned problems: ${r.problems.level1} to level 1, ${r.problems.level2} to level 2`,
    );
  }
  return r;
};
