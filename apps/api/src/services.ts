import type { Config } from "@assess/config";
import type { RubricCatalog } from "@assess/rubrics";
import type { DataSource } from "typeorm";
import { AuthService } from "./auth/auth.service";
import { CampaignService } from "./campaigns/campaign.service";
import { EvidenceService } from "./evidence/evidence.service";
import { BulkAssignService } from "./tasks/bulk-assign.service";
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
}

/** Every service, built once per process from its dependencies. */
export function createServices(deps: Deps) {
  const { ds, config, rubrics, clock } = deps;
  const evidence = new EvidenceService(ds, config.DATA_DIR);
  const units = new UnitService(ds);
  return {
    deps,
    auth: new AuthService(ds, config),
    users: new UserService(ds, config),
    units,
    bulk: new BulkAssignService(ds, rubrics, units, clock),
    campaigns: new CampaignService(ds, rubrics),
    evidence,
    tasks: new TaskService(ds, rubrics, evidence, clock),
    sheets: new SheetService(ds, rubrics, evidence, clock),
    queries: new TaskQueryService(ds, clock),
    rubrics,
    clock,
  };
}

export type Services = ReturnType<typeof createServices>;
