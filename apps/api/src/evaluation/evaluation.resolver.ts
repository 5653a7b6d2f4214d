import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { BY_DESIGN, Public, Scoped } from "../access/guard";
import { CampaignType } from "../campaigns/campaign.types";
import { Context, who } from "../common/context";
import { parseId } from "../common/ids";
import { UnitType } from "../units/unit.types";
import { AnnualEvaluationType, EvaluationEntryType } from "./evaluation.types";

@Resolver((_of) => AnnualEvaluationType)
export class AnnualEvaluationResolver {
  @Scoped("evaluation")
  @Query((_returns) => AnnualEvaluationType, {
    nullable: true,
    description: "The latest annual evaluation of a campaign; null before the first.",
  })
  annualEvaluation(
    @Arg("campaignId", (_type) => ID, { description: "The campaign's id; an unknown one is NOT_FOUND." })
    campaignId: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.evaluations.latest(who(ctx), parseId(campaignId, "campaignId"));
  }

  @Scoped("evaluation")
  @Query((_returns) => [AnnualEvaluationType], {
    description: "Every stored run of a campaign's annual evaluation, newest first.",
  })
  annualEvaluations(
    @Arg("campaignId", (_type) => ID, { description: "The campaign's id; an unknown one is NOT_FOUND." })
    campaignId: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.evaluations.history(who(ctx), parseId(campaignId, "campaignId"));
  }

  @Public(BY_DESIGN.campaign)
  @FieldResolver((_type) => CampaignType, { description: "The campaign evaluated." })
  async campaign(@Root() run: AnnualEvaluationType, @Ctx() ctx: Context) {
    return (await ctx.loaders.campaign.load(run.campaignId))!;
  }

  @Scoped("evaluation")
  @FieldResolver((_type) => [EvaluationEntryType], { description: "By rank; only the units the reader may see." })
  entries(@Root() run: AnnualEvaluationType, @Ctx() ctx: Context) {
    return ctx.services.evaluations.entries(who(ctx), run.id);
  }
}

@Resolver((_of) => EvaluationEntryType)
export class EvaluationEntryResolver {
  @Scoped("evaluation")
  @FieldResolver((_type) => UnitType, { description: "The DISTRICT or DEPARTMENT unit ranked." })
  async unit(@Root() e: EvaluationEntryType, @Ctx() ctx: Context) {
    return (await ctx.loaders.unit.load(e.unitId))!;
  }
}
