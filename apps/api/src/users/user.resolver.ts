import type { UserEntity } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Context, who, writer } from "../common/context";
import { parseId } from "../common/ids";
import { UnitType, VenueObject } from "../units/unit.types";
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

  @FieldResolver((_type) => UnitType, { nullable: true })
  unit(@Root() user: UserEntity, @Ctx() ctx: Context) {
    return user.unitId === null ? null : ctx.loaders.unit.load(user.unitId);
  }

  @FieldResolver((_type) => VenueObject, { nullable: true })
  venue(@Root() user: UserEntity, @Ctx() ctx: Context) {
    return user.venueId === null ? null : ctx.loaders.venue.load(user.venueId);
  }
}
