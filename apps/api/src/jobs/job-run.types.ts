import type { JobState } from "@assess/domain";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { JobStateEnum } from "../common/enums";
import { JSONScalar } from "../common/scalars";

@ObjectType("JobRun", { description: "A background job requested through the API (escalation, annual evaluation) and how it went." })
export class JobRunType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) name!: string;
  @Field((_type) => JobStateEnum) state!: JobState;
  @Field((_type) => JSONScalar, { nullable: true }) result!: unknown;
  @Field((_type) => String, { nullable: true, description: "Why it failed; while it is being retried, why the last attempt failed." })
  failedReason!: string | null;
  @Field((_type) => Int, { description: "Attempts started so far." }) attempts!: number;
  @Field((_type) => Date) createdAt!: Date;
  @Field((_type) => Date, { nullable: true }) finishedAt!: Date | null;
}
