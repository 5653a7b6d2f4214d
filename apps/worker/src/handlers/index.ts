import type { Handlers } from "@assess/jobs";
import type { JobContext } from "../context";
import { planEvaluation } from "./annual-evaluation.handler";
import { escalationHandler } from "./escalation.handler";
import { finalizeRun } from "./evaluation-finalize.handler";
import { evaluatePart } from "./evaluation-part.handler";
import { evidenceCleanup } from "./evidence-cleanup.handler";
import { webhookDelivery } from "./webhook-delivery.handler";

/** One handler per declared job; a missing one is a type error here and a start-up error in createRegistry. */
export const HANDLERS: Handlers<JobContext> = {
  escalation: escalationHandler,
  "annual-evaluation": planEvaluation,
  "evaluation-part": evaluatePart,
  "evaluation-finalize": finalizeRun,
  "evidence-cleanup": evidenceCleanup,
  "webhook-delivery": webhookDelivery,
};
