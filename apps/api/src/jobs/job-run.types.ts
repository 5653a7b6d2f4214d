import type { JobState } from "@assess/domain";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { JobStateEnum } from "../common/enums";
import { JSONScalar } from "../common/scalars";

@ObjectType("JobRun", {
  description: "A background job requested through the API (escalation, annual evaluation) and how it went.",
})
export class JobRunType {
  @Field((_type) => ID, { description: "The run's id, for jobRun(id)." }) id!: number;
  @Field((_type) => String, {
    description: 'Which job: "escalation" (triggerEscalation) or "annual-evaluation" (requestAnnualEvaluation).',
  })
  name!: string;
  @Field((_type) => JobStateEnum, { description: "Where it stands." }) state!: JobState;
  @Field((_type) => JSONScalar, {
    nullable: true,
    description:
      "What it did, once COMPLETED: for an escalation {at, reminded, escalated: {level1, level2}, problems: {level1, level2}, notifications} (counts); for an annual evaluation {evaluationRunId, campaignId, asOf, computedAt, parts, units, venues}. null before.",
  })
  result!: unknown;
  @Field((_type) => String, {
    nullable: true,
    description: "Why it failed; while it is being retried, why the last attempt failed.",
  })
  failedReason!: string | null;
  @Field((_type) => Int, { description: "Attempts started so far." }) attempts!: number;
  @Field((_type) => Date, { description: "When it was requested." }) createdAt!: Date;
  @Field((_type) => Date, {
    nullable: true,
    description: "When it ended, COMPLETED or FAILED; null while QUEUED or ACTIVE.",
  })
  finishedAt!: Date | null;
}
