import { describe, expect, it } from "vitest";
import {
  Actor,
  Assigner,
  Target,
  assignedFromAbove,
  mayAssign,
  mayAssignRecheck,
  mayCreateUser,
  mayGiveTaskTo,
  mayManageTask,
  mayManageUnits,
  mayReview,
  mayTake,
} from "./access";
import { TASK_KINDS, TASK_STATUSES, type TaskKind, type UnitKind } from "./enums";
import type { VenueType } from "./rubric";
import { canTransition, transition } from "./workflow";

// A city /1/ with district /1/2/ (township /1/2/3/, village /1/2/3/4/), department /1/5/ and district /1/6/.
const PATHS: Record<string, [string, UnitKind]> = {
  city: ["/1/", "CITY"],
  district: ["/1/2/", "DISTRICT"],
  township: ["/1/2/3/", "TOWNSHIP"],
  village: ["/1/2/3/4/", "VILLAGE"],
  department: ["/1/5/", "DEPARTMENT"],
  otherDistrict: ["/1/6/", "DISTRICT"],
};
const manager = (unit: keyof typeof PATHS, userId = 10): Actor => ({
  userId,
  role: "UNIT_MANAGER",
  unitPath: PATHS[unit]![0],
  unitKind: PATHS[unit]![1],
});
const admin: Actor = { userId: 1, role: "CITY_ADMIN", unitPath: "/1/", unitKind: "CITY" };
const venue = (type: VenueType, unit: keyof typeof PATHS): Target => ({
  venueType: type,
  unitPath: PATHS[unit]![0],
  unitKind: PATHS[unit]![1],
});

const VENUES = {
  cityCentre: venue("COMPREHENSIVE_CENTER", "city"),
  districtCentre: venue("COMPREHENSIVE_CENTER", "district"),
  districtSubcentre: venue("PROFESSIONAL_SUBCENTER", "district"),
  departmentSubcentre: venue("PROFESSIONAL_SUBCENTER", "department"),
  convenienceCentre: venue("CONVENIENCE_CENTER", "township"),
  station: venue("CONVENIENCE_STATION", "village"),
};
const districtUnit: Target = { venueType: null, unitPath: "/1/2/", unitKind: "DISTRICT" };

describe("who may assign what (the plan's section 五)", () => {
  it("lets the city assign everything", () => {
    for (const kind of TASK_KINDS)
      for (const t of [...Object.values(VENUES), districtUnit]) expect(mayAssign(admin, kind, t)).toBe(true);
  });

  // [actor, kind, venue, may]
  const table: [string, Actor, TaskKind, keyof typeof VENUES, boolean][] = [
    ["district", manager("district"), "SELF_CHECK", "districtCentre", true],
    ["district", manager("district"), "SELF_CHECK", "station", true],
    ["district", manager("district"), "UNIFIED_ASSESSMENT", "districtCentre", false],
    ["district", manager("district"), "UNIFIED_ASSESSMENT", "districtSubcentre", true],
    ["district", manager("district"), "UNIFIED_ASSESSMENT", "convenienceCentre", true],
    ["district", manager("district"), "UNIFIED_ASSESSMENT", "station", true],
    ["district", manager("district"), "UNANNOUNCED_INSPECTION", "districtCentre", true],
    ["district", manager("district"), "RECTIFICATION", "station", true],
    ["district", manager("district"), "SELF_CHECK", "cityCentre", false],
    ["district", manager("district"), "UNIFIED_ASSESSMENT", "departmentSubcentre", false],
    ["other district", manager("otherDistrict"), "SELF_CHECK", "districtSubcentre", false],
    ["other district", manager("otherDistrict"), "RECTIFICATION", "station", false],
    ["department", manager("department"), "SELF_CHECK", "departmentSubcentre", true],
    ["department", manager("department"), "UNIFIED_ASSESSMENT", "departmentSubcentre", false],
    ["department", manager("department"), "UNANNOUNCED_INSPECTION", "departmentSubcentre", false],
    ["department", manager("department"), "RECTIFICATION", "departmentSubcentre", true],
    ["township", manager("township"), "SELF_CHECK", "convenienceCentre", false],
    ["township", manager("township"), "UNIFIED_ASSESSMENT", "station", false],
    ["township", manager("township"), "RECTIFICATION", "station", true],
    ["village", manager("village"), "RECTIFICATION", "station", true],
    ["village", manager("village"), "SELF_CHECK", "station", false],
  ];
  it.each(table)("a %s manager: %s of %s → %s", (_who, actor, kind, v, may) => {
    expect(mayAssign(actor, kind, VENUES[v])).toBe(may);
  });

  it("leaves annual reports and re-checks to the city (re-checks also to whoever assigned the assessment)", () => {
    expect(mayAssign(manager("district"), "ANNUAL_REPORT", districtUnit)).toBe(false);
    expect(mayAssign(manager("district"), "RECHECK", VENUES.station)).toBe(false);
    expect(mayAssignRecheck(manager("district", 10), [10, 10])).toBe(true);
    expect(mayAssignRecheck(manager("district", 10), [10, 11])).toBe(false);
    expect(mayAssignRecheck(manager("district", 10), [null])).toBe(false);
    expect(mayAssignRecheck(admin, [11])).toBe(true);
  });

  it("never lets assessors, venue staff or integrators assign", () => {
    for (const role of ["ASSESSOR", "VENUE_STAFF", "INTEGRATOR"] as const) {
      const actor: Actor = { userId: 3, role, unitPath: "/1/2/", unitKind: "DISTRICT" };
      for (const kind of TASK_KINDS)
        for (const t of Object.values(VENUES)) expect(mayAssign(actor, kind, t)).toBe(false);
      expect(mayManageUnits(actor, "/1/2/3/")).toBe(false);
      expect(mayGiveTaskTo(actor, "/1/2/")).toBe(false);
      expect(mayCreateUser(actor, "ASSESSOR", "/1/2/")).toBe(false);
    }
  });

  it("lets a manager manage units, give tasks and create users only within their unit", () => {
    const m = manager("district");
    expect(mayManageUnits(m, "/1/2/3/")).toBe(true);
    expect(mayManageUnits(m, "/1/6/")).toBe(false);
    expect(mayGiveTaskTo(m, "/1/2/3/4/")).toBe(true);
    expect(mayGiveTaskTo(m, "/1/")).toBe(false);
    expect(mayGiveTaskTo(m, null)).toBe(false);
    expect(mayGiveTaskTo(admin, null)).toBe(true);
    expect(mayCreateUser(m, "ASSESSOR", "/1/2/3/")).toBe(true);
    expect(mayCreateUser(m, "CITY_ADMIN", "/1/2/")).toBe(false);
    // "/1/2/" is not within "/1/20/": paths end with a slash.
    expect(mayManageUnits(manager("district"), "/1/20/")).toBe(false);
  });

  it("lets the assigner, the city or a manager who could have assigned it review a task; a re-check only its assigner and the city", () => {
    const other = manager("district", 12);
    const byDistrict: Assigner = { userId: 10, role: "UNIT_MANAGER", unitPath: "/1/2/" };
    expect(mayManageTask(other, "UNIFIED_ASSESSMENT", VENUES.station, byDistrict)).toBe(true);
    expect(mayManageTask(other, "RECHECK", VENUES.station, byDistrict)).toBe(false);
    expect(mayManageTask(manager("district", 10), "RECHECK", VENUES.station, byDistrict)).toBe(true);
    expect(mayManageTask(manager("township", 13), "UNIFIED_ASSESSMENT", VENUES.station, byDistrict)).toBe(false);
    expect(mayManageTask(admin, "RECHECK", VENUES.station, byDistrict)).toBe(true);
  });

  it("leaves what a higher level assigned to that level: the city's tasks in a district, a district's in a township", () => {
    const byCity: Assigner = { userId: 1, role: "CITY_ADMIN", unitPath: "/1/" };
    const byDistrict: Assigner = { userId: 10, role: "UNIT_MANAGER", unitPath: "/1/2/" };
    const district = manager("district", 12);
    expect(assignedFromAbove(district, byCity)).toBe(true);
    expect(assignedFromAbove(district, byDistrict)).toBe(false);
    expect(assignedFromAbove(manager("township", 13), byDistrict)).toBe(true);
    expect(assignedFromAbove(admin, byCity)).toBe(false);
    expect(assignedFromAbove(manager("otherDistrict", 14), byDistrict)).toBe(false);
    // A district could assign an inspection of its station, but not manage the city's.
    expect(mayAssign(district, "UNANNOUNCED_INSPECTION", VENUES.station)).toBe(true);
    expect(mayManageTask(district, "UNANNOUNCED_INSPECTION", VENUES.station, byCity)).toBe(false);
    expect(mayManageTask(district, "UNANNOUNCED_INSPECTION", VENUES.station, byDistrict)).toBe(true);
    expect(mayManageTask(admin, "UNANNOUNCED_INSPECTION", VENUES.station, byDistrict)).toBe(true);
  });

  it("never lets anyone review their own task, nor a venue's staff take what judges their venue", () => {
    expect(mayReview(manager("district", 10), 10)).toBe(false);
    expect(mayReview(manager("district", 10), 11)).toBe(true);
    for (const kind of TASK_KINDS) {
      const independent = kind === "UNIFIED_ASSESSMENT" || kind === "UNANNOUNCED_INSPECTION" || kind === "RECHECK";
      expect(mayTake(kind, { role: "VENUE_STAFF", venueId: 3 }), kind).toBe(!independent);
      expect(mayTake(kind, { role: "ASSESSOR", venueId: null }), kind).toBe(true);
      expect(mayTake(kind, { role: "INTEGRATOR", venueId: null }), kind).toBe(false);
    }
  });
});

describe("the task state machine", () => {
  const allowed: Record<string, string[]> = {
    start: ["ASSIGNED", "RETURNED"],
    submit: ["IN_PROGRESS"],
    approve: ["SUBMITTED"],
    return: ["SUBMITTED"],
    cancel: ["ASSIGNED", "IN_PROGRESS", "SUBMITTED", "RETURNED"],
  };
  it("allows exactly the designed transitions, and refuses the rest with CONFLICT", () => {
    for (const [action, from] of Object.entries(allowed)) {
      for (const status of TASK_STATUSES) {
        const a = action as Parameters<typeof transition>[1];
        expect(canTransition(status, a), `${action} from ${status}`).toBe(from.includes(status));
        if (!from.includes(status))
          expect(() => transition(status, a)).toThrow(expect.objectContaining({ code: "CONFLICT" }));
      }
    }
    expect(transition("RETURNED", "start")).toBe("IN_PROGRESS");
    expect(transition("SUBMITTED", "return")).toBe("RETURNED");
    expect(transition("SUBMITTED", "approve")).toBe("COMPLETED");
  });
});
