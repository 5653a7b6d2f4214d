import type { Role } from "@assess/domain";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Scoped } from "../access/guard";
import { RoleEnum } from "../common/enums";

@ObjectType("User")
export class UserType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) username!: string;
  @Field((_type) => String) displayName!: string;
  @Field((_type) => RoleEnum) role!: Role;
  @Field((_type) => Boolean) active!: boolean;
  unitId!: number | null;
  venueId!: number | null;
}

@ObjectType("AuthPayload")
export class AuthPayload {
  @Field((_type) => String) token!: string;
  @Scoped("own")
  @Field((_type) => UserType) user!: UserType;
}

@ObjectType("ApiToken")
export class ApiTokenType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) name!: string;
  @Field((_type) => Date) createdAt!: Date;
  @Field((_type) => Date, { nullable: true }) revokedAt!: Date | null;
}

@InputType()
export class CreateUserInput {
  @Field((_type) => String) username!: string;
  @Field((_type) => String) displayName!: string;
  @Field((_type) => String) password!: string;
  @Field((_type) => RoleEnum) role!: Role;
  @Field((_type) => ID, { nullable: true }) unitId?: string | null;
  @Field((_type) => ID, { nullable: true }) venueId?: string | null;
}

@InputType("UpdateUserInput", { description: "What to change of a user; what is absent stays. A new venue brings its unit. A change of role or place is refused while the user holds or has assigned open tasks." })
export class UpdateUserInput {
  @Field((_type) => String, { nullable: true, description: "The name shown (姓名), at most 100 characters." }) displayName?: string | null;
  @Field((_type) => RoleEnum, { nullable: true, description: "A new role (角色); VENUE_STAFF need a venue, UNIT_MANAGER a unit." }) role?: Role | null;
  @Field((_type) => ID, { nullable: true, description: "A new unit (单位); null takes the user out of theirs." }) unitId?: string | null;
  @Field((_type) => ID, { nullable: true, description: "A new venue (场所), for VENUE_STAFF; null takes the user out of theirs." }) venueId?: string | null;
}
