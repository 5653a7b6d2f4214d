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
  @Query((_returns) => [CampaignType])
  campaigns(@Ctx() ctx: Context) {
    who(ctx);
    return ctx.services.campaigns.list();
  }

  @Scoped("campaign")
  @Query((_returns) => CampaignType, { nullable: true })
  campaign(@Arg("id", (_type) => ID) id: string, @Ctx() ctx: Context) {
    who(ctx);
    return ctx.services.campaigns.get(parseId(id, "id"));
  }

  @Mutation((_returns) => CampaignType)
  createCampaign(@Arg("input", (_type) => CreateCampaignInput) input: CreateCampaignInput, @Ctx() ctx: Context) {
    return ctx.services.campaigns.create(writer(ctx), input);
  }

  @Mutation((_returns) => CampaignType, { description: "Edits a campaign's name, deadlines and defaults (city admin)." })
  updateCampaign(@Arg("id", (_type) => ID) id: string, @Arg("input", (_type) => UpdateCampaignInput) input: UpdateCampaignInput, @Ctx() ctx: Context) {
    return ctx.services.campaigns.update(writer(ctx), parseId(id, "id"), input);
  }

  @Mutation((_returns) => CampaignType, { description: "Sets the annual evaluation policy (weights, penalties, cap) before a run." })
  setEvaluationPolicy(
    @Arg("campaignId", (_type) => ID) campaignId: string,
    @Arg("policy", (_type) => JSONScalar) policy: unknown,
    @Arg("expectedVersion", (_type) => Int, { nullable: true }) expectedVersion: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.campaigns.setPolicy(writer(ctx), parseId(campaignId, "campaignId"), policy, expectedVersion ?? null);
  }

  @Public(BY_DESIGN.rubric)
  @FieldResolver((_type) => [RubricType])
  rubrics(@Root() campaign: CampaignEntity, @Ctx() ctx: Context) {
    return ctx.services.rubrics.byYear(campaign.year);
  }

  @FieldResolver((_type) => JSONScalar, { description: "The annual evaluation policy the next run will use." })
  evaluationPolicy(@Root() campaign: CampaignEntity) {
    return campaign.evaluationPolicy;
  }
}
