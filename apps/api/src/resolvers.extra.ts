import { AnnualEvaluationResolver, EvaluationEntryResolver } from "./evaluation/evaluation.resolver";
import { JobRunResolver } from "./jobs/job-run.resolver";
import { NotificationResolver } from "./notifications/notification.resolver";
import { WebhookResolver } from "./webhooks/webhook.resolver";

/** Resolvers of the jobs and notifications (the worker issue) plug in here. */
export const EXTRA_RESOLVERS: Function[] = [
  JobRunResolver,
  AnnualEvaluationResolver,
  EvaluationEntryResolver,
  NotificationResolver,
  WebhookResolver,
];
