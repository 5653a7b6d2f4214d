import type { UnitKind, VenueType } from "@assess/domain";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { UnitKindEnum, VenueTypeEnum } from "../common/enums";

@ObjectType("Unit")
export class UnitType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) code!: string;
  @Field((_type) => String) name!: string;
  @Field((_type) => UnitKindEnum) kind!: UnitKind;
  @Field((_type) => Boolean) active!: boolean;
  parentId!: number | null;
  path!: string;
}

@ObjectType("Venue")
export class VenueObject {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) code!: string;
  @Field((_type) => String) name!: string;
  @Field((_type) => VenueTypeEnum) type!: VenueType;
  @Field((_type) => Boolean) active!: boolean;
  @Field((_type) => Boolean, {
    description: "A CONVENIENCE_STATION of a 社区 (true) or of a 村 (false); false for other types. Rules the annex limits to 社区 (附件4 I13 R2) are refused on a 村 station's sheet.",
  })
  community!: boolean;
  unitId!: number;
}

@InputType()
export class CreateUnitInput {
  @Field((_type) => String) code!: string;
  @Field((_type) => String) name!: string;
  @Field((_type) => UnitKindEnum) kind!: UnitKind;
  @Field((_type) => ID, { nullable: true }) parentId?: string | null;
}

@InputType()
export class UpdateUnitInput {
  @Field((_type) => String, { nullable: true, description: "A new name (rename)." }) name?: string | null;
  @Field((_type) => ID, { nullable: true, description: "A new parent (move); the unit's subtree moves with it." }) parentId?: string | null;
  @Field((_type) => Boolean, { nullable: true, description: "false deactivates; nothing is ever hard-deleted." }) active?: boolean | null;
}

@InputType()
export class CreateVenueInput {
  @Field((_type) => String) code!: string;
  @Field((_type) => String) name!: string;
  @Field((_type) => VenueTypeEnum) type!: VenueType;
  @Field((_type) => ID) unitId!: string;
  @Field((_type) => Boolean, { nullable: true, defaultValue: false, description: "true for a 社区's CONVENIENCE_STATION (false: a 村's); only a station may be true." })
  community?: boolean | null;
}

@InputType()
export class UpdateVenueInput {
  @Field((_type) => String, { nullable: true }) name?: string | null;
  @Field((_type) => ID, { nullable: true, description: "Move the venue to another unit." }) unitId?: string | null;
  @Field((_type) => Boolean, { nullable: true }) active?: boolean | null;
  @Field((_type) => Boolean, { nullable: true, description: "A station of a 社区 (true) or of a 村 (false); only a CONVENIENCE_STATION may be true." })
  community?: boolean | null;
}

@InputType()
export class VenueFilter {
  @Field((_type) => ID, { nullable: true }) unitId?: string | null;
  @Field((_type) => VenueTypeEnum, { nullable: true }) type?: VenueType | null;
  @Field((_type) => String, { nullable: true }) search?: string | null;
}
