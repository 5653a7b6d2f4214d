import type { AssessmentMethod, RuleKind, RuleScope, VenueType } from "@assess/domain";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { AssessmentMethodEnum, RuleKindEnum, RuleScopeEnum, VenueTypeEnum } from "../common/enums";

@ObjectType("DeductionRule")
export class DeductionRuleType {
  @Field((_type) => String) code!: string;
  @Field((_type) => String) text!: string;
  @Field((_type) => RuleKindEnum) kind!: RuleKind;
  @Field((_type) => Float) points!: number;
  @Field((_type) => RuleScopeEnum, {
    nullable: true,
    description: "Where the annex limits the rule: COMMUNITY, only at a 社区 station (附件4 I13 R2); null, at every venue of the rubric. A finding on it elsewhere is refused.",
  })
  onlyFor?: RuleScope | null;
}

@ObjectType("Indicator")
export class IndicatorType {
  @Field((_type) => String) code!: string;
  @Field((_type) => String) level1!: string;
  @Field((_type) => String) level2!: string;
  @Field((_type) => String) requirement!: string;
  @Field((_type) => Float) points!: number;
  @Field((_type) => Boolean) bonus!: boolean;
  @Field((_type) => [AssessmentMethodEnum]) methods!: AssessmentMethod[];
  @Field((_type) => [DeductionRuleType]) rules!: DeductionRuleType[];
}

@ObjectType("Rubric")
export class RubricType {
  @Field((_type) => String) code!: string;
  @Field((_type) => Int) year!: number;
  @Field((_type) => VenueTypeEnum) venueType!: VenueType;
  @Field((_type) => String) title!: string;
  @Field((_type) => Float) totalPoints!: number;
  @Field((_type) => Float) bonusCap!: number;
  @Field((_type) => [IndicatorType]) indicators!: IndicatorType[];
}

@ObjectType("IndicatorScore")
export class IndicatorScoreType {
  @Field((_type) => String) indicatorCode!: string;
  @Field((_type) => Float) points!: number;
  @Field((_type) => Float) deducted!: number;
  @Field((_type) => Float) score!: number;
}

@ObjectType("Score")
export class ScoreType {
  @Field((_type) => Float) total!: number;
  @Field((_type) => Float) deducted!: number;
  @Field((_type) => Float) bonus!: number;
  @Field((_type) => [IndicatorScoreType]) indicators!: IndicatorScoreType[];
}

@InputType("FindingInput")
export class FindingInput {
  @Field((_type) => String) indicatorCode!: string;
  @Field((_type) => String) ruleCode!: string;
  @Field((_type) => Int, { defaultValue: 1 }) occurrences!: number;
  @Field((_type) => String, { nullable: true }) note?: string | null;
  @Field((_type) => [ID], { nullable: true }) evidenceIds?: string[] | null;
}
