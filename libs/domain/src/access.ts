import type { Role, TaskKind, UnitKind } from "./enums";
import type { VenueType } from "./rubric";
import { isWithin } from "./units";

/** Who acts, as far as the rules need: role and the materialised path of the user's unit. */
export interface Actor {
  userId: number;
  role: Role;
  unitPath: string | null;
  unitKind: UnitKind | null;
}

/** What a task is about: a venue (with its unit) or, for an annual report, a unit. */
export interface Target {
  venueType: VenueType | null;
  /** Path and kind of the venue's unit, or of the report's unit. */
  unitPath: string;
  unitKind: UnitKind;
}

/** City-level venues are those of the city itself and of its departments (市级政务服务中心、分中心). */
const isCityLevel = (t: Target) => t.unitKind === "CITY" || t.unitKind === "DEPARTMENT";

export const inScope = (actor: Actor, path: string) =>
  actor.role === "CITY_ADMIN" || (actor.unitPath !== null && isWithin(path, actor.unitPath));

/**
 * Who may assign which task, after the plan's section 五: the city assigns unified assessments of city-level
 * venues and district comprehensive centres, and annual reports; a district's manager assigns within the
 * district (self-checks, unified assessments of its sub-centres and convenience venues, inspections);
 * a department's manager self-checks its sub-centre; rectifications are assigned by a manager over the venue
 * (a township's too). Managers of townships and villages assign no assessments.
 * Re-checks are decided by the caller with `mayAssignRecheck`, since they depend on who found the problem.
 */
export function mayAssign(actor: Actor, kind: TaskKind, target: Target): boolean {
  if (actor.role === "CITY_ADMIN") return true;
  if (actor.role !== "UNIT_MANAGER" || !inScope(actor, target.unitPath)) return false;
  switch (kind) {
    case "SELF_CHECK":
      // 各地区营商部门 for the venues of their district, 市直各分中心 for themselves; not townships or villages.
      return target.venueType !== null && (actor.unitKind === "DISTRICT" || actor.unitKind === "DEPARTMENT");
    case "RECTIFICATION":
      return target.venueType !== null;
    case "UNIFIED_ASSESSMENT":
      return (
        actor.unitKind === "DISTRICT" &&
        target.venueType !== null &&
        target.venueType !== "COMPREHENSIVE_CENTER" &&
        !isCityLevel(target)
      );
    case "UNANNOUNCED_INSPECTION":
      return actor.unitKind === "DISTRICT" && target.venueType !== null;
    case "RECHECK":
    case "ANNUAL_REPORT":
      return false;
  }
}

/** A re-check is assigned by whoever assigned the assessments that found its problems, or by the city. */
export function mayAssignRecheck(actor: Actor, sourceAssignerIds: readonly (number | null)[]): boolean {
  return (
    actor.role === "CITY_ADMIN" ||
    (actor.role === "UNIT_MANAGER" && sourceAssignerIds.every((id) => id === actor.userId))
  );
}

/** Who assigned a task, as far as the rules need: their role and the path of their unit. */
export interface Assigner {
  userId: number;
  role: Role;
  unitPath: string | null;
}

/**
 * The assigner stands above the actor: the city over a district, a district over its townships. What a higher level
 * assigned (the city's assessments, inspections and re-checks of a district's venues) is the higher level's to
 * review, cancel and re-date, never the assessed district's.
 */
export function assignedFromAbove(actor: Actor, assigner: Assigner | null): boolean {
  if (!assigner || assigner.userId === actor.userId || actor.role === "CITY_ADMIN") return false;
  if (assigner.role === "CITY_ADMIN") return true;
  return (
    assigner.unitPath !== null &&
    actor.unitPath !== null &&
    assigner.unitPath !== actor.unitPath &&
    isWithin(actor.unitPath, assigner.unitPath)
  );
}

/**
 * Reviewing (approve, return), cancelling and re-dating: the assigner, the city, or a manager who could have assigned
 * it — unless a higher level assigned it (see assignedFromAbove).
 */
export function mayManageTask(actor: Actor, kind: TaskKind, target: Target, assigner: Assigner | null): boolean {
  if (actor.role === "CITY_ADMIN" || (assigner !== null && assigner.userId === actor.userId)) return true;
  if (assignedFromAbove(actor, assigner)) return false;
  return kind !== "RECHECK" && mayAssign(actor, kind, target);
}

/** Nobody reviews (approves or returns) a task assigned to themselves. */
export const mayReview = (actor: Actor, assigneeId: number) => actor.userId !== assigneeId;

/** Kinds that judge a venue from outside it: never done by the venue's own staff. */
export const INDEPENDENT_KINDS: readonly TaskKind[] = ["UNIFIED_ASSESSMENT", "UNANNOUNCED_INSPECTION", "RECHECK"];

/** Whether a user of this role (and venue) may take a task of this kind: the venue's own staff assess themselves only. */
export function mayTake(kind: TaskKind, assignee: { role: Role; venueId: number | null }): boolean {
  if (assignee.role === "INTEGRATOR") return false;
  return !(assignee.role === "VENUE_STAFF" && INDEPENDENT_KINDS.includes(kind));
}

/** Creating, renaming, moving and deactivating units and venues: the city, or a manager within their unit. */
export function mayManageUnits(actor: Actor, path: string): boolean {
  return actor.role === "CITY_ADMIN" || (actor.role === "UNIT_MANAGER" && inScope(actor, path));
}

/**
 * Who may be given a task by this actor: the city gives anyone; a manager gives users of their own subtree
 * (`assigneePath` is the path of the user's unit, or of their venue's unit).
 */
export function mayGiveTaskTo(actor: Actor, assigneePath: string | null): boolean {
  return (
    actor.role === "CITY_ADMIN" ||
    (actor.role === "UNIT_MANAGER" && assigneePath !== null && inScope(actor, assigneePath))
  );
}

/** Roles that may write at all; INTEGRATOR is read-only. */
export const canWrite = (role: Role) => role !== "INTEGRATOR";

/** Which roles a user may create: the city creates anyone; a manager creates below itself, never an admin. */
/**
 * Who deactivates a user or resets their password: the city admin anyone but themselves; a unit manager the users of
 * their subtree (venue staff by their venue's unit) other than city admins and themselves.
 */
export function mayManageUser(
  actor: Actor & { userId: number },
  target: { id: number; role: Role; unitPath: string | null },
): boolean {
  if (target.id === actor.userId) return false;
  if (actor.role === "CITY_ADMIN") return true;
  return (
    actor.role === "UNIT_MANAGER" &&
    target.role !== "CITY_ADMIN" &&
    target.unitPath !== null &&
    inScope(actor, target.unitPath)
  );
}

export function mayCreateUser(actor: Actor, role: Role, targetPath: string | null): boolean {
  if (actor.role === "CITY_ADMIN") return true;
  if (actor.role !== "UNIT_MANAGER" || role === "CITY_ADMIN" || targetPath === null) return false;
  return inScope(actor, targetPath);
}
