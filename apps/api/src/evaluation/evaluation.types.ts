import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { JSONScalar } from "../common/scalars";

@ObjectType("EvaluationEntry", { description: "One DISTRICT or DEPARTMENT unit in an annual evaluation." })
export class EvaluationEntryType {
  @Field((_type) => Int, { description: "1 is the highest score; equal scores share a rank." }) rank!: number;
  @Field((_type) => Float, { description: "assessmentScore − penalty." }) score!: number;
  @Field((_type) => Float, { description: "Weighted mean of the venues' latest completed unified assessment totals." })
  assessmentScore!: number;
  @Field((_type) => Float, { description: "Penalty points, capped at the policy's penaltyCap." }) penalty!: number;
  @Field((_type) => Int, { description: "Active venues under the unit (its subtree) when the run was computed." })
  venueCount!: number;
  @Field((_type) => Int, {
    description:
      "Rectifications that became late (敷衍推诿): due before the evaluation and not completed by their due date, even if later cancelled, re-dated or reassigned.",
  })
  overdueRectifications!: number;
  @Field((_type) => Int, { description: "Re-checks that found a problem not rectified (整改落实不到位)." })
  failedRechecks!: number;
  @Field((_type) => Int, { description: "Problems that repeat an earlier one of the same venue (相同问题反复出现)." })
  recurringProblems!: number;
  @Field((_type) => Int, { description: "Problems found in unannounced inspections (明察暗访)." })
  unannouncedProblems!: number;
  @Field((_type) => Int, {
    description:
      "Problems left OPEN with no rectification past the policy's graceDays, counted like overdue rectifications (敷衍推诿).",
  })
  unassignedProblems!: number;
  @Field((_type) => Int, {
    description:
      "Venues whose self-check exceeded their unified assessment by more than the policy's selfCheckGap (工作不实); listed in breakdown.inflatedSelfChecks.",
  })
  inflatedSelfChecks!: number;
  @Field((_type) => JSONScalar, {
    description: "Per venue type (venues, assessed, mean, weight, share) and per penalty (count, points).",
  })
  breakdown!: unknown;
  unitId!: number;
}

@ObjectType("AnnualEvaluation", { description: "One stored run of the annual comprehensive evaluation (综合评价)." })
export class AnnualEvaluationType {
  @Field((_type) => ID, { description: "The run; every run is kept." }) id!: number;
  @Field((_type) => Date, { description: "When the run finished and was stored." }) computedAt!: Date;
  @Field((_type) => Date, { description: "The moment the inputs were taken as of (when it was requested)." })
  asOf!: Date;
  @Field((_type) => JSONScalar, { description: "The weights, penalties and cap this run used." }) policy!: unknown;
  @Field((_type) => JSONScalar, { description: "Counts of what went in: venues, assessed venues, parts, penalties." })
  inputs!: unknown;
  @Field((_type) => ID, {
    description: "The JobRun that computed it (requestAnnualEvaluation's answer); runs are ordered by it.",
  })
  jobRunId!: number;
  campaignId!: number;
}
