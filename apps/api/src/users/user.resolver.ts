import type { UserEntity } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Context, who, writer } from "../common/context";
import type { Role } from "@assess/domain";
import { RoleEnum } from "../common/enums";
import { containsPattern, parseId } from "../common/ids";
import { UnitType, VenueObject } from "../units/unit.types";
import { Guard, Scoped } from "../access/guard";
import { Connection, pageRequest } from "../common/pagination";
import { CreateUserInput, UpdateUserInput, UserType } from "./user.types";

const UserConnection = Connection(UserType, "UserConnection", "user");

const optionalId = (v: string | null | undefined, field: string) =>
  v === null || v === undefined ? null : parseId(v, field);

@Resolver((_of) => UserType)
export class UserResolver {
  @Mutation((_returns) => UserType, {
    description:
      "Creates a user (the city admin anyone; a unit manager within their unit, never a CITY_ADMIN). A taken username is CONFLICT; a unit or venue you may not see is NOT_FOUND.",
  })
  createUser(
    @Arg("input", (_type) => CreateUserInput, { description: "The new user." }) input: CreateUserInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.users.createUser(writer(ctx), {
      ...input,
      unitId: optionalId(input.unitId, "unitId"),
      venueId: optionalId(input.venueId, "venueId"),
    });
  }

  @Mutation((_returns) => UserType, {
    description:
      "Renames a user or changes their role, unit or venue (the city admin; a unit manager within their unit). A change of role, unit or venue ends their sessions and revokes the API tokens they created.",
  })
  updateUser(
    @Arg("id", (_type) => ID, {
      description: "The user to change; not yourself, not an INTEGRATOR; NOT_FOUND outside your unit.",
    })
    id: string,
    @Arg("input", (_type) => UpdateUserInput, { description: "What to change; absent fields stay." })
    input: UpdateUserInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.users.updateUser(
      writer(ctx),
      parseId(id, "id"),
      {
        displayName: input.displayName,
        role: input.role,
        // Absent stays as it is; null takes the user out of their unit or venue.
        unitId: input.unitId === undefined ? undefined : optionalId(input.unitId, "unitId"),
        venueId: input.venueId === undefined ? undefined : optionalId(input.venueId, "venueId"),
      },
      ctx.services.clock(),
    );
  }

  @Mutation((_returns) => UserType, {
    description:
      "Deactivates a user (the city admin; a unit manager within their unit): their sessions end and every API token they hold or created stops at once.",
  })
  deactivateUser(
    @Arg("id", (_type) => ID, { description: "The user to deactivate; not yourself; NOT_FOUND outside your unit." })
    id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.auth.deactivateUser(writer(ctx), parseId(id, "id"), ctx.services.clock());
  }

  @Mutation((_returns) => String, {
    description:
      "Resets a user's password (the city admin; a unit manager within their unit) and answers a temporary one, shown once: their sessions end, and after signing in with it they may do nothing but changePassword.",
  })
  resetPassword(
    @Arg("id", (_type) => ID, {
      description: "The user whose password to reset; not yourself, not an INTEGRATOR; NOT_FOUND outside your unit.",
    })
    id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.auth.resetPassword(writer(ctx), parseId(id, "id"));
  }

  @FieldResolver((_type) => Boolean, {
    description: "Signed in with a temporary password (after resetPassword): to be changed before anything else.",
  })
  mustChangePassword(@Root() u: UserEntity) {
    return Number(u.mustChangePassword) === 1;
  }

  @Scoped("user")
  @Query((_returns) => UserConnection, {
    description:
      "Users you may see (managers and integrators: their unit's subtree; others: themselves), optionally of one unit's subtree, one role and a search; a page in id order.",
  })
  users(
    @Arg("unitId", (_type) => ID, {
      nullable: true,
      description:
        "Only users of this unit's subtree (a venue's staff count under the venue's unit); an unknown unit, or one you may not see, matches nothing (as in every list's filter).",
    })
    unitId: string | null,
    @Arg("role", (_type) => RoleEnum, {
      nullable: true,
      description: "Only users of this role (角色), e.g. ASSESSOR for an assignee picker.",
    })
    role: Role | null,
    @Arg("search", (_type) => String, {
      nullable: true,
      description: "Text (at least one character, trimmed) that the username or display name contains.",
    })
    search: string | null,
    @Arg("first", (_type) => Int, { nullable: true, defaultValue: 50, description: "How many, 1 to 100." })
    first: number,
    @Arg("after", (_type) => String, { nullable: true, description: "The endCursor of the page before." })
    after: string | null,
    @Ctx() ctx: Context,
  ) {
    const p = who(ctx);
    return ctx.services.users.users(
      p,
      { unitId: optionalId(unitId, "unitId"), role: role ?? null, search: containsPattern(search, "search") },
      pageRequest(first, after),
    );
  }

  @Guard("unit")
  @FieldResolver((_type) => UnitType, { nullable: true, description: "The user's unit, when you may see it." })
  unit(@Root() user: UserEntity, @Ctx() ctx: Context) {
    return user.unitId === null ? null : ctx.loaders.unit.load(user.unitId);
  }

  @Guard("venue")
  @FieldResolver((_type) => VenueObject, {
    nullable: true,
    description: "The venue of VENUE_STAFF, when you may see it.",
  })
  venue(@Root() user: UserEntity, @Ctx() ctx: Context) {
    return user.venueId === null ? null : ctx.loaders.venue.load(user.venueId);
  }
}
