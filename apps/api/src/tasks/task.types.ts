import type { ProblemStatus, TaskKind, TaskStatus, VenueType } from "@assess/domain";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Guard } from "../access/guard";
import { ProblemStatusEnum, TaskKindEnum, TaskStatusEnum, VenueTypeEnum } from "../common/enums";

@ObjectType("Evidence")
export class EvidenceType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) fileName!: string;
  @Field((_type) => String) contentType!: string;
  @Field((_type) => Int) size!: number;
  @Field((_type) => String) url!: string;
}

@ObjectType("Finding")
export class FindingType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) indicatorCode!: string;
  @Field((_type) => String) ruleCode!: string;
  @Field((_type) => Int) occurrences!: number;
  @Field((_type) => String, { nullable: true }) note!: string | null;
  @Field((_type) => Float) deduction!: number;
  taskId!: number;
}

@ObjectType("TaskEvent")
export class TaskEventType {
  @Field((_type) => Date) at!: Date;
  @Field((_type) => String) action!: string;
  @Field((_type) => String, { nullable: true }) detail!: string | null;
  actorId!: number | null;
}

@ObjectType("Task")
export class TaskType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => TaskKindEnum) kind!: TaskKind;
  @Field((_type) => TaskStatusEnum) status!: TaskStatus;
  @Field((_type) => Date) dueAt!: Date;
  @Field((_type) => Int) escalationLevel!: number;
  @Field((_type) => String, { nullable: true }) report!: string | null;
  @Field((_type) => String, { nullable: true }) cancelReason!: string | null;
  @Field((_type) => Int) version!: number;
  @Field((_type) => Date) createdAt!: Date;
  @Field((_type) => Date, { nullable: true }) completedAt!: Date | null;
  @Field((_type) => Date, {
    nullable: true,
    description:
      "When this rectification became late (its due date passed while it was open). Kept when it is later cancelled, re-dated or reassigned: the annual evaluation counts it (敷衍推诿).",
  })
  lateAt!: Date | null;
  campaignId!: number;
  venueId!: number | null;
  unitId!: number | null;
  assigneeId!: number;
  assignedById!: number | null;
  rubricCode!: string | null;
  scoreTotal!: number | null;
  examined!: string;
}

@ObjectType("Problem")
export class ProblemType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) indicatorCode!: string;
  @Field((_type) => String) ruleCode!: string;
  @Field((_type) => Int) occurrences!: number;
  @Field((_type) => String) description!: string;
  @Field((_type) => ProblemStatusEnum) status!: ProblemStatus;
  @Field((_type) => Int) recurrence!: number;
  @Field((_type) => Int, { description: "Re-checks that found it not rectified (整改不到位)." }) failedRechecks!: number;
  @Field((_type) => Date) createdAt!: Date;
  @Field((_type) => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field((_type) => Date, { description: "When it was found, or sent back OPEN by a re-check (整改不到位): the grace period for assigning its rectification runs from here. A cancelled rectification does not move it." })
  openSince!: Date;
  @Field((_type) => Date, {
    nullable: true,
    description: "When it became late: left OPEN with no rectification past the policy's graceDays (敷衍推诿). Kept once recorded.",
  })
  lateAt!: Date | null;
  @Field((_type) => Int, { description: "Escalation (督办) of a problem left without a rectification: 0 none, 1 its district or department, 2 the city." })
  escalationLevel!: number;
  @Field((_type) => Int, { description: "How often its rule was found again at the venue while it was unresolved (not a recurrence; no new problem)." })
  foundAgain!: number;
  @Field((_type) => Date, { nullable: true, description: "When it was last found again." }) lastFoundAt!: Date | null;
  @Field((_type) => TaskKindEnum, { description: "The kind of task that found it (SELF_CHECK, UNIFIED_ASSESSMENT, UNANNOUNCED_INSPECTION)." })
  sourceKind!: string;
  campaignId!: number;
  venueId!: number;
  sourceTaskId!: number;
  rectificationTaskId!: number | null;
}

@InputType()
export class AssignTaskInput {
  @Field((_type) => ID) campaignId!: string;
  @Field((_type) => TaskKindEnum) kind!: TaskKind;
  @Field((_type) => ID) assigneeId!: string;
  @Field((_type) => ID, { nullable: true }) venueId?: string | null;
  @Field((_type) => ID, { nullable: true }) unitId?: string | null;
  @Field((_type) => Date, { nullable: true }) dueAt?: Date | null;
  @Field((_type) => [ID], { nullable: true }) problemIds?: string[] | null;
}

@InputType()
export class AssignTasksInput {
  @Field((_type) => ID) campaignId!: string;
  @Field((_type) => TaskKindEnum) kind!: TaskKind;
  @Field((_type) => ID, { description: "every venue under this unit ..." }) unitId!: string;
  @Field((_type) => [VenueTypeEnum], { nullable: true, description: "... of these types (all types when absent)" })
  venueTypes?: VenueType[] | null;
  @Field((_type) => ID, { nullable: true, description: "one assignee for all; absent: each venue's own VENUE_STAFF user" })
  assigneeId?: string | null;
  @Field((_type) => Date, { nullable: true }) dueAt?: Date | null;
}

@ObjectType("AssignPreview", { description: "What assignTasks would do with an input (下达任务预览), writing nothing: tasks = venues − skippedOpen − withoutStaff." })
export class AssignPreviewType {
  @Field((_type) => Int, { description: "Tasks it would create: the venues that take one." }) tasks!: number;
  @Field((_type) => Int, {
    description: "Active venues under the unit (none under a deactivated unit) of the types this kind may be assigned for here; with a VENUE_STAFF assignee, their own venue only.",
  })
  venues!: number;
  @Field((_type) => Int, { description: "Venues passed by because they already have an open task of this kind in the campaign." }) skippedOpen!: number;
  @Field((_type) => Int, { description: "Venues passed by because they have no active VENUE_STAFF user to take the task (场所无工作人员); 0 when assigneeId is given." })
  withoutStaff!: number;
}

@InputType()
export class VerdictInput {
  @Field((_type) => ID) problemId!: string;
  @Field((_type) => Boolean) resolved!: boolean;
  @Field((_type) => String, { nullable: true }) note?: string | null;
}

@InputType()
export class SubmitTaskInput {
  @Field((_type) => String, { nullable: true }) report?: string | null;
  @Field((_type) => [ID], { nullable: true }) evidenceIds?: string[] | null;
  @Field((_type) => [VerdictInput], { nullable: true }) verdicts?: VerdictInput[] | null;
}

@InputType()
export class ReportProblemInput {
  @Field((_type) => ID) taskId!: string;
  @Field((_type) => String) indicatorCode!: string;
  @Field((_type) => String) ruleCode!: string;
  @Field((_type) => String) description!: string;
  @Field((_type) => Int, { defaultValue: 1 }) occurrences!: number;
  @Field((_type) => [ID], { nullable: true }) evidenceIds?: string[] | null;
}

@InputType()
export class TaskFilter {
  @Field((_type) => ID, { nullable: true }) campaignId?: string | null;
  @Field((_type) => TaskKindEnum, { nullable: true }) kind?: TaskKind | null;
  @Field((_type) => TaskStatusEnum, { nullable: true }) status?: TaskStatus | null;
  @Field((_type) => ID, { nullable: true, description: "the unit and everything under it" }) unitId?: string | null;
  @Field((_type) => ID, { nullable: true }) venueId?: string | null;
  @Field((_type) => ID, { nullable: true }) assigneeId?: string | null;
  @Field((_type) => Boolean, { nullable: true }) overdue?: boolean | null;
  @Field((_type) => VenueTypeEnum, { nullable: true, description: "Tasks of venues of this type (场所类型); a unit's ANNUAL_REPORT has no venue and never matches." })
  venueType?: VenueType | null;
  @Field((_type) => Int, { nullable: true, description: "Tasks at this escalation level (督办级别: 0 none or reminded, 1 the district, 2 the city)." })
  escalationLevel?: number | null;
  @Field((_type) => Boolean, { nullable: true, description: "true: tasks still to be done (neither COMPLETED nor CANCELLED, 待办); false: those done or cancelled." })
  open?: boolean | null;
  @Field((_type) => Date, { nullable: true, description: "Only tasks changed at or after this instant (updatedAt ≥ it): for incremental sync, with orderBy: UPDATED_AT." })
  updatedSince?: Date | null;
}

@InputType()
export class ProblemFilter {
  @Field((_type) => ID, { nullable: true }) campaignId?: string | null;
  @Field((_type) => ProblemStatusEnum, { nullable: true }) status?: ProblemStatus | null;
  @Field((_type) => ID, { nullable: true }) unitId?: string | null;
  @Field((_type) => ID, { nullable: true }) venueId?: string | null;
  @Field((_type) => VenueTypeEnum, { nullable: true, description: "Problems of venues of this type (场所类型)." }) venueType?: VenueType | null;
  @Field((_type) => Date, { nullable: true, description: "Only problems changed at or after this instant (updatedAt ≥ it): for incremental sync, with orderBy: UPDATED_AT." })
  updatedSince?: Date | null;
}

@ObjectType("RecheckVerdict", { description: "A re-check's verdict on one of its problems: recorded at submission, in effect once the re-check is approved." })
export class RecheckVerdictType {
  @Guard("problem")
  @Field((_type) => ProblemType) problem!: ProblemType;
  @Field((_type) => Boolean, { nullable: true, description: "Rectified (true) or not (false); null until the re-check is submitted." })
  resolved!: boolean | null;
  @Field((_type) => String, { nullable: true }) note!: string | null;
}
