import type { AssessmentMethod, RuleKind, RuleScope, VenueType } from "@assess/domain";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { AssessmentMethodEnum, RuleKindEnum, RuleScopeEnum, VenueTypeEnum } from "../common/enums";

@ObjectType("DeductionRule", {
  description: "One criterion of an indicator's 评分标准: a deduction, or in the bonus row (加分项) a bonus.",
})
export class DeductionRuleType {
  @Field((_type) => String, {
    description: "R1, R2, … in the order the criteria appear in the row's 评分标准 cell; unique within the indicator.",
  })
  code!: string;
  @Field((_type) => String, {
    description: "The criterion as the annex words it (Chinese), e.g. 未建立进驻事项负面清单并对外公布的，扣2分。",
  })
  text!: string;
  @Field((_type) => RuleKindEnum, { description: "How it counts: FIXED once, PER_OCCURRENCE per case, or BONUS." })
  kind!: RuleKind;
  @Field((_type) => Float, {
    description: "Points per occurrence (half points allowed): deducted, or added for a BONUS.",
  })
  points!: number;
  @Field((_type) => RuleScopeEnum, {
    nullable: true,
    description:
      "Where the annex limits the rule: COMMUNITY, only at a 社区 station (附件4 I13 R2); null, at every venue of the rubric. A finding on it elsewhere is refused.",
  })
  onlyFor?: RuleScope | null;
}

@ObjectType("Indicator", {
  description: "One row (三级指标) of an annex: what is required, how it is assessed, and its rules.",
})
export class IndicatorType {
  @Field((_type) => String, {
    description: "I01, I02, … in the annex's row order, the bonus row (加分项), where there is one, last.",
  })
  code!: string;
  @Field((_type) => String, {
    description: "The level-1 heading (一级指标), e.g. 政务服务渠道建设; 加分项 for the bonus row.",
  })
  level1!: string;
  @Field((_type) => String, { description: "The level-2 heading (二级指标), e.g. 推进线下办事“只进一门”." })
  level2!: string;
  @Field((_type) => String, { description: "The requirement as the annex words it (三级指标, Chinese)." })
  requirement!: string;
  @Field((_type) => Float, {
    description:
      "Points (分值, half points allowed): the most a deduction row can lose (扣完为止); for the bonus row, its printed maximum.",
  })
  points!: number;
  @Field((_type) => Boolean, {
    description: "true for the bonus row (加分项), whose rules are BONUS and which has no score of its own.",
  })
  bonus!: boolean;
  @Field((_type) => [AssessmentMethodEnum], { description: "How it is assessed (考核方式), in the annex's order." })
  methods!: AssessmentMethod[];
  @Field((_type) => [DeductionRuleType], { description: "Its criteria (评分标准), R1 first." })
  rules!: DeductionRuleType[];
}

@ObjectType("Rubric", {
  description: "The scoring sheet of one venue type for one year (考核指标): an annex of the plan.",
})
export class RubricType {
  @Field((_type) => String, {
    description:
      "<year>-comprehensive-center, -professional-subcenter, -convenience-center or -convenience-station, e.g. 2024-comprehensive-center.",
  })
  code!: string;
  @Field((_type) => Int, { description: "The year it is for; a campaign uses the rubrics of its year." }) year!: number;
  @Field((_type) => VenueTypeEnum, { description: "The venue type it scores." }) venueType!: VenueType;
  @Field((_type) => String, { description: "The annex's title, e.g. 2024年全市综合政务服务中心标准化建设考核指标." })
  title!: string;
  @Field((_type) => Float, { description: "Points of the deduction rows together (总分): 100." }) totalPoints!: number;
  @Field((_type) => Float, {
    description:
      "The most the bonus row adds (加满为止), in points: in 2024, 5 for centres and sub-centres, 0 for convenience venues (no bonus row).",
  })
  bonusCap!: number;
  @Field((_type) => [IndicatorType], {
    description: "Its rows in the annex's order, I01 first, the bonus row (if any) last.",
  })
  indicators!: IndicatorType[];
}

@ObjectType("IndicatorScore", { description: "What one deduction row (三级指标) scored on a sheet." })
export class IndicatorScoreType {
  @Field((_type) => String, { description: "The indicator's code, e.g. I01." }) indicatorCode!: string;
  @Field((_type) => Float, { description: "The indicator's points (分值)." }) points!: number;
  @Field((_type) => Float, {
    description: "Points lost: the findings' deductions added up, never more than points (扣完为止).",
  })
  deducted!: number;
  @Field((_type) => Float, { description: "points − deducted." }) score!: number;
}

@ObjectType("Score", { description: "A sheet's score, exact to the half point." })
export class ScoreType {
  @Field((_type) => Float, {
    description: "Points: the deduction rows' scores added up plus bonus; 100 at most, plus at most bonusCap.",
  })
  total!: number;
  @Field((_type) => Float, { description: "Points lost over all deduction rows, each row capped at its points." })
  deducted!: number;
  @Field((_type) => Float, { description: "Bonus points (加分项), capped at the rubric's bonusCap." }) bonus!: number;
  @Field((_type) => [IndicatorScoreType], {
    description: "One per deduction row, in the rubric's order; the bonus row is not among them.",
  })
  indicators!: IndicatorScoreType[];
}

@InputType("FindingInput", { description: "One line of a sheet: a rule of an indicator found, how often, and why." })
export class FindingInput {
  @Field((_type) => String, { description: "The indicator's code in the rubric, e.g. I04." }) indicatorCode!: string;
  @Field((_type) => String, { description: "The rule's code within that indicator, e.g. R2." }) ruleCode!: string;
  @Field((_type) => Int, {
    defaultValue: 1,
    description:
      "How many items or cases (件次), 0 to 1000; a FIXED rule takes 0 or 1, and at most 1 over all findings of the sheet.",
  })
  occurrences!: number;
  @Field((_type) => String, {
    nullable: true,
    description: "What was found (扣分说明), at most 10,000 characters; previewScore ignores it.",
  })
  note?: string | null;
  @Field((_type) => [ID], {
    nullable: true,
    description:
      "Evidence to attach (ids from POST /evidence, your own uploads; the city admin: any); previewScore ignores them.",
  })
  evidenceIds?: string[] | null;
}
