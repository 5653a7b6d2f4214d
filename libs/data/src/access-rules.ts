import type { Role } from "@assess/domain";
import type { SqlPart } from "./lateness";

/** Who reads, as far as the rules need (the API's Principal is one; a webhook's owner is another). */
export interface Viewer {
  userId: number;
  role: Role;
  unitId: number | null;
  /** Materialised path of the user's unit ("/1/7/"); null without a unit. */
  unitPath: string | null;
  venueId: number | null;
}

/**
 * The visibility rules, each once, in SQL: who sees which task, problem, venue, unit, user, evidence and job run.
 * Every rule is a WHERE fragment over the FROM clause named beside it (its aliases); lists add their own filters to it,
 * and the API's `access/visible.ts` answers "which of these ids" with it in one query; the worker applies the same rules to
 * what a webhook's owner may hear of. Nothing else writes a rule.
 */

/** A WHERE fragment with its parameters. */
export type Sql = SqlPart;

const ALL: Sql = { sql: "1=1", params: [] };
const NONE: Sql = { sql: "1=0", params: [] };

/** Whether a scope lets everything through (nothing to join for it). */
export const isAll = (s: Sql) => s.sql === ALL.sql;

/**
 * Users who read a unit subtree: managers and integrators; without a unit, an integrator reads the whole city.
 * The path of that subtree, null for the whole city (and the city admin), undefined for those who read no subtree.
 */
export const subtreeOf = (p: Viewer): string | null | undefined => {
  if (p.role === "CITY_ADMIN") return null;
  if (p.role === "UNIT_MANAGER" || p.role === "INTEGRATOR")
    return p.unitPath ?? (p.role === "INTEGRATOR" ? null : undefined);
  return undefined;
};

/** A LIKE pattern for every path below (and at) `path`. */
export const likePrefix = (path: string) => `${path.replace(/[\\%_]/g, "\\$&")}%`;
const like = likePrefix;

/** FROM clauses with the aliases the rules below use. */
export const FROM = {
  task: "task t JOIN unit tu ON tu.id = t.unit_id",
  problem: "problem pr JOIN venue pv ON pv.id = pr.venue_id JOIN unit pu ON pu.id = pv.unit_id",
  venue: "venue v JOIN unit vu ON vu.id = v.unit_id",
  unit: "unit un",
  user: "user u LEFT JOIN venue v ON v.id = u.venue_id LEFT JOIN unit un ON un.id = COALESCE(u.unit_id, v.unit_id)",
  evidence: "evidence e",
  jobRun: "job_run jr",
} as const;

/** Tasks `t` (with its unit joined as `tu`) that the principal may see. */
export function taskScope(p: Viewer): Sql {
  const sub = subtreeOf(p);
  if (sub === null) return ALL;
  if (sub !== undefined) {
    // Within the subtree, except what a higher level inspects unannounced there (the city's 明察暗访 of a district's
    // venues) until it has found something or is completed: the domain's assignedFromAbove, in SQL.
    return {
      sql: `((tu.path LIKE ? AND NOT (t.kind = 'UNANNOUNCED_INSPECTION' AND t.status <> 'COMPLETED'
               AND NOT EXISTS (SELECT 1 FROM problem px WHERE px.source_task_id = t.id)
               AND EXISTS (SELECT 1 FROM user ab LEFT JOIN unit abu ON abu.id = ab.unit_id WHERE ab.id = t.assigned_by_id AND ab.id <> ?
                           AND (ab.role = 'CITY_ADMIN' OR (abu.path <> ? AND ? LIKE CONCAT(abu.path, '%'))))))
             OR t.assignee_id = ? OR t.assigned_by_id = ?)`,
      params: [like(sub), p.userId, sub, sub, p.userId, p.userId],
    };
  }
  if (p.role === "VENUE_STAFF" && p.venueId !== null) {
    // Their venue's self-checks, rectifications and re-checks; an assessment or inspection once it is
    // completed or has put a problem on the venue's list (never an inspection still unannounced).
    return {
      sql: `(t.assignee_id = ? OR (t.venue_id = ? AND (t.kind IN ('SELF_CHECK','RECTIFICATION','RECHECK') OR t.status = 'COMPLETED'
             OR EXISTS (SELECT 1 FROM problem px WHERE px.source_task_id = t.id))))`,
      params: [p.userId, p.venueId],
    };
  }
  // An assessor: their own tasks, and for the problems a task of theirs carries (a re-check), the tasks that
  // found those problems and the rectifications that hold them, so that the evidence of both can be judged.
  return {
    sql: `(t.assignee_id = ?
       OR t.id IN (SELECT px.source_task_id FROM problem px JOIN task_problem tp ON tp.problem_id = px.id JOIN task mine ON mine.id = tp.task_id WHERE mine.assignee_id = ?)
       OR t.id IN (SELECT tp2.task_id FROM task_problem tp2 JOIN task_problem tp ON tp.problem_id = tp2.problem_id JOIN task mine ON mine.id = tp.task_id WHERE mine.assignee_id = ?))`,
    params: [p.userId, p.userId, p.userId],
  };
}

/** Venues `v` (with their unit joined as `vu`) that the principal may see. */
export function venueScope(p: Viewer): Sql {
  const sub = subtreeOf(p);
  if (sub === null) return ALL;
  if (sub !== undefined) return { sql: "vu.path LIKE ?", params: [like(sub)] };
  if (p.role === "VENUE_STAFF") return p.venueId === null ? NONE : { sql: "v.id = ?", params: [p.venueId] };
  return {
    sql: "v.id IN (SELECT st.venue_id FROM task st WHERE st.assignee_id = ? AND st.venue_id IS NOT NULL)",
    params: [p.userId],
  };
}

/** Units `un` that the principal may see. */
export function unitScope(p: Viewer): Sql {
  const sub = subtreeOf(p);
  if (sub === null) return ALL;
  if (sub !== undefined) return { sql: "un.path LIKE ?", params: [like(sub)] };
  const own = p.unitId === null ? "" : " OR un.id = ?";
  const ownParams = p.unitId === null ? [] : [p.unitId];
  if (p.role === "VENUE_STAFF") {
    return {
      sql: `(un.id IN (SELECT sv.unit_id FROM venue sv WHERE sv.id = ?)${own})`,
      params: [p.venueId ?? 0, ...ownParams],
    };
  }
  return {
    sql: `(un.id IN (SELECT st.unit_id FROM task st WHERE st.assignee_id = ?)${own})`,
    params: [p.userId, ...ownParams],
  };
}

/** Problems `pr` (with the venue's unit joined as `pu`) that the principal may see. */
export function problemScope(p: Viewer): Sql {
  const sub = subtreeOf(p);
  if (sub === null) return ALL;
  if (sub !== undefined) return { sql: "pu.path LIKE ?", params: [like(sub)] };
  if (p.role === "VENUE_STAFF") return p.venueId === null ? NONE : { sql: "pr.venue_id = ?", params: [p.venueId] };
  return {
    sql: `(pr.source_task_id IN (SELECT st.id FROM task st WHERE st.assignee_id = ?)
       OR pr.id IN (SELECT tp.problem_id FROM task_problem tp JOIN task st ON st.id = tp.task_id WHERE st.assignee_id = ?))`,
    params: [p.userId, p.userId],
  };
}

/**
 * Users `u` (with the unit they belong to, their own or their venue's, joined as `un`) that the principal may see:
 * the city admin and a city-wide integrator all; managers and integrators of a unit those of its subtree; others themselves.
 * A user named by something the principal may see (a task's assignee, an event's actor) is shown with it as a reference.
 */
export function userScope(p: Viewer): Sql {
  const sub = subtreeOf(p);
  if (sub === null) return ALL;
  if (sub !== undefined) return { sql: "un.path LIKE ?", params: [like(sub)] };
  return { sql: "u.id = ?", params: [p.userId] };
}

/**
 * Evidence `e`: the city admin all; others what they uploaded, and what is attached to a task or a problem they may see
 * (the photo of a problem is part of the problem: the staff who rectify it, the assessor who re-checks it see it).
 */
export function evidenceScope(p: Viewer): Sql {
  if (p.role === "CITY_ADMIN") return ALL;
  const tasks = taskScope(p);
  const problems = problemScope(p);
  return {
    sql: `(e.uploaded_by_id = ?
       OR EXISTS (SELECT 1 FROM evidence_link l JOIN task t ON t.id = l.task_id JOIN unit tu ON tu.id = t.unit_id WHERE l.evidence_id = e.id AND ${tasks.sql})
       OR EXISTS (SELECT 1 FROM evidence_link l JOIN problem pr ON pr.id = l.owner_id JOIN venue pv ON pv.id = pr.venue_id JOIN unit pu ON pu.id = pv.unit_id WHERE l.evidence_id = e.id AND l.owner_type = 'PROBLEM' AND ${problems.sql}))`,
    params: [p.userId, ...tasks.params, ...problems.params],
  };
}

/** Whether the principal reads the annual evaluation at all: the city, and managers and integrators for their units (not assessors or venue staff). */
export const mayReadEvaluation = (p: Viewer) =>
  p.role === "CITY_ADMIN" || p.role === "UNIT_MANAGER" || p.role === "INTEGRATOR";

/**
 * Job runs `jr`: seen by whoever requested them and by the city admins; an annual evaluation's runs also by whoever
 * reads the annual evaluation (its result is theirs to read: a manager, an integrator). To others they do not exist.
 */
export function jobRunScope(p: Viewer): Sql {
  if (p.role === "CITY_ADMIN") return ALL;
  if (mayReadEvaluation(p))
    return { sql: "(jr.requested_by_id = ? OR jr.name = 'annual-evaluation')", params: [p.userId] };
  return { sql: "jr.requested_by_id = ?", params: [p.userId] };
}

/** Evaluation entries (their unit joined as `un`) the principal may read; null for roles that read none. */
export function evaluationScope(p: Viewer): Sql | null {
  if (!mayReadEvaluation(p)) return null;
  const sub = subtreeOf(p);
  if (sub === null) return ALL;
  return sub === undefined ? NONE : { sql: "un.path LIKE ?", params: [like(sub)] };
}
