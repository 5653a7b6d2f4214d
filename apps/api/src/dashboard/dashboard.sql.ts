import { pathIds } from "@assess/domain";
import type { Principal } from "../common/principal";
import { type Sql, isAll, likePrefix, subtreeOf, taskScope, venueScope } from "../access/rules";
import { overdueTask } from "../tasks/task-lateness";

/**
 * What a dashboard covers: the subtree of the principal's unit for managers and integrators with a unit, the whole
 * city for the city admin and an integrator without one (both by the scope rules), and for everyone else only the
 * tasks and venues they may see, with no rows per unit.
 */
export interface Coverage {
  /** The path of the unit whose subtree it covers; null for the whole city or for no subtree. */
  path: string | null;
  /** Rows per unit: for those who read a subtree (or the whole city). */
  byUnit: boolean;
}

export function coverageOf(p: Principal): Coverage {
  const sub = subtreeOf(p);
  return { path: sub ?? null, byUnit: sub !== undefined };
}

/** The statements of one dashboard after the campaign is read (also run by the benchmark's baseline as they are). */
export interface DashboardStatements {
  /** Tasks by row unit (its path), kind, status and escalation level: counts and overdue. */
  tasks: Sql;
  /** Active venues by type, with their latest completed unified assessment's and self-check's scores. */
  scores: Sql;
}

export function dashboardStatements(p: Principal, campaignId: number, now: Date): DashboardStatements {
  const c = coverageOf(p);
  const tasks = taskScope(p);
  const within: Sql =
    c.path === null ? { sql: "1=1", params: [] } : { sql: "tu.path LIKE ?", params: [likePrefix(c.path)] };
  // A task counts under the unit one level below the covered one that holds it, or under the covered unit itself;
  // for the whole city the covered units are the top ones (the city) and the rows are their districts and departments.
  // SUBSTRING_INDEX(path, '/', n + 2) is the path of the depth-(n + 1) ancestor ("/1/7"), or the path itself when shorter.
  const depth = c.path === null ? 1 : pathIds(c.path).length;
  const rowPath = c.byUnit ? `SUBSTRING_INDEX(tu.path, '/', ${depth + 2})` : "NULL";
  const late = overdueTask(now);
  const venues = venueScope(p);
  // For the whole city nothing narrows the scores, and no unit is joined for them (a join per task and venue, 40 ms).
  const narrowed = !isAll(tasks) || c.path !== null;
  const scoredTasks = narrowed ? "task t JOIN unit tu ON tu.id = t.unit_id" : "task t";
  const scoredVenues = isAll(venues) ? "venue v" : "venue v JOIN unit vu ON vu.id = v.unit_id";
  return {
    tasks: {
      sql: `SELECT ${rowPath} AS row_path, t.kind, t.status, t.escalation_level AS level, COUNT(*) AS n, SUM(${late.sql}) AS overdue
            FROM task t JOIN unit tu ON tu.id = t.unit_id
            WHERE t.campaign_id = ? AND ${tasks.sql} AND ${within.sql}
            GROUP BY row_path, t.kind, t.status, t.escalation_level`,
      params: [...late.params, campaignId, ...tasks.params, ...within.params],
    },
    scores: {
      sql: `SELECT v.type, COUNT(*) AS venues, COUNT(l.ua) AS assessed, ROUND(AVG(l.ua), 2) AS average, MIN(l.ua) AS min, MAX(l.ua) AS max,
                   ROUND(AVG(l.sc), 2) AS self_check_average
            FROM ${scoredVenues}
            LEFT JOIN (
              SELECT x.venue_id, MAX(IF(x.kind = 'UNIFIED_ASSESSMENT', x.score_total, NULL)) AS ua, MAX(IF(x.kind = 'SELF_CHECK', x.score_total, NULL)) AS sc
              FROM (
                SELECT t.venue_id, t.kind, t.score_total, ROW_NUMBER() OVER (PARTITION BY t.venue_id, t.kind ORDER BY t.completed_at DESC, t.id DESC) AS rn
                FROM ${scoredTasks}
                WHERE t.campaign_id = ? AND t.kind IN ('UNIFIED_ASSESSMENT', 'SELF_CHECK') AND t.status = 'COMPLETED' AND t.score_total IS NOT NULL
                  AND ${tasks.sql} AND ${within.sql}
              ) x
              WHERE x.rn = 1 GROUP BY x.venue_id
            ) l ON l.venue_id = v.id
            WHERE v.active = 1 AND ${venues.sql}
            GROUP BY v.type`,
      params: [campaignId, ...tasks.params, ...within.params, ...venues.params],
    },
  };
}
