import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Scoped } from "../access/guard";
import { Context, who } from "../common/context";
import { parseId } from "../common/ids";
import { UnitType } from "../units/unit.types";
import { DashboardType, UnitProgressType } from "./dashboard.types";

@Resolver((_of) => DashboardType)
export class DashboardResolver {
  @Scoped("dashboard")
  @Query((_returns) => DashboardType, {
    description:
      "A campaign's dashboard (工作台) over what you may see: every role may ask, and its scope narrows it. An unknown campaign is NOT_FOUND.",
  })
  dashboard(
    @Arg("campaignId", (_type) => ID, { description: "The campaign (考核年度)." }) campaignId: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.dashboard.dashboard(who(ctx), parseId(campaignId, "campaignId"));
  }

  @Scoped("dashboard")
  @FieldResolver((_type) => UnitType, { nullable: true })
  scope(@Root() d: DashboardType, @Ctx() ctx: Context) {
    return d.scopeUnitId === null ? null : ctx.loaders.unit.load(d.scopeUnitId);
  }
}

@Resolver((_of) => UnitProgressType)
export class UnitProgressResolver {
  @Scoped("dashboard")
  @FieldResolver((_type) => UnitType)
  async unit(@Root() row: UnitProgressType, @Ctx() ctx: Context) {
    return (await ctx.loaders.unit.load(row.unitId))!;
  }
}
