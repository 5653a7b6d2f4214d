import {
  VENUE_TYPES,
  inflatedSelfCheck,
  rankUnits,
  type EvaluationPolicy,
  type UnitInputs,
  type UnitKind,
  type VenueType,
} from "@assess/domain";
import type { PartResult, SelfCheckGap } from "./part";

export interface CountyUnit {
  id: number;
  name: string;
  kind: UnitKind;
}

/** Why a unit scored what it did: per venue type and per penalty, as stored with each entry and exported. */
export interface Breakdown {
  byType: Partial<Record<VenueType, { venues: number; assessed: number; mean: number; weight: number; share: number }>>;
  penalties: Record<keyof EvaluationPolicy["penalties"] | "unassignedProblem", { count: number; points: number }>;
  /** The venues flagged 工作不实: self-check above the unified assessment by more than the policy's gap. */
  inflatedSelfChecks: Omit<SelfCheckGap, "unitId">[];
  penaltyRaw: number;
  penaltyCap: number;
}

export interface Entry {
  unitId: number;
  rank: number;
  score: number;
  assessmentScore: number;
  penalty: number;
  venueCount: number;
  overdueRectifications: number;
  failedRechecks: number;
  recurringProblems: number;
  unannouncedProblems: number;
  unassignedProblems: number;
  inflatedSelfChecks: number;
  breakdown: Breakdown;
}

export interface Totals {
  units: number;
  venues: number;
  assessedVenues: number;
  overdueRectifications: number;
  failedRechecks: number;
  recurringProblems: number;
  unannouncedProblems: number;
  unassignedProblems: number;
  inflatedSelfChecks: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Merges the parts' sums per county-level unit and ranks the units with the domain's formula. Every DISTRICT and
 * DEPARTMENT unit gets an entry, with or without venues. Means are taken from the merged exact sums, so the result
 * does not depend on how the venues were split.
 */
export function mergeAndRank(
  policy: EvaluationPolicy,
  units: readonly CountyUnit[],
  parts: readonly PartResult[],
): { entries: Entry[]; totals: Totals } {
  const known = new Set(units.map((u) => u.id));
  const sums = new Map<number, Map<VenueType, { venues: number; assessed: number; total: number }>>();
  const pens = new Map<number, Omit<UnitInputs, "unitId" | "byType" | "venueCount">>();
  for (const u of units) {
    sums.set(u.id, new Map());
    pens.set(u.id, {
      overdueRectifications: 0,
      failedRechecks: 0,
      recurringProblems: 0,
      unannouncedProblems: 0,
      unassignedProblems: 0,
      inflatedSelfChecks: 0,
    });
  }
  const flagged = new Map<number, Omit<SelfCheckGap, "unitId">[]>();
  for (const part of parts) {
    for (const t of part.types) {
      if (!known.has(t.unitId)) continue;
      const byType = sums.get(t.unitId)!;
      const s = byType.get(t.type) ?? { venues: 0, assessed: 0, total: 0 };
      byType.set(t.type, { venues: s.venues + t.venues, assessed: s.assessed + t.assessed, total: s.total + t.total });
    }
    for (const p of part.penalties) {
      const e = pens.get(p.unitId);
      if (!e) continue;
      e.overdueRectifications += p.overdueRectifications;
      e.failedRechecks += p.failedRechecks;
      e.recurringProblems += p.recurringProblems;
      e.unannouncedProblems += p.unannouncedProblems;
      e.unassignedProblems += p.unassignedProblems ?? 0;
    }
    for (const g of part.selfChecks ?? []) {
      const e = pens.get(g.unitId);
      if (!e || !inflatedSelfCheck(policy, g.selfCheck, g.assessment)) continue;
      e.inflatedSelfChecks++;
      const { unitId, ...venue } = g;
      flagged.set(unitId, [...(flagged.get(unitId) ?? []), venue]);
    }
  }
  const inputs: UnitInputs[] = units.map((u) => {
    const byType: UnitInputs["byType"] = {};
    let venueCount = 0;
    for (const [type, s] of sums.get(u.id)!) {
      byType[type] = { venues: s.venues, assessed: s.assessed, mean: s.assessed ? s.total / s.assessed : 0 };
      venueCount += s.venues;
    }
    return { unitId: u.id, byType, venueCount, ...pens.get(u.id)! };
  });
  const byId = new Map(inputs.map((i) => [i.unitId, i]));
  const entries = rankUnits(policy, inputs).map((r) => {
    const i = byId.get(r.unitId)!;
    return {
      ...r,
      venueCount: i.venueCount,
      overdueRectifications: i.overdueRectifications,
      failedRechecks: i.failedRechecks,
      recurringProblems: i.recurringProblems,
      unannouncedProblems: i.unannouncedProblems,
      unassignedProblems: i.unassignedProblems,
      inflatedSelfChecks: i.inflatedSelfChecks,
      breakdown: breakdownOf(
        policy,
        i,
        (flagged.get(i.unitId) ?? []).sort((a, b) => a.venueId - b.venueId),
      ),
    };
  });
  const sum = (f: (i: UnitInputs) => number) => inputs.reduce((n, i) => n + f(i), 0);
  return {
    entries,
    totals: {
      units: units.length,
      venues: sum((i) => i.venueCount),
      assessedVenues: sum((i) => Object.values(i.byType).reduce((n, b) => n + (b?.assessed ?? 0), 0)),
      overdueRectifications: sum((i) => i.overdueRectifications),
      failedRechecks: sum((i) => i.failedRechecks),
      recurringProblems: sum((i) => i.recurringProblems),
      unannouncedProblems: sum((i) => i.unannouncedProblems),
      unassignedProblems: sum((i) => i.unassignedProblems),
      inflatedSelfChecks: sum((i) => i.inflatedSelfChecks),
    },
  };
}

function breakdownOf(
  policy: EvaluationPolicy,
  i: UnitInputs,
  inflatedSelfChecks: Breakdown["inflatedSelfChecks"],
): Breakdown {
  const weighed = VENUE_TYPES.filter((t) => (i.byType[t]?.assessed ?? 0) > 0);
  const weightSum = weighed.reduce((n, t) => n + policy.weights[t], 0);
  const byType: Breakdown["byType"] = {};
  for (const t of VENUE_TYPES) {
    const b = i.byType[t];
    if (!b) continue;
    const share = b.assessed > 0 && weightSum > 0 ? policy.weights[t] / weightSum : 0;
    byType[t] = {
      venues: b.venues,
      assessed: b.assessed,
      mean: round3(b.mean),
      weight: policy.weights[t],
      share: round3(share),
    };
  }
  const p = policy.penalties;
  const penalties: Breakdown["penalties"] = {
    overdueRectification: {
      count: i.overdueRectifications,
      points: round3(i.overdueRectifications * p.overdueRectification),
    },
    failedRecheck: { count: i.failedRechecks, points: round3(i.failedRechecks * p.failedRecheck) },
    recurringProblem: { count: i.recurringProblems, points: round3(i.recurringProblems * p.recurringProblem) },
    unannouncedProblem: { count: i.unannouncedProblems, points: round3(i.unannouncedProblems * p.unannouncedProblem) },
    // Counted like an overdue rectification (敷衍推诿), at its rate.
    unassignedProblem: { count: i.unassignedProblems, points: round3(i.unassignedProblems * p.overdueRectification) },
    inflatedSelfCheck: { count: i.inflatedSelfChecks, points: round3(i.inflatedSelfChecks * p.inflatedSelfCheck) },
  };
  const penaltyRaw = round3(Object.values(penalties).reduce((n, x) => n + x.points, 0));
  return { byType, penalties, inflatedSelfChecks, penaltyRaw, penaltyCap: policy.penaltyCap };
}
