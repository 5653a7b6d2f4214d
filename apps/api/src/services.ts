import type { Config } from "@assess/config";
import { DocumentService } from "./documents/document.service";
import { WebhookService } from "./webhooks/webhook.service";
import { JobProducer } from "@assess/jobs";
import type { RubricCatalog } from "@assess/rubrics";
import type { DataSource } from "typeorm";
import { AuditService } from "./audit/audit.service";
import { AuthService } from "./auth/auth.service";
import { LoginThrottle } from "./auth/login-throttle";
import { CampaignService } from "./campaigns/campaign.service";
import { DashboardService } from "./dashboard/dashboard.service";
import { EvaluationService } from "./evaluation/evaluation.service";
import { EvidenceService } from "./evidence/evidence.service";
import { JobRunService } from "./jobs/job-run.service";
import { NotificationService } from "./notifications/notification.service";
import { BulkAssignService } from "./tasks/bulk-assign.service";
import { ExtensionService } from "./tasks/extension.service";
import { SheetService } from "./tasks/sheet.service";
import { TaskQueryService } from "./tasks/task-query.service";
import { TaskService } from "./tasks/task.service";
import { UnitService } from "./units/unit.service";
import { UserService } from "./users/user.service";

export interface Deps {
  ds: DataSource;
  config: Config;
  rubrics: RubricCatalog;
  /** The time; tests inject their own. */
  clock: () => Date;
  /** Queues jobs; by default one on REDIS_URL and QUEUE_PREFIX that connects on first use. */
  producer?: JobProducer;
  /** Counts failed sign-ins; by default on REDIS_URL. */
  loginThrottle?: LoginThrottle;
}

/** Every service, built once per process from its dependencies. */
export function createServices(deps: Deps) {
  const { ds, config, rubrics, clock } = deps;
  const evidence = new EvidenceService(ds, config.DATA_DIR, config.EVIDENCE_QUOTA_MB * 1024 * 1024);
  const units = new UnitService(ds);
  const evaluations = new EvaluationService(ds);
  const producer = deps.producer ?? new JobProducer({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX });
  const loginThrottle = deps.loginThrottle ?? new LoginThrottle(config);
  const tasks = new TaskService(ds, rubrics, evidence, clock);
  return {
    deps,
    auth: new AuthService(ds, config, loginThrottle),
    audit: new AuditService(ds),
    loginThrottle,
    users: new UserService(ds, config),
    units,
    bulk: new BulkAssignService(ds, rubrics, units, clock),
    campaigns: new CampaignService(ds, rubrics),
    evidence,
    tasks,
    documents: new DocumentService(ds, rubrics, tasks, evaluations),
    webhooks: new WebhookService(ds, () => config.WEBHOOK_ALLOW_PRIVATE === "1", clock),
    sheets: new SheetService(ds, rubrics, evidence, clock),
    queries: new TaskQueryService(ds, clock),
    extensions: new ExtensionService(ds, clock),
    jobs: new JobRunService(ds, producer, clock),
    notifications: new NotificationService(ds, clock),
    evaluations,
    dashboard: new DashboardService(ds, evaluations, clock),
    producer,
    rubrics,
    clock,
  };
}

export type Services = ReturnType<typeof createServices>;
