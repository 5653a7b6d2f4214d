import { Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType("Campaign", {
  description: "A year's assessment (考核年度): its deadlines, defaults and rubrics; one campaign a year.",
})
export class CampaignType {
  @Field((_type) => ID, { description: "The campaign's id." }) id!: number;
  @Field((_type) => Int, { description: "The year assessed, e.g. 2024; it picks the rubrics." }) year!: number;
  @Field((_type) => String, { description: "The campaign's name." }) name!: string;
  @Field((_type) => Date, {
    description: "Self-checks (自检评估) are due: by default the end of 31 May (Asia/Shanghai).",
  })
  selfCheckDue!: Date;
  @Field((_type) => Date, {
    description:
      "Unified assessments of comprehensive centres and sub-centres (中心、分中心统一考核) are due: by default the end of 15 June (Asia/Shanghai).",
  })
  unifiedAssessmentDue!: Date;
  @Field((_type) => Date, {
    description:
      "Unified assessments of convenience centres and stations (便民服务中心（站）统一考核) are due: by default the end of 30 September.",
  })
  convenienceAssessmentDue!: Date;
  @Field((_type) => Date, {
    description: "Re-checks (复检复查) and unannounced inspections are due: by default the end of 31 October.",
  })
  recheckDue!: Date;
  @Field((_type) => Date, {
    description: "Annual work reports (年度工作报告) are due: by default the end of 31 October.",
  })
  annualReportDue!: Date;
  @Field((_type) => Int, { description: "Days a rectification gets by default." }) rectificationDays!: number;
  @Field((_type) => Int, {
    description: "Starts at 1 and grows with every edit; pass it as expectedVersion to refuse a stale edit.",
  })
  version!: number;
  evaluationPolicy!: unknown;
}

@InputType({
  description:
    "A new campaign; its deadlines start at the plan's dates for the year, rectificationDays at 30, the policy at the default.",
})
export class CreateCampaignInput {
  @Field((_type) => Int, {
    description: "The year: one campaign a year (CONFLICT otherwise), and rubrics for it must be installed.",
  })
  year!: number;
  @Field((_type) => String, { description: "The name, at most 200 characters." }) name!: string;
}

@InputType({ description: "Deadlines and defaults of a campaign; absent fields stay as they are." })
export class UpdateCampaignInput {
  @Field((_type) => String, { nullable: true, description: "A new name, at most 200 characters." }) name?:
    string | null;
  @Field((_type) => Date, {
    nullable: true,
    description: "New due date of self-checks; the default due date of those assigned afterwards.",
  })
  selfCheckDue?: Date | null;
  @Field((_type) => Date, {
    nullable: true,
    description: "New due date of centres' and sub-centres' unified assessments; for those assigned afterwards.",
  })
  unifiedAssessmentDue?: Date | null;
  @Field((_type) => Date, {
    nullable: true,
    description: "New due date of convenience venues' unified assessments; for those assigned afterwards.",
  })
  convenienceAssessmentDue?: Date | null;
  @Field((_type) => Date, {
    nullable: true,
    description: "New due date of re-checks and unannounced inspections; for those assigned afterwards.",
  })
  recheckDue?: Date | null;
  @Field((_type) => Date, {
    nullable: true,
    description: "New due date of annual reports; for those assigned afterwards.",
  })
  annualReportDue?: Date | null;
  @Field((_type) => Int, { nullable: true, description: "Days a new rectification gets, 1 to 365." })
  rectificationDays?: number | null;
  @Field((_type) => Int, { nullable: true, description: "The version read; a stale one is refused with CONFLICT." })
  expectedVersion?: number | null;
}
