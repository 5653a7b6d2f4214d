import { Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType("Campaign")
export class CampaignType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => Int) year!: number;
  @Field((_type) => String) name!: string;
  @Field((_type) => Date) selfCheckDue!: Date;
  @Field((_type) => Date) unifiedAssessmentDue!: Date;
  @Field((_type) => Date) convenienceAssessmentDue!: Date;
  @Field((_type) => Date) recheckDue!: Date;
  @Field((_type) => Date) annualReportDue!: Date;
  @Field((_type) => Int, { description: "Days a rectification gets by default." }) rectificationDays!: number;
  @Field((_type) => Int) version!: number;
  evaluationPolicy!: unknown;
}

@InputType()
export class CreateCampaignInput {
  @Field((_type) => Int) year!: number;
  @Field((_type) => String) name!: string;
}

@InputType({ description: "Deadlines and defaults of a campaign; absent fields stay as they are." })
export class UpdateCampaignInput {
  @Field((_type) => String, { nullable: true }) name?: string | null;
  @Field((_type) => Date, { nullable: true }) selfCheckDue?: Date | null;
  @Field((_type) => Date, { nullable: true }) unifiedAssessmentDue?: Date | null;
  @Field((_type) => Date, { nullable: true }) convenienceAssessmentDue?: Date | null;
  @Field((_type) => Date, { nullable: true }) recheckDue?: Date | null;
  @Field((_type) => Date, { nullable: true }) annualReportDue?: Date | null;
  @Field((_type) => Int, { nullable: true }) rectificationDays?: number | null;
  @Field((_type) => Int, { nullable: true, description: "The version read; a stale one is refused with CONFLICT." })
  expectedVersion?: number | null;
}
