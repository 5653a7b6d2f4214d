import type { Role } from "@assess/domain";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Scoped } from "../access/guard";
import { RoleEnum } from "../common/enums";

@ObjectType("User", {
  description: "A person who signs in (用户), or the account of an API token (INTEGRATOR), with their role and place.",
})
export class UserType {
  @Field((_type) => ID, { description: "The user's id." }) id!: number;
  @Field((_type) => String, {
    description:
      "The sign-in name (用户名): 2–64 letters, digits, dots, dashes, underscores or @; an API token's account is named api:<token name>:….",
  })
  username!: string;
  @Field((_type) => String, { description: "The name shown (姓名); an API token's account shows the token's name." })
  displayName!: string;
  @Field((_type) => RoleEnum, { description: "The user's role (角色): what they see and may do." }) role!: Role;
  @Field((_type) => Boolean, {
    description: "false once deactivated (deactivateUser): they can no longer sign in, and their API tokens stop.",
  })
  active!: boolean;
  unitId!: number | null;
  venueId!: number | null;
}

@ObjectType("AuthPayload", { description: "What login answers: a session token and who it signs in." })
export class AuthPayload {
  @Field((_type) => String, {
    description:
      "The session token, for Authorization: Bearer <token>; it expires after JWT_TTL (12 hours by default) and ends at changePassword, resetPassword, a change of role or place, or deactivation.",
  })
  token!: string;
  @Scoped("own")
  @Field((_type) => UserType, { description: "The user signed in." })
  user!: UserType;
}

@ObjectType("ApiToken", {
  description:
    "A read-only API token for an integrator (接口令牌), as listed: the token itself is shown only once, by createApiToken.",
})
export class ApiTokenType {
  @Field((_type) => ID, { description: "The token's id, for revokeApiToken." }) id!: number;
  @Field((_type) => String, {
    description: "The name given at creation, at most 100 characters; also the display name of its INTEGRATOR account.",
  })
  name!: string;
  @Field((_type) => Date, { description: "When it was created." }) createdAt!: Date;
  @Field((_type) => Date, {
    nullable: true,
    description:
      "When it stopped working: revokeApiToken, its account or its creator deactivated, or its creator given another role or place; null while it works.",
  })
  revokedAt!: Date | null;
}

@InputType({
  description:
    "A new user: sign-in name, name, first password, role and place (a unit for managers, a venue for venue staff).",
})
export class CreateUserInput {
  @Field((_type) => String, {
    description:
      "The sign-in name: 2–64 letters, digits, dots, dashes, underscores or @, not taken (CONFLICT otherwise).",
  })
  username!: string;
  @Field((_type) => String, { description: "The name shown (姓名), at most 100 characters." }) displayName!: string;
  @Field((_type) => String, {
    description:
      "The first password: at least 8 characters, at most 72 bytes (UTF-8), not a commonly used one, not containing the username, not one character repeated.",
  })
  password!: string;
  @Field((_type) => RoleEnum, { description: "The role (角色); a unit manager may not create a CITY_ADMIN." })
  role!: Role;
  @Field((_type) => ID, {
    nullable: true,
    description:
      "The unit (单位) the user belongs to: required for UNIT_MANAGER; for VENUE_STAFF absent or the venue's unit. Within your unit unless you are the city admin.",
  })
  unitId?: string | null;
  @Field((_type) => ID, {
    nullable: true,
    description: "The venue (场所) of VENUE_STAFF, required for them and refused for other roles; it brings its unit.",
  })
  venueId?: string | null;
}

@InputType("UpdateUserInput", {
  description:
    "What to change of a user; what is absent stays. A new venue brings its unit. A change of role or place is refused while the user holds or has assigned open tasks.",
})
export class UpdateUserInput {
  @Field((_type) => String, { nullable: true, description: "The name shown (姓名), at most 100 characters." })
  displayName?: string | null;
  @Field((_type) => RoleEnum, {
    nullable: true,
    description: "A new role (角色); VENUE_STAFF need a venue, UNIT_MANAGER a unit.",
  })
  role?: Role | null;
  @Field((_type) => ID, { nullable: true, description: "A new unit (单位); null takes the user out of theirs." })
  unitId?: string | null;
  @Field((_type) => ID, {
    nullable: true,
    description: "A new venue (场所), for VENUE_STAFF; null takes the user out of theirs.",
  })
  venueId?: string | null;
}
