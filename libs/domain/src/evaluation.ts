import { badInput } from "./errors";
import type { VenueType } from "./rubric";
import { VENUE_TYPES } from "./rubric";

/**
 * The annual comprehensive evaluation's policy. The plan gives no formula (section 五(三)(四)), so it is data,
 * kept with the campaign and editable by the city before a run.
 */
export interface EvaluationPolicy {
  /** Weight of each venue type in a unit's assessment score; re-normalised over the types the unit has. */
  weights: Record<VenueType, number>;
  /** Points taken per case (敷衍推诿, 整改落实不到位, 相同问题反复出现, 明察暗访发现问题). */
  penalties: {
    overdueRectification: number;
    failedRecheck: number;
    recurringProblem: number;
    unannouncedProblem: number;
    /** 工作不实: per venue whose self-check exceeds its unified assessment by more than `selfCheckGap`. */
    inflatedSelfCheck: number;
  };
  /** No unit loses more than this to penalties. */
  penaltyCap: number;
  /** Days a problem may stay OPEN with no rectification before it counts like an overdue rectification (敷衍推诿). */
  graceDays: number;
  /** Points by which a self-check may exceed the unified assessment before the venue is flagged (工作不实). */
  selfCheckGap: number;
}

export const DEFAULT_POLICY: EvaluationPolicy = {
  weights: {
    COMPREHENSIVE_CENTER: 0.4,
    PROFESSIONAL_SUBCENTER: 0.2,
    CONVENIENCE_CENTER: 0.2,
    CONVENIENCE_STATION: 0.2,
  },
  penalties: {
    overdueRectification: 0.5,
    failedRecheck: 1,
    recurringProblem: 1,
    unannouncedProblem: 0.2,
    inflatedSelfCheck: 1,
  },
  penaltyCap: 20,
  graceDays: 15,
  selfCheckGap: 10,
};

const nonNegative = (v: unknown, field: string, max: number): number => {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > max)
    throw badInput(field, `must be a number from 0 to ${max}`);
  return v;
};

/** Validates a policy given as JSON; absent parts take the defaults. */
export function parsePolicy(input: unknown, field = "policy"): EvaluationPolicy {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw badInput(field, "must be an object");
  const o = input as Record<string, unknown>;
  const allowed = new Set(["weights", "penalties", "penaltyCap", "graceDays", "selfCheckGap"]);
  for (const k of Object.keys(o)) if (!allowed.has(k)) throw badInput(`${field}.${k}`, "is not a policy field");
  const object = (v: unknown, f: string): Record<string, unknown> => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw badInput(f, "must be an object");
    return v as Record<string, unknown>;
  };
  const w = object(o.weights ?? DEFAULT_POLICY.weights, `${field}.weights`);
  const p = object(o.penalties ?? DEFAULT_POLICY.penalties, `${field}.penalties`);
  const weights = Object.fromEntries(
    VENUE_TYPES.map((t) => [t, nonNegative(w[t] ?? DEFAULT_POLICY.weights[t], `${field}.weights.${t}`, 100)]),
  ) as Record<VenueType, number>;
  for (const k of Object.keys(w))
    if (!VENUE_TYPES.includes(k as VenueType)) throw badInput(`${field}.weights.${k}`, "is not a venue type");
  if (VENUE_TYPES.every((t) => weights[t] === 0)) throw badInput(`${field}.weights`, "must not all be 0");
  const keys = Object.keys(DEFAULT_POLICY.penalties) as (keyof EvaluationPolicy["penalties"])[];
  for (const k of Object.keys(p))
    if (!keys.includes(k as never)) throw badInput(`${field}.penalties.${k}`, "is not a penalty");
  const penalties = Object.fromEntries(
    keys.map((k) => [k, nonNegative(p[k] ?? DEFAULT_POLICY.penalties[k], `${field}.penalties.${k}`, 100)]),
  ) as EvaluationPolicy["penalties"];
  const graceDays = nonNegative(o.graceDays ?? DEFAULT_POLICY.graceDays, `${field}.graceDays`, 365);
  if (!Number.isInteger(graceDays)) throw badInput(`${field}.graceDays`, "must be a whole number of days");
  return {
    weights,
    penalties,
    penaltyCap: nonNegative(o.penaltyCap ?? DEFAULT_POLICY.penaltyCap, `${field}.penaltyCap`, 100),
    graceDays,
    selfCheckGap: nonNegative(o.selfCheckGap ?? DEFAULT_POLICY.selfCheckGap, `${field}.selfCheckGap`, 100),
  };
}

export interface UnitInputs {
  unitId: number;
  /** Per venue type present in the unit: how many venues have a completed unified assessment, and the mean total. */
  byType: Partial<Record<VenueType, { venues: number; assessed: number; mean: number }>>;
  venueCount: number;
  overdueRectifications: number;
  failedRechecks: number;
  recurringProblems: number;
  unannouncedProblems: number;
  /** Problems left OPEN with no rectification past the grace period: counted like overdue rectifications (敷衍推诿). */
  unassignedProblems: number;
  /** Venues whose self-check exceeded their unified assessment by more than the policy's gap (工作不实). */
  inflatedSelfChecks: number;
}

export interface UnitResult {
  unitId: number;
  assessmentScore: number;
  penalty: number;
  score: number;
  rank: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A unit's assessment score: the weighted mean of its venue types' mean totals, weights re-normalised over the types it has. */
export function assessmentScore(policy: EvaluationPolicy, byType: UnitInputs["byType"]): number {
  let sum = 0;
  let weight = 0;
  for (const t of VENUE_TYPES) {
    const b = byType[t];
    if (!b || b.assessed === 0) continue;
    sum += policy.weights[t] * b.mean;
    weight += policy.weights[t];
  }
  return weight === 0 ? 0 : round3(sum / weight);
}

export function penalty(policy: EvaluationPolicy, u: Omit<UnitInputs, "unitId" | "byType" | "venueCount">): number {
  const p = policy.penalties;
  const raw =
    u.overdueRectifications * p.overdueRectification +
    u.failedRechecks * p.failedRecheck +
    u.recurringProblems * p.recurringProblem +
    u.unannouncedProblems * p.unannouncedProblem +
    u.unassignedProblems * p.overdueRectification +
    u.inflatedSelfChecks * p.inflatedSelfCheck;
  return round3(Math.min(raw, policy.penaltyCap));
}

/** 工作不实: the self-check claims more than the unified assessment found, by more than the policy's gap. */
export const inflatedSelfCheck = (
  policy: Pick<EvaluationPolicy, "selfCheckGap">,
  selfCheck: number,
  assessment: number,
): boolean => selfCheck - assessment > policy.selfCheckGap;

/** Scores and ranks units: rank 1 highest, equal scores share a rank (1, 2, 2, 4). */
export function rankUnits(policy: EvaluationPolicy, inputs: readonly UnitInputs[]): UnitResult[] {
  const scored = inputs.map((u) => {
    const a = assessmentScore(policy, u.byType);
    const pen = penalty(policy, u);
    return { unitId: u.unitId, assessmentScore: a, penalty: pen, score: round3(a - pen), rank: 0 };
  });
  scored.sort((x, y) => y.score - x.score || x.unitId - y.unitId);
  scored.forEach((s, i) => {
    const prev = scored[i - 1];
    s.rank = prev && prev.score === s.score ? prev.rank : i + 1;
  });
  return scored;
}
