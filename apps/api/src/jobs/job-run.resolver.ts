import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Scoped } from "../access/guard";
import { Context, who, writer } from "../common/context";
import { parseId } from "../common/ids";
import { JobRunType } from "./job-run.types";

@Resolver((_of) => JobRunType)
export class JobRunResolver {
  @Scoped("jobRun")
  @Query((_returns) => JobRunType, {
    nullable: true,
    description:
      "A job run: to its requester and the city admins; an annual evaluation's run also to whoever reads the annual evaluation (managers, integrators).",
  })
  jobRun(
    @Arg("id", (_type) => ID, {
      description: "The run's id; one that does not exist or that you may not see is NOT_FOUND.",
    })
    id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.jobs.get(who(ctx), parseId(id, "id"));
  }

  @Mutation((_returns) => JobRunType, {
    description: "Runs the escalation of overdue rectifications now (city admin).",
  })
  triggerEscalation(@Ctx() ctx: Context) {
    return ctx.services.jobs.triggerEscalation(writer(ctx));
  }

  @Mutation((_returns) => JobRunType, {
    description: "Queues the annual comprehensive evaluation of a campaign with its current policy (city admin).",
  })
  requestAnnualEvaluation(
    @Arg("campaignId", (_type) => ID, { description: "The campaign to evaluate; an unknown one is NOT_FOUND." })
    campaignId: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.jobs.requestAnnualEvaluation(writer(ctx), parseId(campaignId, "campaignId"));
  }
}
