import type { UnitKind, VenueType } from "@assess/domain";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { UnitKindEnum, VenueTypeEnum } from "../common/enums";

@ObjectType("Unit", {
  description:
    "A unit of the city's tree (单位): the city, a district or department, a township, a village; venues belong to units.",
})
export class UnitType {
  @Field((_type) => ID, { description: "The unit's id." }) id!: number;
  @Field((_type) => String, {
    description: "The unit's code (单位编码): 1–64 letters, digits, dots, dashes or underscores, unique among units.",
  })
  code!: string;
  @Field((_type) => String, { description: "The unit's name (单位名称)." }) name!: string;
  @Field((_type) => UnitKindEnum, {
    description: "Its level (单位类型): CITY, DISTRICT, DEPARTMENT, TOWNSHIP or VILLAGE.",
  })
  kind!: UnitKind;
  @Field((_type) => Boolean, {
    description:
      "false once deactivated: no new children or venues; the annual evaluation leaves out a deactivated DISTRICT or DEPARTMENT.",
  })
  active!: boolean;
  parentId!: number | null;
  path!: string;
}

@ObjectType("Venue", {
  description:
    "A government-service venue (政务服务场所) of a unit: the place that is assessed against the rubric of its type.",
})
export class VenueObject {
  @Field((_type) => ID, { description: "The venue's id." }) id!: number;
  @Field((_type) => String, {
    description: "The venue's code (场所编码): 1–64 letters, digits, dots, dashes or underscores, unique among venues.",
  })
  code!: string;
  @Field((_type) => String, { description: "The venue's name (场所名称)." }) name!: string;
  @Field((_type) => VenueTypeEnum, { description: "Its type (场所类型), which decides its rubric; fixed at creation." })
  type!: VenueType;
  @Field((_type) => Boolean, {
    description:
      "false once deactivated: left out of new bulk assignments, the dashboard's scores and the annual evaluation.",
  })
  active!: boolean;
  @Field((_type) => Boolean, {
    description:
      "A CONVENIENCE_STATION of a 社区 (true) or of a 村 (false); false for other types. Rules the annex limits to 社区 (附件4 I13 R2) are refused on a 村 station's sheet.",
  })
  community!: boolean;
  unitId!: number;
}

@InputType({ description: "A new unit: code, name, kind and parent." })
export class CreateUnitInput {
  @Field((_type) => String, {
    description: "1–64 letters, digits, dots, dashes or underscores, not taken by another unit (CONFLICT otherwise).",
  })
  code!: string;
  @Field((_type) => String, { description: "The name (单位名称), at most 200 characters." }) name!: string;
  @Field((_type) => UnitKindEnum, {
    description:
      "The level; it must fit the parent's: DISTRICT and DEPARTMENT under the CITY, TOWNSHIP under a DISTRICT, VILLAGE under a TOWNSHIP.",
  })
  kind!: UnitKind;
  @Field((_type) => ID, {
    nullable: true,
    description:
      "The parent unit, active and within your unit; absent only for the CITY, which the city admin creates.",
  })
  parentId?: string | null;
}

@InputType({ description: "What to change of a unit; absent fields stay." })
export class UpdateUnitInput {
  @Field((_type) => String, { nullable: true, description: "A new name (rename)." }) name?: string | null;
  @Field((_type) => ID, { nullable: true, description: "A new parent (move); the unit's subtree moves with it." })
  parentId?: string | null;
  @Field((_type) => Boolean, { nullable: true, description: "false deactivates; nothing is ever hard-deleted." })
  active?: boolean | null;
}

@InputType({ description: "A new venue: code, name, type and unit." })
export class CreateVenueInput {
  @Field((_type) => String, {
    description: "1–64 letters, digits, dots, dashes or underscores, not taken by another venue (CONFLICT otherwise).",
  })
  code!: string;
  @Field((_type) => String, { description: "The name (场所名称), at most 200 characters." }) name!: string;
  @Field((_type) => VenueTypeEnum, {
    description:
      "The type; it must fit the unit: COMPREHENSIVE_CENTER at a CITY or DISTRICT, PROFESSIONAL_SUBCENTER at a CITY, DISTRICT or DEPARTMENT, CONVENIENCE_CENTER at a TOWNSHIP, CONVENIENCE_STATION at a VILLAGE.",
  })
  type!: VenueType;
  @Field((_type) => ID, { description: "The unit it belongs to: active and within your unit." }) unitId!: string;
  @Field((_type) => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "true for a 社区's CONVENIENCE_STATION (false: a 村's); only a station may be true.",
  })
  community?: boolean | null;
}

@InputType({ description: "What to change of a venue; absent fields stay. Its type never changes." })
export class UpdateVenueInput {
  @Field((_type) => String, { nullable: true, description: "A new name (rename), at most 200 characters." }) name?:
    string | null;
  @Field((_type) => ID, {
    nullable: true,
    description: "Move the venue to another unit; its tasks and staff move with it.",
  })
  unitId?: string | null;
  @Field((_type) => Boolean, {
    nullable: true,
    description: "false deactivates, true reactivates; nothing is ever hard-deleted.",
  })
  active?: boolean | null;
  @Field((_type) => Boolean, {
    nullable: true,
    description: "A station of a 社区 (true) or of a 村 (false); only a CONVENIENCE_STATION may be true.",
  })
  community?: boolean | null;
}

@InputType({ description: "Narrows venues(…); absent fields do not narrow." })
export class VenueFilter {
  @Field((_type) => ID, {
    nullable: true,
    description:
      "Only venues of this unit's subtree (the unit and everything under it); an unknown unit, or one you may not see, matches nothing (as in every list's filter).",
  })
  unitId?: string | null;
  @Field((_type) => VenueTypeEnum, { nullable: true, description: "Only venues of this type (场所类型)." })
  type?: VenueType | null;
  @Field((_type) => String, {
    nullable: true,
    description: "Only venues whose name or code contains this text (trimmed; blank does not narrow).",
  })
  search?: string | null;
}
