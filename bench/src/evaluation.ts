import { lateProblem, lateTask, type SqlPart } from "@assess/data";
import { parsePolicy, type EvaluationPolicy } from "@assess/domain";
import type { DataSource } from "typeorm";
import { evaluateInProcess } from "../../apps/worker/dist/evaluation/evaluation";
import { timed, type BenchContext } from "./lib/context";
import { median } from "./lib/report";

/**
 * The baseline: the whole ranking in one hand-written SQL statement. Same inputs as the worker (the latest completed
 * unified assessment per venue as of `asOf`; late rectifications and problems left OPEN past the grace period, by the
 * same lateness fragments of @assess/data; failed re-checks, recurring and unannounced problems; venues whose latest
 * self-check exceeds their latest unified assessment by more than the policy's gap; all per county-level unit of the
 * venue's current unit), same formula (weights re-normalised over the assessed types, penalties summed in the domain's
 * order and capped, scores to 3 decimals rounded as Math.round rounds, equal scores share a rank).
 */
export function rankingStatement(campaignId: number, asOf: Date, policy: EvaluationPolicy): SqlPart {
  const w = policy.weights;
  const p = policy.penalties;
  const late = lateTask(asOf);
  const unassignedLate = lateProblem(asOf, policy.graceDays);
  // The latest completed task of a kind per venue, as the worker's parts pick it.
  const latest = (kind: string) => `
  SELECT venue_id, score_total FROM (
    SELECT t.venue_id, t.score_total, ROW_NUMBER() OVER (PARTITION BY t.venue_id ORDER BY t.completed_at DESC, t.id DESC) AS rn
    FROM task t
    WHERE t.kind = '${kind}' AND t.status = 'COMPLETED' AND t.campaign_id = ? AND t.score_total IS NOT NULL AND t.completed_at <= ?
  ) x WHERE rn = 1`;
  const sql = `
WITH
vu AS (
  SELECT v.id, v.type, CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(u.path, '/', 3), '/', -1) AS UNSIGNED) AS county
  FROM venue v JOIN unit u ON u.id = v.unit_id WHERE v.active = 1
),
latest AS (${latest("UNIFIED_ASSESSMENT")}
),
self_check AS (${latest("SELF_CHECK")}
),
by_type AS (
  SELECT vu.county, vu.type, COUNT(*) AS venues, COUNT(l.score_total) AS assessed, CAST(COALESCE(SUM(l.score_total), 0) AS DOUBLE) AS total
  FROM vu LEFT JOIN latest l ON l.venue_id = vu.id GROUP BY vu.county, vu.type
),
w AS (
  SELECT 'COMPREHENSIVE_CENTER' AS type, CAST(? AS DOUBLE) AS weight UNION ALL SELECT 'PROFESSIONAL_SUBCENTER', CAST(? AS DOUBLE)
  UNION ALL SELECT 'CONVENIENCE_CENTER', CAST(? AS DOUBLE) UNION ALL SELECT 'CONVENIENCE_STATION', CAST(? AS DOUBLE)
),
assess AS (
  SELECT b.county, SUM(b.venues) AS venues,
         SUM(IF(b.assessed > 0, w.weight * b.total / b.assessed, 0)) AS wsum, SUM(IF(b.assessed > 0, w.weight, 0)) AS wt
  FROM by_type b JOIN w ON w.type = b.type GROUP BY b.county
),
overdue AS (
  SELECT vu.county, COUNT(*) AS n FROM task t JOIN vu ON vu.id = t.venue_id
  WHERE t.campaign_id = ? AND ${late.sql}
  GROUP BY vu.county
),
unassigned AS (
  SELECT vu.county, COUNT(*) AS n FROM problem pr JOIN vu ON vu.id = pr.venue_id
  WHERE pr.campaign_id = ? AND pr.created_at <= ? AND ${unassignedLate.sql}
  GROUP BY vu.county
),
inflated AS (
  -- Compared as doubles, as the merge compares the numbers the parts return.
  SELECT vu.county, COUNT(*) AS n FROM vu JOIN self_check sc ON sc.venue_id = vu.id JOIN latest ua ON ua.venue_id = vu.id
  WHERE sc.score_total > ua.score_total AND CAST(sc.score_total AS DOUBLE) - CAST(ua.score_total AS DOUBLE) > CAST(? AS DOUBLE)
  GROUP BY vu.county
),
probs AS (
  SELECT vu.county, SUM(pr.failed_rechecks) AS failed, SUM(pr.recurrence > 0) AS recurring, SUM(pr.source_kind = 'UNANNOUNCED_INSPECTION') AS unannounced
  FROM problem pr JOIN vu ON vu.id = pr.venue_id WHERE pr.campaign_id = ? AND pr.created_at <= ? GROUP BY vu.county
),
scored AS (
  SELECT c.id AS unit_id, COALESCE(a.venues, 0) AS venues,
         FLOOR(IF(COALESCE(a.wt, 0) > 0, a.wsum / a.wt, 0) * 1000 + 0.5) / 1000 AS assessment,
         FLOOR(LEAST(COALESCE(o.n, 0) * CAST(? AS DOUBLE) + COALESCE(p.failed, 0) * CAST(? AS DOUBLE)
                   + COALESCE(p.recurring, 0) * CAST(? AS DOUBLE) + COALESCE(p.unannounced, 0) * CAST(? AS DOUBLE)
                   + COALESCE(un.n, 0) * CAST(? AS DOUBLE) + COALESCE(i.n, 0) * CAST(? AS DOUBLE), CAST(? AS DOUBLE)) * 1000 + 0.5) / 1000 AS penalty
  FROM unit c LEFT JOIN assess a ON a.county = c.id LEFT JOIN overdue o ON o.county = c.id LEFT JOIN probs p ON p.county = c.id
    LEFT JOIN unassigned un ON un.county = c.id LEFT JOIN inflated i ON i.county = c.id
  WHERE c.kind IN ('DISTRICT', 'DEPARTMENT') AND c.active = 1
)
SELECT unit_id, venues, assessment, penalty, FLOOR((assessment - penalty) * 1000 + 0.5) / 1000 AS score,
       RANK() OVER (ORDER BY FLOOR((assessment - penalty) * 1000 + 0.5) / 1000 DESC) AS rnk
FROM scored ORDER BY rnk, unit_id`;
  // One group per CTE, in the order their placeholders appear in the statement.
  const params = [
    ...[campaignId, asOf],
    ...[campaignId, asOf],
    ...[w.COMPREHENSIVE_CENTER, w.PROFESSIONAL_SUBCENTER, w.CONVENIENCE_CENTER, w.CONVENIENCE_STATION],
    ...[campaignId, ...late.params],
    ...[campaignId, asOf, ...unassignedLate.params],
    policy.selfCheckGap,
    ...[campaignId, asOf],
    // An unassigned problem costs what an overdue rectification costs (敷衍推诿).
    ...[p.overdueRectification, p.failedRecheck, p.recurringProblem, p.unannouncedProblem, p.overdueRectification],
    ...[p.inflatedSelfCheck, policy.penaltyCap],
  ];
  return { sql, params };
}

export interface Ranked {
  unitId: number;
  rank: number;
  score: number;
}

export async function rankingBySql(
  ds: DataSource,
  campaignId: number,
  asOf: Date,
  policy: EvaluationPolicy,
): Promise<Ranked[]> {
  const { sql, params } = rankingStatement(campaignId, asOf, policy);
  const rows: { unit_id: number; score: number | string; rnk: number | string }[] = await ds.query(sql, params);
  return rows.map((r) => ({ unitId: Number(r.unit_id), rank: Number(r.rnk), score: Number(r.score) }));
}

async function storedRanking(ds: DataSource, evaluationRunId: number): Promise<Ranked[]> {
  const rows: { unit_id: number; rank: number; score: string }[] = await ds.query(
    "SELECT unit_id, `rank`, score FROM evaluation_entry WHERE run_id = ? ORDER BY `rank`, unit_id",
    [evaluationRunId],
  );
  return rows.map((r) => ({ unitId: r.unit_id, rank: r.rank, score: Number(r.score) }));
}

/**
 * Whether two rankings agree: the same units with the same scores and ranks. Sums of doubles taken in another order
 * may land on the other side of a rounding half, so a score may differ by 0.001 and move ties; those are counted apart.
 */
function compare(a: Ranked[], b: Ranked[]): { same: boolean; maxDelta: number; roundingMoves: number } {
  const byId = new Map(b.map((r) => [r.unitId, r]));
  let maxDelta = 0;
  let roundingMoves = 0;
  let same = a.length === b.length;
  for (const r of a) {
    const o = byId.get(r.unitId);
    if (!o) {
      same = false;
      continue;
    }
    const delta = Math.abs(o.score - r.score);
    maxDelta = Math.max(maxDelta, delta);
    if (delta > 0.0011) same = false;
    else if (o.rank !== r.rank) {
      if (delta === 0 && !a.some((x) => x.unitId !== r.unitId && Math.abs(x.score - r.score) <= 0.0011)) same = false;
      else roundingMoves++;
    }
  }
  return { same, maxDelta: Math.round(maxDelta * 1000) / 1000, roundingMoves };
}

export interface EvaluationRun {
  venues: number;
  /** InnoDB pages read from disk during a worker run (server-wide counter, median): the working set against the buffer pool. */
  diskReads: number;
  units: number;
  workerMs: number;
  sqlMs: number;
  parts: number;
  breakdown: { plan: number; parts: number; finalize: number };
  agree: { same: boolean; maxDelta: number; roundingMoves: number };
}

/** The worker's evaluation (in this process, as its BullMQ flow runs it) and the one-statement baseline, alternately. */
export async function evaluationBench(ctx: BenchContext): Promise<EvaluationRun> {
  const { ds, campaignId } = ctx;
  const [campaign] = await ds.query("SELECT evaluation_policy FROM campaign WHERE id = ?", [campaignId]);
  const policy = parsePolicy(
    typeof campaign.evaluation_policy === "string"
      ? JSON.parse(campaign.evaluation_policy)
      : campaign.evaluation_policy,
  );
  const asOf = new Date();
  const [{ venues }] = await ds.query("SELECT COUNT(*) AS venues FROM venue WHERE active = 1");
  // One of each first: the buffer pool warms, and the two answers are compared.
  const warm = await evaluateInProcess(ds, { campaignId, asOf, concurrency: 4 });
  const agree = compare(
    await storedRanking(ds, warm.evaluationRunId),
    await rankingBySql(ds, campaignId, asOf, policy),
  );
  const diskReads = async () => Number((await ds.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'"))[0].Value);
  const reads: number[] = [];
  const worker: number[] = [];
  const sql: number[] = [];
  const parts: { plan: number; parts: number; finalize: number }[] = [];
  for (let r = 0; r < ctx.rounds; r++) {
    const before = await diskReads();
    const w = await timed(() => evaluateInProcess(ds, { campaignId, asOf, concurrency: 4 }));
    reads.push((await diskReads()) - before);
    worker.push(w.ms);
    parts.push(w.value.ms);
    sql.push((await timed(() => rankingBySql(ds, campaignId, asOf, policy))).ms);
  }
  ctx.log(
    `evaluation at ${Number(venues).toLocaleString("en-US")} venues: worker ${worker.map((x) => x.toFixed(0)).join("/")} ms, SQL ${sql.map((x) => x.toFixed(0)).join("/")} ms`,
  );
  return {
    venues: Number(venues),
    diskReads: median(reads),
    units: warm.units,
    workerMs: median(worker),
    sqlMs: median(sql),
    parts: warm.parts,
    breakdown: {
      plan: median(parts.map((p) => p.plan)),
      parts: median(parts.map((p) => p.parts)),
      finalize: median(parts.map((p) => p.finalize)),
    },
    agree,
  };
}
