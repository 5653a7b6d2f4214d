import {
  ASSESSMENT_METHODS,
  JOB_STATES,
  PROBLEM_STATUSES,
  ROLES,
  RULE_KINDS,
  RULE_SCOPES,
  TASK_KINDS,
  TASK_STATUSES,
  UNIT_KINDS,
  VENUE_TYPES,
} from "@assess/domain";
import { registerEnumType } from "type-graphql";

/** GraphQL enums from the domain's lists, so that the two cannot drift apart. */
const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const VenueTypeEnum = asEnum(VENUE_TYPES);
export const UnitKindEnum = asEnum(UNIT_KINDS);
export const AssessmentMethodEnum = asEnum(ASSESSMENT_METHODS);
export const RuleKindEnum = asEnum(RULE_KINDS);
export const RuleScopeEnum = asEnum(RULE_SCOPES);
export const RoleEnum = asEnum(ROLES);
export const TaskKindEnum = asEnum(TASK_KINDS);
export const TaskStatusEnum = asEnum(TASK_STATUSES);
export const ProblemStatusEnum = asEnum(PROBLEM_STATUSES);
export const JobStateEnum = asEnum(JOB_STATES);

registerEnumType(VenueTypeEnum, { name: "VenueType", description: "综合政务服务中心, 专业分中心, 便民服务中心, 便民服务站" });
registerEnumType(UnitKindEnum, { name: "UnitKind" });
registerEnumType(AssessmentMethodEnum, { name: "AssessmentMethod" });
registerEnumType(RuleKindEnum, { name: "RuleKind" });
registerEnumType(RuleScopeEnum, { name: "RuleScope", description: "The venues a rule is limited to: COMMUNITY, only a 社区 station (Venue.community)." });
registerEnumType(RoleEnum, { name: "Role" });
registerEnumType(TaskKindEnum, { name: "TaskKind" });
registerEnumType(TaskStatusEnum, { name: "TaskStatus" });
registerEnumType(ProblemStatusEnum, { name: "ProblemStatus" });
registerEnumType(JobStateEnum, { name: "JobState" });

/** The order of a list: by id (creation), or by the last change for incremental sync. */
export const ListOrderEnum = { ID: "ID", UPDATED_AT: "UPDATED_AT" } as const;
registerEnumType(ListOrderEnum, {
  name: "ListOrder",
  description: "ID: in id order (oldest first). UPDATED_AT: oldest change first (updatedAt, then id), for incremental sync with updatedSince.",
});
