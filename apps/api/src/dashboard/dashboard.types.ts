import type { TaskKind, VenueType } from "@assess/domain";
import { ClassType, Field, Float, Int, ObjectType } from "type-graphql";
import { BY_DESIGN, Public, Scoped } from "../access/guard";
import { CampaignType } from "../campaigns/campaign.types";
import { TaskKindEnum, VenueTypeEnum } from "../common/enums";
import { AnnualEvaluationType } from "../evaluation/evaluation.types";
import { UnitType } from "../units/unit.types";

@ObjectType("Deadline", { description: "One of the campaign's dates (截止时间) and the days left until it." })
export class DeadlineType {
  @Field((_type) => String, {
    description:
      'Which date: "selfCheckDue" (自检评估), "unifiedAssessmentDue" (综合政务服务中心、专业分中心统一考核), "convenienceAssessmentDue" (便民服务中心（站）统一考核), "recheckDue" (复检复查) or "annualReportDue" (年度报告).',
  })
  key!: string;
  @Field((_type) => Date, { description: "When it falls due." }) dueAt!: Date;
  @Field((_type) => Int, {
    description:
      "Whole Asia/Shanghai calendar days from now until dueAt: 0 on the day itself, negative once it is past.",
  })
  daysLeft!: number;
}

/** The counts that PhaseProgress and UnitProgress both carry, after their own fields. */
export interface Counts {
  total: number;
  assigned: number;
  inProgress: number;
  submitted: number;
  returned: number;
  completed: number;
  cancelled: number;
  overdue: number;
}

const COUNT_FIELDS: [keyof Counts, string][] = [
  ["total", "Tasks in all (任务总数)."],
  ["assigned", "Tasks ASSIGNED (已下达), not started."],
  ["inProgress", "Tasks IN_PROGRESS (进行中)."],
  ["submitted", "Tasks SUBMITTED (已提交), waiting for review."],
  ["returned", "Tasks RETURNED (已退回) to their assignee."],
  ["completed", "Tasks COMPLETED (已完成)."],
  ["cancelled", "Tasks CANCELLED (已撤销)."],
  ["overdue", "Tasks overdue (逾期): past dueAt and neither COMPLETED nor CANCELLED, as Task.overdue."],
];

function withCounts(target: ClassType<Counts>): void {
  for (const [name, description] of COUNT_FIELDS) Field((_type) => Int, { description })(target.prototype, name);
}

@ObjectType("PhaseProgress", {
  description: "Progress of one kind of task (工作阶段进度) over the tasks the dashboard covers.",
})
export class PhaseProgressType implements Counts {
  @Field((_type) => TaskKindEnum, { description: "The kind of task: the phase of the year's work." }) kind!: TaskKind;
  total!: number;
  assigned!: number;
  inProgress!: number;
  submitted!: number;
  returned!: number;
  completed!: number;
  cancelled!: number;
  overdue!: number;
}
withCounts(PhaseProgressType);

@ObjectType("UnitProgress", {
  description:
    "Progress of one kind of task within one unit (各单位进度): a unit one level below the dashboard's, or that unit's own tasks.",
})
export class UnitProgressType implements Counts {
  @Field((_type) => UnitType, {
    description: "The unit (单位): its subtree's tasks; for the scope unit's own row, the tasks of that unit itself.",
  })
  unit?: UnitType;
  @Field((_type) => TaskKindEnum, { description: "The kind of task." }) kind!: TaskKind;
  total!: number;
  assigned!: number;
  inProgress!: number;
  submitted!: number;
  returned!: number;
  completed!: number;
  cancelled!: number;
  overdue!: number;
  unitId!: number;
}
withCounts(UnitProgressType);

@ObjectType("EscalationCount", {
  description: "Overdue open rectifications (逾期整改) at one escalation level (督办级别).",
})
export class EscalationCountType {
  @Field((_type) => Int, {
    description: "0: not escalated yet (the assignee was reminded); 1: the district or department; 2: the city.",
  })
  level!: number;
  @Field((_type) => Int, {
    description: "Overdue RECTIFICATION tasks, neither COMPLETED nor CANCELLED, at this level.",
  })
  count!: number;
}

@ObjectType("VenueTypeScore", {
  description:
    "Scores of one venue type (分类型得分) over the active venues the dashboard covers, from each venue's latest completed task of the campaign.",
})
export class VenueTypeScoreType {
  @Field((_type) => VenueTypeEnum, { description: "The venue type (场所类型)." }) venueType!: VenueType;
  @Field((_type) => Int, { description: "Active venues of this type." }) venues!: number;
  @Field((_type) => Int, {
    description: "Of them, venues with a completed unified assessment (统一考核) in the campaign.",
  })
  assessed!: number;
  @Field((_type) => Float, {
    nullable: true,
    description: "Mean of their latest completed unified assessment's total, to 2 decimals; null when none.",
  })
  average!: number | null;
  @Field((_type) => Float, { nullable: true, description: "Lowest of those totals; null when none." }) min!:
    number | null;
  @Field((_type) => Float, { nullable: true, description: "Highest of those totals; null when none." }) max!:
    number | null;
  @Field((_type) => Float, {
    nullable: true,
    description: "Mean of the venues' latest completed self-check (自检评估) totals, to 2 decimals; null when none.",
  })
  selfCheckAverage!: number | null;
}

@ObjectType("Dashboard", {
  description:
    "A campaign at a glance (工作台): deadlines, progress by phase and by unit, escalations, scores, the evaluation.",
})
export class DashboardType {
  @Public(BY_DESIGN.campaign)
  @Field((_type) => CampaignType, { description: "The campaign (考核年度)." })
  campaign!: CampaignType;
  @Field((_type) => UnitType, {
    nullable: true,
    description:
      "The unit whose subtree it covers: yours for a unit manager or an integrator with a unit; null for the whole city (and for those who read no subtree).",
  })
  scope?: UnitType | null;
  @Field((_type) => [DeadlineType], {
    description:
      "The campaign's dates in the plan's order: selfCheckDue, unifiedAssessmentDue, convenienceAssessmentDue, recheckDue, annualReportDue.",
  })
  deadlines!: DeadlineType[];
  @Field((_type) => [PhaseProgressType], {
    description: "One per kind of task that has tasks here, in the order of TaskKind.",
  })
  phases!: PhaseProgressType[];
  @Field((_type) => [UnitProgressType], {
    description:
      "Per unit one level below scope (for the whole city: below the top unit, i.e. districts and departments) and kind of task; the tasks of the scope unit itself (e.g. a district's own comprehensive centre) under a row for that unit. In tree order (the scope unit first, siblings by id), then by kind. Empty for assessors and venue staff.",
  })
  units!: UnitProgressType[];
  @Field((_type) => [EscalationCountType], {
    description: "Overdue open rectifications by escalation level (逾期督办): always the three levels 0, 1 and 2.",
  })
  escalations!: EscalationCountType[];
  @Field((_type) => [VenueTypeScoreType], {
    description: "One per venue type, all four always, in the order of VenueType.",
  })
  scores!: VenueTypeScoreType[];
  @Scoped("evaluation")
  @Field((_type) => AnnualEvaluationType, {
    nullable: true,
    description:
      "The latest annual evaluation (年度综合评价) as annualEvaluation(campaignId) answers it for you; null before the first run and for those who may not read it.",
  })
  evaluation!: AnnualEvaluationType | null;
  scopeUnitId!: number | null;
}
