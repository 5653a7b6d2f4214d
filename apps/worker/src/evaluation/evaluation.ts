import { parsePolicy, type EvaluationPolicy } from "@assess/domain";
import type { DataSource } from "typeorm";
import { mergeAndRank } from "./merge";
import { aggregatePart, type PartResult } from "./part";
import { planParts } from "./plan";
import { loadCountyUnits, storeEvaluation, storedSummary, type EvaluationSummary } from "./store";

export interface FinalizeRequest {
  jobRunId: number;
  campaignId: number;
  asOf: Date;
  policy: EvaluationPolicy;
  parts: readonly PartResult[];
  computedAt: Date;
}

/** Merges the parts, ranks, and stores the run once. */
export async function finalizeEvaluation(ds: DataSource, r: FinalizeRequest): Promise<EvaluationSummary> {
  const done = await storedSummary(ds, r.jobRunId);
  if (done) return done;
  const units = await loadCountyUnits(ds);
  const { entries, totals } = mergeAndRank(r.policy, units, r.parts);
  return storeEvaluation(ds, { ...r, parts: r.parts.length, totals, entries });
}

export interface InProcessOptions {
  campaignId: number;
  /** The moment the evaluation is taken as of; default now. */
  asOf?: Date;
  /** Default: the campaign's stored policy. */
  policy?: unknown;
  /** Venues per part (as EVALUATION_BATCH_SIZE). */
  batchSize?: number;
  /** Parts aggregated at once (each uses one database connection). */
  concurrency?: number;
  /** Who asked; recorded on the job_run row the run is stored under. */
  requestedById?: number | null;
  clock?: () => Date;
}

export interface InProcessResult extends EvaluationSummary {
  jobRunId: number;
  ms: { plan: number; parts: number; finalize: number; total: number };
}

/**
 * The whole evaluation in this process, without Redis: the same plan, parts and finalize that the BullMQ flow runs,
 * stored under a new job_run row (so `jobRun` and `annualEvaluation` see it). For benchmarks and tests.
 */
export async function evaluateInProcess(ds: DataSource, o: InProcessOptions): Promise<InProcessResult> {
  const clock = o.clock ?? (() => new Date());
  const t0 = performance.now();
  const [campaign] = await ds.query("SELECT evaluation_policy FROM campaign WHERE id = ?", [o.campaignId]);
  if (!campaign) throw new Error(`campaign ${o.campaignId} not found`);
  const stored =
    typeof campaign.evaluation_policy === "string"
      ? JSON.parse(campaign.evaluation_policy)
      : campaign.evaluation_policy;
  const policy = parsePolicy(o.policy ?? stored);
  const asOf = o.asOf ?? clock();
  const payload = { campaignId: o.campaignId, asOf: asOf.toISOString(), policy };
  const run = await ds.query(
    "INSERT INTO job_run (name, state, payload, attempts, requested_by_id, created_at) VALUES ('annual-evaluation', 'ACTIVE', ?, 1, ?, ?)",
    [JSON.stringify(payload), o.requestedById ?? null, clock()],
  );
  const jobRunId = run.insertId as number;
  const ranges = await planParts(ds, o.batchSize ?? 2000);
  const t1 = performance.now();
  const parts: PartResult[] = new Array(ranges.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(o.concurrency ?? 4, ranges.length) }, async () => {
    for (let i = next++; i < ranges.length; i = next++)
      parts[i] = await aggregatePart(ds, {
        campaignId: o.campaignId,
        asOf,
        part: i,
        graceDays: policy.graceDays,
        ...ranges[i]!,
      });
  });
  await Promise.all(lanes);
  const t2 = performance.now();
  const summary = await finalizeEvaluation(ds, {
    jobRunId,
    campaignId: o.campaignId,
    asOf,
    policy,
    parts,
    computedAt: clock(),
  });
  const t3 = performance.now();
  return { ...summary, jobRunId, ms: { plan: t1 - t0, parts: t2 - t1, finalize: t3 - t2, total: t3 - t0 } };
}
