import { parsePolicy, type EvaluationPolicy } from "@assess/domain";
import { z } from "zod";

export const id = z.number().int().positive().max(2_147_483_647);

/** An ISO 8601 instant, e.g. the moment an evaluation is taken "as of". */
export const instant = z.iso.datetime({ offset: true });

/** The evaluation policy, checked by the domain's own parser so that the two never disagree. */
export const policy = z.unknown().transform((v, ctx): EvaluationPolicy => {
  try {
    return parsePolicy(v);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message });
    return z.NEVER;
  }
});
