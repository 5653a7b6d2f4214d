import { badInput } from "./errors";
import type { UnitKind } from "./enums";
import type { VenueType } from "./rubric";

/** The hierarchy of the plan: 市 → 县(市、区) and 市直部门 → 乡镇(街道) → 村(社区). */
const PARENT_KIND: Record<UnitKind, UnitKind | null> = {
  CITY: null,
  DISTRICT: "CITY",
  DEPARTMENT: "CITY",
  TOWNSHIP: "DISTRICT",
  VILLAGE: "TOWNSHIP",
};

/** Where each kind of venue sits: centres at city and county level, sub-centres with departments or counties. */
const VENUE_UNIT_KINDS: Record<VenueType, readonly UnitKind[]> = {
  COMPREHENSIVE_CENTER: ["CITY", "DISTRICT"],
  PROFESSIONAL_SUBCENTER: ["CITY", "DISTRICT", "DEPARTMENT"],
  CONVENIENCE_CENTER: ["TOWNSHIP"],
  CONVENIENCE_STATION: ["VILLAGE"],
};

export function checkUnitParent(kind: UnitKind, parentKind: UnitKind | null): void {
  const expected = PARENT_KIND[kind];
  if (expected === null && parentKind !== null) throw badInput("parentId", `a ${kind} unit has no parent`);
  if (expected !== null && parentKind !== expected) {
    throw badInput(
      "parentId",
      `a ${kind} unit belongs under a ${expected} unit${parentKind ? `, not a ${parentKind}` : ""}`,
    );
  }
}

export function checkVenueUnit(type: VenueType, unitKind: UnitKind): void {
  const allowed = VENUE_UNIT_KINDS[type];
  if (!allowed.includes(unitKind)) {
    throw badInput("unitId", `a ${type} belongs to a ${allowed.join(" or ")} unit, not a ${unitKind}`);
  }
}

/** Only a CONVENIENCE_STATION is a 社区's (true) or a 村's (false); every other venue is community: false. */
export function checkVenueCommunity(type: VenueType, community: boolean): void {
  if (community && type !== "CONVENIENCE_STATION") {
    throw badInput(
      "community",
      `only a CONVENIENCE_STATION serves a 社区 (true) or a 村 (false); a ${type} is never community: true`,
    );
  }
}

/** Path helpers for the materialised path "/1/7/42/". */
export const childPath = (parentPath: string | null, id: number) => `${parentPath ?? "/"}${id}/`;
export const isWithin = (path: string, ancestorPath: string) => path.startsWith(ancestorPath);
export const pathIds = (path: string) => path.split("/").filter(Boolean).map(Number);

/** The county-level unit (DISTRICT or DEPARTMENT) a path runs through: the second id of the path. */
export const countyLevelId = (path: string): number | undefined => pathIds(path)[1];
