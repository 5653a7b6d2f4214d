import { InitialSchema1764100000000 } from "./1764100000000-initial-schema";
import { UnitParentIndex1796061777000 } from "./1796061777000-unit-parent-index";
import { TaskCampaignUnitIndex1796061778000 } from "./1796061778000-task-campaign-unit-index";
import { VenueCommunityTaskExamined1796061790000 } from "./1796061790000-venue-community-task-examined";
import { LifecycleLateness1796061791000 } from "./1796061791000-lifecycle-lateness";
import { TaskExtension1796061792000 } from "./1796061792000-task-extension";
import { SessionsAudit1796061793000 } from "./1796061793000-sessions-audit";
import { EvidenceContentTypeLength1796061794000 } from "./1796061794000-evidence-content-type-length";
import { Webhooks1796061795000 } from "./1796061795000-webhooks";
import { UpdatedAtIndexes1796061796000 } from "./1796061796000-updated-at-indexes";
import { EscalationIndexes1796061799130 } from "./1796061799130-escalation-indexes";

/** Every migration, in order. A new one is added here and never edited after it has landed. */
export const MIGRATIONS: Function[] = [
  InitialSchema1764100000000,
  UnitParentIndex1796061777000,
  TaskCampaignUnitIndex1796061778000,
  VenueCommunityTaskExamined1796061790000,
  LifecycleLateness1796061791000,
  TaskExtension1796061792000,
  SessionsAudit1796061793000,
  EvidenceContentTypeLength1796061794000,
  Webhooks1796061795000,
  UpdatedAtIndexes1796061796000,
  EscalationIndexes1796061799130,
];
