import { ApiTokenEntity } from "./api-token.entity";
import { AuditLogEntity } from "./audit-log.entity";
import { CampaignEntity } from "./campaign.entity";
import { EvaluationEntryEntity, EvaluationRunEntity } from "./evaluation.entity";
import { EvidenceEntity, EvidenceLinkEntity } from "./evidence.entity";
import { FindingEntity } from "./finding.entity";
import { JobRunEntity } from "./job-run.entity";
import { EscalationEntity, NotificationEntity, ProblemEscalationEntity } from "./notification.entity";
import { ProblemEntity } from "./problem.entity";
import { TaskEventEntity } from "./task-event.entity";
import { TaskExtensionEntity } from "./task-extension.entity";
import { TaskProblemEntity } from "./task-problem.entity";
import { TaskEntity } from "./task.entity";
import { UnitEntity } from "./unit.entity";
import { UserEntity } from "./user.entity";
import { VenueEntity } from "./venue.entity";

export * from "./api-token.entity";
export * from "./audit-log.entity";
export * from "./campaign.entity";
export * from "./evaluation.entity";
export * from "./evidence.entity";
export * from "./finding.entity";
export * from "./job-run.entity";
export * from "./notification.entity";
export * from "./problem.entity";
export * from "./task-event.entity";
export * from "./task-extension.entity";
export * from "./task-problem.entity";
export * from "./task.entity";
export * from "./unit.entity";
export * from "./user.entity";
export * from "./venue.entity";

/** Every entity the data source maps. */
export const ENTITIES = [
  ApiTokenEntity,
  AuditLogEntity,
  CampaignEntity,
  EscalationEntity,
  ProblemEscalationEntity,
  EvaluationEntryEntity,
  EvaluationRunEntity,
  EvidenceEntity,
  EvidenceLinkEntity,
  FindingEntity,
  JobRunEntity,
  NotificationEntity,
  ProblemEntity,
  TaskEntity,
  TaskEventEntity,
  TaskExtensionEntity,
  TaskProblemEntity,
  UnitEntity,
  UserEntity,
  VenueEntity,
];
