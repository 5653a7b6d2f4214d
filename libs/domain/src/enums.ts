export const ROLES = ["CITY_ADMIN", "UNIT_MANAGER", "ASSESSOR", "VENUE_STAFF", "INTEGRATOR"] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ["CITY", "DISTRICT", "DEPARTMENT", "TOWNSHIP", "VILLAGE"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const TASK_KINDS = [
  "SELF_CHECK",
  "UNIFIED_ASSESSMENT",
  "UNANNOUNCED_INSPECTION",
  "RECTIFICATION",
  "RECHECK",
  "ANNUAL_REPORT",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ["ASSIGNED", "IN_PROGRESS", "SUBMITTED", "RETURNED", "COMPLETED", "CANCELLED"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PROBLEM_STATUSES = ["OPEN", "RECTIFYING", "AWAITING_RECHECK", "RESOLVED"] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** Tasks that fill in a scoring sheet against a rubric. */
export const SCORING_KINDS: readonly TaskKind[] = ["SELF_CHECK", "UNIFIED_ASSESSMENT", "UNANNOUNCED_INSPECTION"];
export const isScoringKind = (kind: TaskKind) => SCORING_KINDS.includes(kind);

/** Tasks that carry problems (problemIds). */
export const PROBLEM_KINDS: readonly TaskKind[] = ["RECTIFICATION", "RECHECK"];
export const isProblemKind = (kind: TaskKind) => PROBLEM_KINDS.includes(kind);

export const isOpenStatus = (s: TaskStatus) => s !== "COMPLETED" && s !== "CANCELLED";

export const JOB_STATES = ["QUEUED", "ACTIVE", "COMPLETED", "FAILED"] as const;
export type JobState = (typeof JOB_STATES)[number];
