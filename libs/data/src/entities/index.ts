import { ApiTokenEntity } from "./api-token.entity";
import { CampaignEntity } from "./campaign.entity";
import { EvaluationEntryEntity, EvaluationRunEntity } from "./evaluation.entity";
import { EvidenceEntity, EvidenceLinkEntity } from "./evidence.entity";
import { FindingEntity } from "./finding.entity";
import { JobRunEntity } from "./job-run.entity";
import { EscalationEntity, NotificationEntity } from "./notification.entity";
import { ProblemEntity } from "./problem.entity";
import { TaskEventEntity } from "./task-event.entity";
import { TaskProblemEntity } from "./task-problem.entity";
import { TaskEntity } from "./task.entity";
import { UnitEntity } from "./unit.entity";
import { UserEntity } from "./user.entity";
import { VenueEntity } from "./venue.entity";

export {
  ApiTokenEntity,
  CampaignEntity,
  EscalationEntity,
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
  TaskProblemEntity,
  UnitEntity,
  UserEntity,
  VenueEntity,
};

export const ENTITIES = [
  ApiTokenEntity,
  CampaignEntity,
  EscalationEntity,
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
  TaskProblemEntity,
  UnitEntity,
  UserEntity,
  VenueEntity,
];
