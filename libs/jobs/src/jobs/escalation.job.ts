import { z } from "zod";
import { defineJob } from "../define-job";
import { id } from "./common";

/**
 * Escalation of overdue rectifications (敷衍推诿、整改落实不到位): each run raises overdue RECTIFICATION tasks one level
 * (1: the district's or department's managers, 2: the city) and reminds assignees a day before a due date.
 * Runs on a schedule (no JobRun) and on `triggerEscalation` (with one). Safe to run twice: see the worker's escalation service.
 */
export const ESCALATION_JOB = defineJob({
  name: "escalation",
  description: "Escalates overdue rectifications one level and reminds assignees before due dates.",
  payload: z.object({ jobRunId: id.optional() }).strict(),
  retry: { attempts: 3, backoff: { type: "exponential", delay: 5_000 } },
  completesRun: true,
});

/** The id of the job scheduler that runs the escalation every ESCALATION_EVERY. */
export const ESCALATION_SCHEDULER_ID = "escalation-every";
