import { recordEvaluationEvent } from "@assess/data";
import type { EvaluationPolicy } from "@assess/domain";
import type { DataSource, EntityManager } from "typeorm";
import type { CountyUnit, Entry, Totals } from "./merge";

export interface EvaluationSummary {
  evaluationRunId: number;
  campaignId: number;
  asOf: string;
  computedAt: string;
  parts: number;
  units: number;
  venues: number;
}

export interface StoreRequest {
  jobRunId: number;
  campaignId: number;
  asOf: Date;
  policy: EvaluationPolicy;
  parts: number;
  totals: Totals;
  entries: Entry[];
  computedAt: Date;
}

export async function loadCountyUnits(ds: DataSource | EntityManager): Promise<CountyUnit[]> {
  return ds.query("SELECT id, name, kind FROM unit WHERE kind IN ('DISTRICT','DEPARTMENT') AND active = 1 ORDER BY id");
}

/** The summary of the run stored for a JobRun, if it is stored. */
export async function storedSummary(
  db: DataSource | EntityManager,
  jobRunId: number,
): Promise<EvaluationSummary | null> {
  const rows: { id: number; campaign_id: number; inputs: unknown; computed_at: Date }[] = await db.query(
    "SELECT id, campaign_id, inputs, computed_at FROM evaluation_run WHERE job_run_id = ?",
    [jobRunId],
  );
  const r = rows[0];
  if (!r) return null;
  const inputs = (typeof r.inputs === "string" ? JSON.parse(r.inputs) : r.inputs) as {
    asOf: string;
    parts: number;
    units: number;
    venues: number;
  };
  return {
    evaluationRunId: r.id,
    campaignId: r.campaign_id,
    asOf: inputs.asOf,
    computedAt: new Date(r.computed_at).toISOString(),
    parts: inputs.parts,
    units: inputs.units,
    venues: inputs.venues,
  };
}

/**
 * Stores a run once: the run, its entries and the JobRun's COMPLETED state in one transaction keyed by the
 * unique job_run_id. A retried or duplicated finalize finds the key taken and answers the stored summary.
 */
export async function storeEvaluation(ds: DataSource, r: StoreRequest): Promise<EvaluationSummary> {
  try {
    return await ds.transaction(async (m) => {
      const inputs = { asOf: r.asOf.toISOString(), parts: r.parts, ...r.totals };
      const run = await m.query(
        "INSERT INTO evaluation_run (campaign_id, job_run_id, policy, inputs, computed_at) VALUES (?, ?, ?, ?, ?)",
        [r.campaignId, r.jobRunId, JSON.stringify(r.policy), JSON.stringify(inputs), r.computedAt],
      );
      const runId = run.insertId as number;
      for (let i = 0; i < r.entries.length; i += 1000) {
        const rows = r.entries
          .slice(i, i + 1000)
          .map((e) => [
            runId,
            e.unitId,
            e.rank,
            e.score,
            e.assessmentScore,
            e.penalty,
            e.venueCount,
            e.overdueRectifications,
            e.failedRechecks,
            e.recurringProblems,
            e.unannouncedProblems,
            e.unassignedProblems,
            e.inflatedSelfChecks,
            JSON.stringify(e.breakdown),
          ]);
        await m.query(
          `INSERT INTO evaluation_entry (run_id, unit_id, \`rank\`, score, assessment_score, penalty, venue_count, overdue_rectifications,
             failed_rechecks, recurring_problems, unannounced_problems, unassigned_problems, inflated_self_checks, breakdown) VALUES ?`,
          [rows],
        );
      }
      const summary = (await storedSummary(m, r.jobRunId))!;
      await recordEvaluationEvent(m, r.campaignId, r.jobRunId, r.computedAt);
      await m.query(
        "UPDATE job_run SET state = 'COMPLETED', result = ?, failed_reason = NULL, finished_at = ? WHERE id = ? AND state <> 'COMPLETED'",
        [JSON.stringify(summary), r.computedAt, r.jobRunId],
      );
      return summary;
    });
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e as { driverError?: { code?: string } }).driverError?.code;
    if (code !== "ER_DUP_ENTRY") throw e;
    const summary = await storedSummary(ds, r.jobRunId);
    if (!summary) throw e;
    return summary;
  }
}
