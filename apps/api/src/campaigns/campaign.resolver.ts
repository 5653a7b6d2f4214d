import type { CampaignEntity } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { BY_DESIGN, Public, Scoped } from "../access/guard";
import { Context, who, writer } from "../common/context";
import { parseId } from "../common/ids";
import { JSONScalar } from "../common/scalars";
import { RubricType } from "../rubrics/rubric.types";
import { CampaignType, CreateCampaignInput, UpdateCampaignInput } from "./campaign.types";

@Resolver((_of) => CampaignType)
export class CampaignResolver {
  @Scoped("campaign")
  @Query((_returns) => [CampaignType], {
    description: "Every campaign, newest year first; every signed-in user reads them.",
  })
  campaigns(@Ctx() ctx: Context) {
    who(ctx);
    return ctx.services.campaigns.list();
  }

  @Scoped("campaign")
  @Query((_returns) => CampaignType, { nullable: true, description: "A campaign by id; an unknown one is NOT_FOUND." })
  campaign(@Arg("id", (_type) => ID, { description: "The campaign's id." }) id: string, @Ctx() ctx: Context) {
    who(ctx);
    return ctx.services.campaigns.get(parseId(id, "id"));
  }

  @Mutation((_returns) => CampaignType, {
    description: "Creates the campaign of a year (city admin), with the plan's deadlines as defaults.",
  })
  createCampaign(
    @Arg("input", (_type) => CreateCampaignInput, { description: "The year and name." }) input: CreateCampaignInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.campaigns.create(writer(ctx), input);
  }

  @Mutation((_returns) => CampaignType, {
    description: "Edits a campaign's name, deadlines and defaults (city admin).",
  })
  updateCampaign(
    @Arg("id", (_type) => ID, { description: "The campaign's id." }) id: string,
    @Arg("input", (_type) => UpdateCampaignInput, { description: "What to change; absent fields stay." })
    input: UpdateCampaignInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.campaigns.update(writer(ctx), parseId(id, "id"), input);
  }

  @Mutation((_returns) => CampaignType, {
    description: "Sets the annual evaluation policy (weights, penalties, cap) before a run.",
  })
  setEvaluationPolicy(
    @Arg("campaignId", (_type) => ID, { description: "The campaign's id." }) campaignId: string,
    @Arg("policy", (_type) => JSONScalar, {
      description:
        "An object of weights (per VenueType, 0–100, not all 0), penalties (overdueRectification, failedRecheck, recurringProblem, unannouncedProblem, inflatedSelfCheck: points per case), penaltyCap (points), graceDays (whole days) and selfCheckGap (points); absent parts take the defaults, unknown keys are BAD_USER_INPUT.",
    })
    policy: unknown,
    @Arg("expectedVersion", (_type) => Int, {
      nullable: true,
      description: "The campaign's version read; a stale one is refused with CONFLICT. Absent: no check.",
    })
    expectedVersion: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.campaigns.setPolicy(
      writer(ctx),
      parseId(campaignId, "campaignId"),
      policy,
      expectedVersion ?? null,
    );
  }

  @Public(BY_DESIGN.rubric)
  @FieldResolver((_type) => [RubricType], {
    description: "The rubrics of the campaign's year, in annex order (附件1–4).",
  })
  rubrics(@Root() campaign: CampaignEntity, @Ctx() ctx: Context) {
    return ctx.services.rubrics.byYear(campaign.year);
  }

  @FieldResolver((_type) => JSONScalar, { description: "The annual evaluation policy the next run will use." })
  evaluationPolicy(@Root() campaign: CampaignEntity) {
    return campaign.evaluationPolicy;
  }
}
