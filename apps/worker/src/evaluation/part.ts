import type { VenueType } from "@assess/domain";
import { lateProblem, lateTask } from "@assess/data";
import type { DataSource } from "typeorm";

/** Sums of one batch of venues, per county-level unit: exact sums and counts, so that parts merge in any order. */
export interface PartResult {
  part: number;
  venues: number;
  types: { unitId: number; type: VenueType; venues: number; assessed: number; total: number }[];
  penalties: Penalties[];
  /** Venues whose latest self-check scored above their latest unified assessment: the merge flags those beyond the policy's gap. */
  selfChecks: SelfCheckGap[];
}

export interface Penalties {
  unitId: number;
  overdueRectifications: number;
  failedRechecks: number;
  recurringProblems: number;
  unannouncedProblems: number;
  unassignedProblems: number;
}

export interface SelfCheckGap {
  unitId: number;
  venueId: number;
  venueName: string;
  selfCheck: number;
  assessment: number;
}

export interface PartRequest {
  campaignId: number;
  asOf: Date;
  part: number;
  fromVenueId: number;
  toVenueId: number;
  /** The policy's grace for a problem left OPEN with no rectification. */
  graceDays: number;
}

/** The county-level unit (DISTRICT or DEPARTMENT) of a unit path "/city/county/…/": its second id; 0 for the city itself. */
// Grouped by the expression, never by its alias: in GROUP BY, MariaDB finds a table's column (v.unit_id) before a
// select alias of the same name, which once made a part return a row per unit instead of one per county.
const COUNTY = "CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(u.path, '/', 3), '/', -1) AS UNSIGNED)";

/**
 * Aggregates one batch of venues in three grouped queries; no row per venue leaves the database.
 * A venue's score is its latest completed UNIFIED_ASSESSMENT of the campaign (as of `asOf`); venues are counted
 * where they belong now (their current unit), deactivated venues not at all.
 */
export async function aggregatePart(ds: DataSource, r: PartRequest): Promise<PartResult> {
  const range = [r.fromVenueId, r.toVenueId];
  const types: {
    unit_id: number | string;
    type: VenueType;
    venues: number | string;
    assessed: number | string;
    total: number | string;
  }[] = await ds.query(
    `SELECT ${COUNTY} AS unit_id, v.type, COUNT(*) AS venues, COUNT(lt.score_total) AS assessed, COALESCE(SUM(lt.score_total), 0) AS total
     FROM venue v
     JOIN unit u ON u.id = v.unit_id
     LEFT JOIN (
       SELECT t.venue_id, t.score_total, ROW_NUMBER() OVER (PARTITION BY t.venue_id ORDER BY t.completed_at DESC, t.id DESC) AS rn
       FROM task t
       WHERE t.venue_id BETWEEN ? AND ? AND t.kind = 'UNIFIED_ASSESSMENT' AND t.status = 'COMPLETED'
         AND t.campaign_id = ? AND t.score_total IS NOT NULL AND t.completed_at <= ?
     ) lt ON lt.venue_id = v.id AND lt.rn = 1
     WHERE v.id BETWEEN ? AND ? AND v.active = 1
     GROUP BY ${COUNTY}, v.type`,
    [...range, r.campaignId, r.asOf, ...range],
  );
  // 敷衍推诿: rectifications late as of asOf (the domain's isLate: recorded late, which cancelling or re-dating does
  // not erase, or due before asOf and not completed by then).
  const late = lateTask(r.asOf);
  const overdue: { unit_id: number | string; n: number | string }[] = await ds.query(
    `SELECT ${COUNTY} AS unit_id, COUNT(*) AS n
     FROM task t JOIN venue v ON v.id = t.venue_id JOIN unit u ON u.id = v.unit_id
     WHERE t.venue_id BETWEEN ? AND ? AND t.campaign_id = ? AND ${late.sql} AND v.active = 1
     GROUP BY ${COUNTY}`,
    [...range, r.campaignId, ...late.params],
  );
  // 敷衍推诿 too: problems left OPEN with no rectification past the grace period (the domain's problemLateSince).
  const unassignedLate = lateProblem(r.asOf, r.graceDays);
  const unassigned: { unit_id: number | string; n: number | string }[] = await ds.query(
    `SELECT ${COUNTY} AS unit_id, COUNT(*) AS n
     FROM problem pr JOIN venue v ON v.id = pr.venue_id JOIN unit u ON u.id = v.unit_id
     WHERE pr.venue_id BETWEEN ? AND ? AND pr.campaign_id = ? AND pr.created_at <= ? AND ${unassignedLate.sql} AND v.active = 1
     GROUP BY ${COUNTY}`,
    [...range, r.campaignId, r.asOf, ...unassignedLate.params],
  );
  // 工作不实: each venue's latest completed self-check against its latest completed unified assessment.
  const latest = (
    kind: string,
  ) => `SELECT t.venue_id, t.score_total, ROW_NUMBER() OVER (PARTITION BY t.venue_id ORDER BY t.completed_at DESC, t.id DESC) AS rn
       FROM task t WHERE t.venue_id BETWEEN ? AND ? AND t.kind = '${kind}' AND t.status = 'COMPLETED'
         AND t.campaign_id = ? AND t.score_total IS NOT NULL AND t.completed_at <= ?`;
  const gaps: { unit_id: number | string; venue_id: number; name: string; sc: number | string; ua: number | string }[] =
    await ds.query(
      `SELECT ${COUNTY} AS unit_id, v.id AS venue_id, v.name, sc.score_total AS sc, ua.score_total AS ua
     FROM venue v JOIN unit u ON u.id = v.unit_id
     JOIN (${latest("SELF_CHECK")}) sc ON sc.venue_id = v.id AND sc.rn = 1
     JOIN (${latest("UNIFIED_ASSESSMENT")}) ua ON ua.venue_id = v.id AND ua.rn = 1
     WHERE v.id BETWEEN ? AND ? AND v.active = 1 AND sc.score_total > ua.score_total
     ORDER BY v.id`,
      [...range, r.campaignId, r.asOf, ...range, r.campaignId, r.asOf, ...range],
    );
  // 整改不到位 (failed re-checks), 相同问题反复出现 (recurrence ≥ 1), 明察暗访 problems.
  const problems: {
    unit_id: number | string;
    failed: number | string;
    recurring: number | string;
    unannounced: number | string;
  }[] = await ds.query(
    `SELECT ${COUNTY} AS unit_id, COALESCE(SUM(pr.failed_rechecks), 0) AS failed, COALESCE(SUM(pr.recurrence > 0), 0) AS recurring,
            COALESCE(SUM(pr.source_kind = 'UNANNOUNCED_INSPECTION'), 0) AS unannounced
     FROM problem pr JOIN venue v ON v.id = pr.venue_id JOIN unit u ON u.id = v.unit_id
     WHERE pr.venue_id BETWEEN ? AND ? AND pr.campaign_id = ? AND pr.created_at <= ? AND v.active = 1
     GROUP BY ${COUNTY}`,
    [...range, r.campaignId, r.asOf],
  );
  const penalties = new Map<number, PartResult["penalties"][number]>();
  const pen = (unitId: number) => {
    let p = penalties.get(unitId);
    if (!p)
      penalties.set(
        unitId,
        (p = {
          unitId,
          overdueRectifications: 0,
          failedRechecks: 0,
          recurringProblems: 0,
          unannouncedProblems: 0,
          unassignedProblems: 0,
        }),
      );
    return p;
  };
  for (const o of overdue) pen(Number(o.unit_id)).overdueRectifications += Number(o.n);
  for (const o of unassigned) pen(Number(o.unit_id)).unassignedProblems += Number(o.n);
  for (const p of problems) {
    const e = pen(Number(p.unit_id));
    e.failedRechecks += Number(p.failed);
    e.recurringProblems += Number(p.recurring);
    e.unannouncedProblems += Number(p.unannounced);
  }
  const typed = types.map((t) => ({
    unitId: Number(t.unit_id),
    type: t.type,
    venues: Number(t.venues),
    assessed: Number(t.assessed),
    total: Number(t.total),
  }));
  return {
    part: r.part,
    venues: typed.reduce((n, t) => n + t.venues, 0),
    types: typed.filter((t) => t.unitId > 0),
    penalties: [...penalties.values()].filter((p) => p.unitId > 0),
    selfChecks: gaps
      .map((g) => ({
        unitId: Number(g.unit_id),
        venueId: Number(g.venue_id),
        venueName: g.name,
        selfCheck: Number(g.sc),
        assessment: Number(g.ua),
      }))
      .filter((g) => g.unitId > 0),
  };
}
