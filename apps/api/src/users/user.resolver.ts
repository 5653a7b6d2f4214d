import type { UserEntity } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Context, who, writer } from "../common/context";
import { parseId } from "../common/ids";
import { UnitType, VenueObject } from "../units/unit.types";
import { canSeeUnit, canSeeVenue } from "../units/visibility";
import { CreateUserInput, UserType } from "./user.types";

const optionalId = (v: string | null | undefined, field: string) => (v === null || v === undefined ? null : parseId(v, field));

@Resolver((_of) => UserType)
export class UserResolver {
  @Mutation((_returns) => UserType)
  createUser(@Arg("input", (_type) => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context) {
    return ctx.services.users.createUser(writer(ctx), {
      ...input,
      unitId: optionalId(input.unitId, "unitId"),
      venueId: optionalId(input.venueId, "venueId"),
    });
  }

  @Query((_returns) => [UserType], { description: "Users you may see (managers: their subtree), optionally of one unit's subtree." })
  users(@Arg("unitId", (_type) => ID, { nullable: true }) unitId: string | null, @Ctx() ctx: Context) {
    return ctx.services.users.users(who(ctx), optionalId(unitId, "unitId"));
  }

  @FieldResolver((_type) => UnitType, { nullable: true, description: "The user's unit, when you may see it." })
  async unit(@Root() user: UserEntity, @Ctx() ctx: Context) {
    const unit = user.unitId === null ? null : await ctx.loaders.unit.load(user.unitId);
    return unit && (await canSeeUnit(ctx, unit)) ? unit : null;
  }

  @FieldResolver((_type) => VenueObject, { nullable: true, description: "The venue of VENUE_STAFF, when you may see it." })
  async venue(@Root() user: UserEntity, @Ctx() ctx: Context) {
    const venue = user.venueId === null ? null : await ctx.loaders.venue.load(user.venueId);
    const unit = venue ? await ctx.loaders.unit.load(venue.unitId) : null;
    return venue && unit && (await canSeeVenue(ctx, venue, unit)) ? venue : null;
  }
}
