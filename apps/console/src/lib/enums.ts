import type { ProblemStatus, Role, TaskKind, TaskStatus, UnitKind, VenueType } from "../gql/graphql";

export const TASK_KINDS: readonly TaskKind[] = [
  "SELF_CHECK",
  "UNIFIED_ASSESSMENT",
  "UNANNOUNCED_INSPECTION",
  "RECTIFICATION",
  "RECHECK",
  "ANNUAL_REPORT",
];
export const SCORING_KINDS: readonly TaskKind[] = ["SELF_CHECK", "UNIFIED_ASSESSMENT", "UNANNOUNCED_INSPECTION"];
export const TASK_STATUSES: readonly TaskStatus[] = [
  "ASSIGNED",
  "IN_PROGRESS",
  "SUBMITTED",
  "RETURNED",
  "COMPLETED",
  "CANCELLED",
];
export const VENUE_TYPES: readonly VenueType[] = [
  "COMPREHENSIVE_CENTER",
  "PROFESSIONAL_SUBCENTER",
  "CONVENIENCE_CENTER",
  "CONVENIENCE_STATION",
];
export const PROBLEM_STATUSES: readonly ProblemStatus[] = ["OPEN", "RECTIFYING", "AWAITING_RECHECK", "RESOLVED"];
export const ROLES: readonly Role[] = ["CITY_ADMIN", "UNIT_MANAGER", "ASSESSOR", "VENUE_STAFF", "INTEGRATOR"];
export const UNIT_KINDS: readonly UnitKind[] = ["CITY", "DISTRICT", "DEPARTMENT", "TOWNSHIP", "VILLAGE"];
