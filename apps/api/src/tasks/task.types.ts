import type { ProblemStatus, TaskKind, TaskStatus, VenueType } from "@assess/domain";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Guard } from "../access/guard";
import { ProblemStatusEnum, TaskKindEnum, TaskStatusEnum, VenueTypeEnum } from "../common/enums";

@ObjectType("Evidence", {
  description:
    "An uploaded file (证明材料: a photo, a PDF, a Word or Excel document) attached to a finding, a problem or a task's submission.",
})
export class EvidenceType {
  @Field((_type) => ID, { description: "The file's id, as POST /evidence answered it: what evidenceIds take." })
  id!: number;
  @Field((_type) => String, { description: "The file's name as uploaded." }) fileName!: string;
  @Field((_type) => String, {
    description: "Its MIME type, judged by its content rather than its name (e.g. image/jpeg, application/pdf).",
  })
  contentType!: string;
  @Field((_type) => Int, { description: "Its size in bytes (at most 20 MiB)." }) size!: number;
  @Field((_type) => String, {
    description: "Where to GET the file with a bearer token, relative to the API (/evidence/<id>).",
  })
  url!: string;
}

@ObjectType("Finding", {
  description:
    "One entry of a scoring sheet (评分表): a rule of an indicator found broken so many times (扣分), or a bonus claimed (加分项).",
})
export class FindingType {
  @Field((_type) => ID, { description: "The finding's id; a new one each time the sheet is saved." }) id!: number;
  @Field((_type) => String, {
    description: "The rubric's indicator (三级指标): I01, I02, … in the annex's order, the bonus row last.",
  })
  indicatorCode!: string;
  @Field((_type) => String, {
    description: "The rule of that indicator (评分标准): R1, R2, … in the order of its criteria.",
  })
  ruleCode!: string;
  @Field((_type) => Int, {
    description:
      "How many times the rule applies: a count of items or cases (每事项, 每件次), or of measures for a bonus; 0 or 1 for a FIXED rule.",
  })
  occurrences!: number;
  @Field((_type) => String, {
    nullable: true,
    description:
      "The assessor's note on what was found (it becomes the problem's description); null when none was given.",
  })
  note!: string | null;
  @Field((_type) => Float, {
    description:
      "Points (half points allowed) this finding alone deducts, occurrences × the rule's points, before the indicator's cap (扣完为止); for a bonus rule, the points it adds before the bonus cap.",
  })
  deduction!: number;
  taskId!: number;
}

@ObjectType("TaskEvent", { description: "One entry of a task's history: a step, who took it and when." })
export class TaskEventType {
  @Field((_type) => Date, { description: "When it happened." }) at!: Date;
  @Field((_type) => String, {
    description:
      "What happened: ASSIGNED, STARTED, RESUMED, FINDINGS_SAVED, SUBMITTED, APPROVED, RETURNED, CANCELLED, REDATED, PROBLEM_REPORTED, PROBLEM_FOUND_AGAIN, EXTENSION_REQUESTED, EXTENSION_GRANTED, EXTENSION_REFUSED, REMINDED or ESCALATED.",
  })
  action!: string;
  @Field((_type) => String, {
    nullable: true,
    description:
      "Particulars in words (the new due date and the reason, a review comment, a re-check's verdicts, the findings saved and the total); null when there are none.",
  })
  detail!: string | null;
  actorId!: number | null;
}

@ObjectType("Task", {
  description:
    "A piece of work given to one user in a campaign: a self-check (自检评估), unified assessment (统一考核) or unannounced inspection (明察暗访) of a venue with its scoring sheet, a rectification (整改) or re-check (复检) of problems, or a unit's annual report.",
})
export class TaskType {
  @Field((_type) => ID, { description: "The task's id." }) id!: number;
  @Field((_type) => TaskKindEnum, {
    description:
      "What the task is: SELF_CHECK (自检评估), UNIFIED_ASSESSMENT (统一考核), UNANNOUNCED_INSPECTION (明察暗访), RECTIFICATION (整改), RECHECK (复检) or ANNUAL_REPORT (年度工作报告).",
  })
  kind!: TaskKind;
  @Field((_type) => TaskStatusEnum, {
    description:
      "Where it stands: ASSIGNED, IN_PROGRESS (started), SUBMITTED, RETURNED (sent back by the reviewer), COMPLETED (approved) or CANCELLED.",
  })
  status!: TaskStatus;
  @Field((_type) => Date, {
    description: "The due date (for a rectification, its 整改期限); moved by redateTask or a granted extension.",
  })
  dueAt!: Date;
  @Field((_type) => Int, {
    description:
      "Escalation (督办) of an overdue RECTIFICATION by the escalation job: 0 none (at most a reminder), 1 its district's or department's managers notified, 2 the city notified. Always 0 for other kinds.",
  })
  escalationLevel!: number;
  @Field((_type) => String, {
    nullable: true,
    description: "The report handed in with submitTask (for an ANNUAL_REPORT, its text); null when none was given.",
  })
  report!: string | null;
  @Field((_type) => String, { nullable: true, description: "Why it was cancelled; null unless CANCELLED." })
  cancelReason!: string | null;
  @Field((_type) => Int, {
    description:
      "A count of its changes, from 1: each workflow step, sheet save, re-dating or granted extension adds one. Give it as expectedVersion to refuse a stale write with CONFLICT.",
  })
  version!: number;
  @Field((_type) => Date, { description: "When it was assigned." }) createdAt!: Date;
  @Field((_type) => Date, { nullable: true, description: "When it was approved (COMPLETED); null until then." })
  completedAt!: Date | null;
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

@ObjectType("Problem", {
  description:
    "A problem (问题) on the problem list (问题清单): a deduction found at a venue by an approved scoring task or reported from an unannounced inspection (明察暗访), followed through rectification (整改) and re-check (复检) until resolved.",
})
export class ProblemType {
  @Field((_type) => ID, { description: "The problem's id." }) id!: number;
  @Field((_type) => String, {
    description: "The indicator (三级指标) of the venue's rubric it falls under: I01, I02, …",
  })
  indicatorCode!: string;
  @Field((_type) => String, { description: "The rule (评分标准) of that indicator that was broken: R1, R2, …" })
  ruleCode!: string;
  @Field((_type) => Int, {
    description: "How many times it was found: a count of items or cases (每事项, 每件次), at least 1.",
  })
  occurrences!: number;
  @Field((_type) => String, {
    description:
      "What was found: the finding's note, or the rule's text when it had none; for a reported problem, the inspector's description.",
  })
  description!: string;
  @Field((_type) => ProblemStatusEnum, {
    description:
      "Where it stands: OPEN (waiting for a rectification, or sent back by a re-check), RECTIFYING (a rectification holds it), AWAITING_RECHECK (that rectification was submitted) or RESOLVED (an approved re-check found it rectified).",
  })
  status!: ProblemStatus;
  @Field((_type) => Int, {
    description:
      "Recurrence (相同问题反复出现): a count of earlier problems of the same venue, indicator and rule that had been RESOLVED before this one was found; 0 the first time.",
  })
  recurrence!: number;
  @Field((_type) => Int, { description: "Re-checks that found it not rectified (整改不到位)." })
  failedRechecks!: number;
  @Field((_type) => Date, {
    description: "When it was found: when its scoring task was approved, or when it was reported.",
  })
  createdAt!: Date;
  @Field((_type) => Date, {
    nullable: true,
    description: "When an approved re-check resolved it; null while it is not RESOLVED.",
  })
  resolvedAt!: Date | null;
  @Field((_type) => Date, {
    description:
      "When it was found, or sent back OPEN by a re-check (整改不到位): the grace period for assigning its rectification runs from here. A cancelled rectification does not move it.",
  })
  openSince!: Date;
  @Field((_type) => Date, {
    nullable: true,
    description:
      "When it became late: left OPEN with no rectification past the policy's graceDays (敷衍推诿). Kept once recorded.",
  })
  lateAt!: Date | null;
  @Field((_type) => Int, {
    description:
      "Escalation (督办) of a problem left without a rectification: 0 none, 1 its district or department, 2 the city.",
  })
  escalationLevel!: number;
  @Field((_type) => Int, {
    description:
      "How often its rule was found again at the venue while it was unresolved (not a recurrence; no new problem).",
  })
  foundAgain!: number;
  @Field((_type) => Date, { nullable: true, description: "When it was last found again." }) lastFoundAt!: Date | null;
  @Field((_type) => TaskKindEnum, {
    description: "The kind of task that found it (SELF_CHECK, UNIFIED_ASSESSMENT, UNANNOUNCED_INSPECTION).",
  })
  sourceKind!: string;
  campaignId!: number;
  venueId!: number;
  sourceTaskId!: number;
  rectificationTaskId!: number | null;
}

@InputType({
  description: "One task to assign (下达任务): which of venueId, unitId and problemIds it needs depends on its kind.",
})
export class AssignTaskInput {
  @Field((_type) => ID, { description: "The campaign (考核年度)." }) campaignId!: string;
  @Field((_type) => TaskKindEnum, { description: "The kind of task." }) kind!: TaskKind;
  @Field((_type) => ID, {
    description:
      "The user who takes it: an active user the assigner may give tasks (a manager, users under their unit), never an INTEGRATOR; venue staff take only a SELF_CHECK or RECTIFICATION of their own venue.",
  })
  assigneeId!: string;
  @Field((_type) => ID, {
    nullable: true,
    description:
      "The venue (场所): required for a SELF_CHECK, UNIFIED_ASSESSMENT or UNANNOUNCED_INSPECTION; for a RECTIFICATION or RECHECK, when given, it must be the problems' venue; none for an ANNUAL_REPORT.",
  })
  venueId?: string | null;
  @Field((_type) => ID, {
    nullable: true,
    description:
      "The unit: required for an ANNUAL_REPORT (a DISTRICT or DEPARTMENT unit, the one that reports); for other kinds, when given, it must be the venue's unit.",
  })
  unitId?: string | null;
  @Field((_type) => Date, {
    nullable: true,
    description:
      "The due date, after now (a manager's RECTIFICATION: within the campaign's rectificationDays days). Absent: the campaign's date for the kind (selfCheckDue; unifiedAssessmentDue, or convenienceAssessmentDue for a 便民服务中心(站); recheckDue for inspections and re-checks; annualReportDue), or for a RECTIFICATION the end of the day rectificationDays days from today (Asia/Shanghai).",
  })
  dueAt?: Date | null;
  @Field((_type) => [ID], {
    nullable: true,
    description:
      "The problems a RECTIFICATION (OPEN ones) or a RECHECK (AWAITING_RECHECK ones, on no other open re-check) carries: at least one, each once, all of one venue. None for other kinds.",
  })
  problemIds?: string[] | null;
}

@InputType({ description: "One kind of scoring task for every venue under a unit that takes one (批量下达)." })
export class AssignTasksInput {
  @Field((_type) => ID, { description: "The campaign (考核年度)." }) campaignId!: string;
  @Field((_type) => TaskKindEnum, {
    description:
      "SELF_CHECK, UNIFIED_ASSESSMENT or UNANNOUNCED_INSPECTION; other kinds are refused with BAD_USER_INPUT.",
  })
  kind!: TaskKind;
  @Field((_type) => ID, {
    description:
      "Every active venue under this unit (the unit and everything under it, except what lies under a deactivated unit) ...",
  })
  unitId!: string;
  @Field((_type) => [VenueTypeEnum], {
    nullable: true,
    description:
      "... of these types (FORBIDDEN when you may not assign the kind for one of them); absent or empty: every type you may assign the kind for.",
  })
  venueTypes?: VenueType[] | null;
  @Field((_type) => ID, {
    nullable: true,
    description:
      "One assignee for all (venue staff: their own venue only). Absent: each venue's first active VENUE_STAFF user, venues without one skipped; a UNIFIED_ASSESSMENT or UNANNOUNCED_INSPECTION then is refused (name its assessor).",
  })
  assigneeId?: string | null;
  @Field((_type) => Date, {
    nullable: true,
    description:
      "The due date of every task, after now. Absent: the campaign's date for the kind (for a UNIFIED_ASSESSMENT of a 便民服务中心(站), convenienceAssessmentDue).",
  })
  dueAt?: Date | null;
}

@ObjectType("AssignPreview", {
  description:
    "What assignTasks would do with an input (下达任务预览), writing nothing: tasks = venues − skippedOpen − withoutStaff.",
})
export class AssignPreviewType {
  @Field((_type) => Int, { description: "Tasks it would create: the venues that take one." }) tasks!: number;
  @Field((_type) => Int, {
    description:
      "Active venues under the unit (none under a deactivated unit) of the types this kind may be assigned for here; with a VENUE_STAFF assignee, their own venue only.",
  })
  venues!: number;
  @Field((_type) => Int, {
    description: "Venues passed by because they already have an open task of this kind in the campaign.",
  })
  skippedOpen!: number;
  @Field((_type) => Int, {
    description:
      "Venues passed by because they have no active VENUE_STAFF user to take the task (场所无工作人员); 0 when assigneeId is given.",
  })
  withoutStaff!: number;
}

@InputType({ description: "A re-check's verdict (复检结论) on one problem it carries." })
export class VerdictInput {
  @Field((_type) => ID, { description: "The problem: one the re-check carries, each once." }) problemId!: string;
  @Field((_type) => Boolean, {
    description:
      "true: rectified (RESOLVED once the re-check is approved); false: not rectified (整改不到位: back to OPEN once approved).",
  })
  resolved!: boolean;
  @Field((_type) => String, {
    nullable: true,
    description: "The re-checker's note (at most 2000 characters); absent: none.",
  })
  note?: string | null;
}

@InputType({ description: "What the assignee hands in with submitTask." })
export class SubmitTaskInput {
  @Field((_type) => String, {
    nullable: true,
    description:
      "A report: required for an ANNUAL_REPORT (年度工作报告, its text), optional otherwise (e.g. what a rectification did). Absent: an earlier report stays.",
  })
  report?: string | null;
  @Field((_type) => [ID], {
    nullable: true,
    description:
      "Evidence to attach to the task (ids from POST /evidence), e.g. photos of a rectification; absent: none.",
  })
  evidenceIds?: string[] | null;
  @Field((_type) => [VerdictInput], {
    nullable: true,
    description: "A RECHECK's verdicts, one for every problem it carries (required there); refused for other kinds.",
  })
  verdicts?: VerdictInput[] | null;
}

@InputType({
  description:
    "A problem seen during an unannounced inspection (明察暗访), put on the problem list (问题清单) at once.",
})
export class ReportProblemInput {
  @Field((_type) => ID, { description: "Your own UNANNOUNCED_INSPECTION task, while it is open and not SUBMITTED." })
  taskId!: string;
  @Field((_type) => String, {
    description:
      "The indicator (三级指标) of the task's rubric: one its methods assess by 明察暗访, not the bonus row.",
  })
  indicatorCode!: string;
  @Field((_type) => String, {
    description:
      "The rule (评分标准) of that indicator; it must apply at the venue (a 社区-only rule not at a 村 station).",
  })
  ruleCode!: string;
  @Field((_type) => String, { description: "What was seen (at most 2000 characters)." }) description!: string;
  @Field((_type) => Int, {
    defaultValue: 1,
    description: "How many times: a count of items or cases, at least 1 (a FIXED rule: 1).",
  })
  occurrences!: number;
  @Field((_type) => [ID], {
    nullable: true,
    description: "Evidence to attach (ids from POST /evidence); absent: none.",
  })
  evidenceIds?: string[] | null;
}

@InputType({ description: "Narrows tasks: every filter given must hold; an absent or null one narrows nothing." })
export class TaskFilter {
  @Field((_type) => ID, { nullable: true, description: "Tasks of this campaign (考核年度)." }) campaignId?:
    string | null;
  @Field((_type) => TaskKindEnum, { nullable: true, description: "Tasks of this kind." }) kind?: TaskKind | null;
  @Field((_type) => TaskStatusEnum, { nullable: true, description: "Tasks in this status." })
  status?: TaskStatus | null;
  @Field((_type) => ID, {
    nullable: true,
    description:
      "Tasks of this unit and everything under it. As in every list's filter, an id that does not exist or that you may not see matches nothing.",
  })
  unitId?: string | null;
  @Field((_type) => ID, { nullable: true, description: "Tasks of this venue (场所)." }) venueId?: string | null;
  @Field((_type) => ID, { nullable: true, description: "Tasks assigned to this user." }) assigneeId?: string | null;
  @Field((_type) => Boolean, {
    nullable: true,
    description: "true: overdue tasks (dueAt passed, neither COMPLETED nor CANCELLED); false: those not overdue.",
  })
  overdue?: boolean | null;
  @Field((_type) => VenueTypeEnum, {
    nullable: true,
    description: "Tasks of venues of this type (场所类型); a unit's ANNUAL_REPORT has no venue and never matches.",
  })
  venueType?: VenueType | null;
  @Field((_type) => Int, {
    nullable: true,
    description: "Tasks at this escalation level (督办级别: 0 none or reminded, 1 the district, 2 the city).",
  })
  escalationLevel?: number | null;
  @Field((_type) => Boolean, {
    nullable: true,
    description:
      "true: tasks still to be done (neither COMPLETED nor CANCELLED, 待办); false: those done or cancelled.",
  })
  open?: boolean | null;
  @Field((_type) => Date, {
    nullable: true,
    description:
      "Only tasks changed at or after this instant (updatedAt ≥ it): for incremental sync, with orderBy: UPDATED_AT.",
  })
  updatedSince?: Date | null;
}

@InputType({
  description: "Narrows the problem list: every filter given must hold; an absent or null one narrows nothing.",
})
export class ProblemFilter {
  @Field((_type) => ID, { nullable: true, description: "Problems of this campaign (考核年度)." }) campaignId?:
    string | null;
  @Field((_type) => ProblemStatusEnum, { nullable: true, description: "Problems in this status." })
  status?: ProblemStatus | null;
  @Field((_type) => ID, {
    nullable: true,
    description:
      "Problems of venues under this unit (the unit and everything under it); an unknown unit matches nothing.",
  })
  unitId?: string | null;
  @Field((_type) => ID, { nullable: true, description: "Problems of this venue (场所)." }) venueId?: string | null;
  @Field((_type) => VenueTypeEnum, { nullable: true, description: "Problems of venues of this type (场所类型)." })
  venueType?: VenueType | null;
  @Field((_type) => Date, {
    nullable: true,
    description:
      "Only problems changed at or after this instant (updatedAt ≥ it): for incremental sync, with orderBy: UPDATED_AT.",
  })
  updatedSince?: Date | null;
}

@ObjectType("RecheckVerdict", {
  description:
    "A re-check's verdict on one of its problems: recorded at submission, in effect once the re-check is approved.",
})
export class RecheckVerdictType {
  @Guard("problem")
  @Field((_type) => ProblemType, { description: "The problem judged." })
  problem!: ProblemType;
  @Field((_type) => Boolean, {
    nullable: true,
    description: "Rectified (true) or not (false); null until the re-check is submitted.",
  })
  resolved!: boolean | null;
  @Field((_type) => String, { nullable: true, description: "The re-checker's note on it; null when none was given." })
  note!: string | null;
}
