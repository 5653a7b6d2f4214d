import { forbidden, notFound } from "@assess/domain";
import type { DataSource } from "typeorm";
import type { Principal } from "../common/principal";
import { evaluationScope, mayReadEvaluation, type Sql } from "../access/rules";
import type { AnnualEvaluationType, EvaluationEntryType } from "./evaluation.types";

export interface EntryRow extends EvaluationEntryType {
  unitName: string;
  unitKind: string;
}

interface RunRow {
  id: number;
  campaign_id: number;
  job_run_id: number;
  policy: unknown;
  inputs: unknown;
  computed_at: Date;
}

const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

/**
 * Stored evaluation runs, as the API shows them. Who may read: the city admin and an integrator without a unit see
 * every entry; a unit manager or an integrator with a unit sees the entries of the DISTRICT and DEPARTMENT units in
 * their subtree (a district manager: their district; a city-level manager: all), with the city-wide ranks.
 * Assessors and venue staff may not.
 */
export class EvaluationService {
  constructor(private readonly ds: DataSource) {}

  /** The latest run of a campaign (by request order), or a given one; null when none is stored. */
  async latest(p: Principal, campaignId: number, jobRunId: number | null = null): Promise<AnnualEvaluationType | null> {
    this.scope(p);
    await this.campaignExists(campaignId);
    return this.run(campaignId, jobRunId);
  }

  /** The latest run of a campaign known to exist, as `latest` answers it; null also when the principal may not read it. */
  async latestIfReadable(p: Principal, campaignId: number): Promise<AnnualEvaluationType | null> {
    return this.mayRead(p) ? this.run(campaignId, null) : null;
  }

  private async run(campaignId: number, jobRunId: number | null): Promise<AnnualEvaluationType | null> {
    const rows: RunRow[] = await this.ds.query(
      `SELECT * FROM evaluation_run WHERE campaign_id = ?${jobRunId !== null ? " AND job_run_id = ?" : ""} ORDER BY job_run_id DESC LIMIT 1`,
      jobRunId !== null ? [campaignId, jobRunId] : [campaignId],
    );
    return rows[0] ? toRun(rows[0]) : null;
  }

  /**
   * Why a campaign has no stored evaluation for `jobRunId`: the run is no evaluation, is another campaign's, or has not
   * finished (or does not exist). A sentence for a 404.
   */
  async whyNoRun(campaignId: number, jobRunId: number | null): Promise<string> {
    if (jobRunId === null) return `campaign ${campaignId} has no annual evaluation yet`;
    const [run]: { name: string; state: string; payload: string | Record<string, unknown> | null }[] =
      await this.ds.query("SELECT name, state, payload FROM job_run WHERE id = ?", [jobRunId]);
    if (!run) return `jobRunId: job run ${jobRunId} not found`;
    if (run.name !== "annual-evaluation")
      return `jobRunId: job run ${jobRunId} is not an annual evaluation (it is ${run.name})`;
    const payload =
      typeof run.payload === "string" ? (JSON.parse(run.payload) as Record<string, unknown>) : (run.payload ?? {});
    if (Number(payload.campaignId) !== campaignId)
      return `jobRunId: job run ${jobRunId} evaluated campaign ${String(payload.campaignId)}, not campaign ${campaignId}`;
    return `jobRunId: job run ${jobRunId} is ${run.state}: it has stored no evaluation${run.state === "FAILED" ? "" : " yet"}`;
  }

  /** Every stored run of a campaign, newest first: a ranking can be explained later with the policy and inputs it had. */
  async history(p: Principal, campaignId: number): Promise<AnnualEvaluationType[]> {
    this.scope(p);
    await this.campaignExists(campaignId);
    const rows: RunRow[] = await this.ds.query(
      "SELECT * FROM evaluation_run WHERE campaign_id = ? ORDER BY job_run_id DESC",
      [campaignId],
    );
    return rows.map(toRun);
  }

  /** The entries of a run that the principal may see, by rank. */
  async entries(p: Principal, runId: number): Promise<EntryRow[]> {
    const scope = this.scope(p);
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT e.*, un.name AS unit_name, un.kind AS unit_kind FROM evaluation_entry e JOIN unit un ON un.id = e.unit_id
       WHERE e.run_id = ? AND ${scope.sql} ORDER BY e.\`rank\`, e.unit_id`,
      [runId, ...scope.params],
    );
    return rows.map((r) => ({
      unitId: Number(r.unit_id),
      unitName: String(r.unit_name),
      unitKind: String(r.unit_kind),
      rank: Number(r.rank),
      score: Number(r.score),
      assessmentScore: Number(r.assessment_score),
      penalty: Number(r.penalty),
      venueCount: Number(r.venue_count),
      overdueRectifications: Number(r.overdue_rectifications),
      failedRechecks: Number(r.failed_rechecks),
      recurringProblems: Number(r.recurring_problems),
      unannouncedProblems: Number(r.unannounced_problems),
      unassignedProblems: Number(r.unassigned_problems),
      inflatedSelfChecks: Number(r.inflated_self_checks),
      breakdown: json(r.breakdown),
    }));
  }

  /** Which entries (unit `un`) the principal may read (the access module's rule); FORBIDDEN for roles that may read none. */
  scope(p: Principal): Sql {
    const scope = evaluationScope(p);
    if (!scope)
      throw forbidden(
        "the annual evaluation is read by the city, and by district and department managers for their units",
      );
    return scope;
  }

  /** Whether the principal may read evaluations at all: not assessors, not venue staff. */
  mayRead(p: Principal): boolean {
    return mayReadEvaluation(p);
  }

  private async campaignExists(id: number): Promise<void> {
    const rows = await this.ds.query("SELECT 1 FROM campaign WHERE id = ?", [id]);
    if (!rows.length) throw notFound("campaign", id);
  }
}

function toRun(r: RunRow): AnnualEvaluationType {
  const inputs = json(r.inputs) as { asOf: string };
  return {
    id: r.id,
    campaignId: r.campaign_id,
    jobRunId: r.job_run_id,
    policy: json(r.policy),
    inputs,
    computedAt: new Date(r.computed_at),
    asOf: new Date(inputs.asOf),
  };
}
