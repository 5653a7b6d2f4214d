import { DEFAULT_POLICY, VENUE_TYPES, type VenueType } from "@assess/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeAndRank, type CountyUnit } from "./merge";
import type { PartResult } from "./part";

const units: CountyUnit[] = [
  { id: 2, name: "甲区", kind: "DISTRICT" },
  { id: 3, name: "乙区", kind: "DISTRICT" },
  { id: 4, name: "市直某局", kind: "DEPARTMENT" },
];
const zero = { overdueRectifications: 0, failedRechecks: 0, recurringProblems: 0, unannouncedProblems: 0 };

describe("mergeAndRank", () => {
  it("weights venue types, re-normalised over the types a unit has, and takes the capped penalties", () => {
    const part: PartResult = {
      part: 0,
      venues: 6,
      types: [
        // 甲区: centre 90, two convenience centres 80 and 70 → (0.4·90 + 0.2·75) / 0.6 = 85.
        { unitId: 2, type: "COMPREHENSIVE_CENTER", venues: 1, assessed: 1, total: 90 },
        { unitId: 2, type: "CONVENIENCE_CENTER", venues: 3, assessed: 2, total: 150 },
        // 乙区: one sub-centre at 85 (its only assessed type); a station never assessed does not weigh.
        { unitId: 3, type: "PROFESSIONAL_SUBCENTER", venues: 1, assessed: 1, total: 85 },
        { unitId: 3, type: "CONVENIENCE_STATION", venues: 1, assessed: 0, total: 0 },
        // A venue of the city itself (unit 0 is filtered by the query) or of an unknown unit is ignored.
        { unitId: 99, type: "COMPREHENSIVE_CENTER", venues: 1, assessed: 1, total: 10 },
      ],
      penalties: [
        { unitId: 2, ...zero, overdueRectifications: 2, unannouncedProblems: 5 }, // 1 + 1 = 2
        { unitId: 3, ...zero, failedRechecks: 30 }, // 30, capped at 20
      ],
    };
    const { entries, totals } = mergeAndRank(DEFAULT_POLICY, units, [part]);
    expect(entries.map((e) => [e.unitId, e.rank, e.assessmentScore, e.penalty, e.score])).toEqual([
      [2, 1, 85, 2, 83],
      [3, 2, 85, 20, 65],
      [4, 3, 0, 0, 0],
    ]);
    expect(entries[0]!.breakdown.byType.CONVENIENCE_CENTER).toEqual({
      venues: 3,
      assessed: 2,
      mean: 75,
      weight: 0.2,
      share: 0.333,
    });
    expect(entries[1]!.breakdown.byType.CONVENIENCE_STATION).toEqual({
      venues: 1,
      assessed: 0,
      mean: 0,
      weight: 0.2,
      share: 0,
    });
    expect(entries[1]!.breakdown.penaltyRaw).toBe(30);
    expect(entries[2]).toMatchObject({ venueCount: 0, breakdown: { byType: {} } });
    expect(totals).toMatchObject({
      units: 3,
      venues: 6,
      assessedVenues: 4,
      overdueRectifications: 2,
      failedRechecks: 30,
      unannouncedProblems: 5,
    });
  });

  it("shares a rank between equal scores (1, 1, 3)", () => {
    const part: PartResult = {
      part: 0,
      venues: 3,
      types: [2, 3, 4].map((unitId) => ({
        unitId,
        type: "PROFESSIONAL_SUBCENTER" as VenueType,
        venues: 1,
        assessed: 1,
        total: unitId === 4 ? 70 : 88.5,
      })),
      penalties: [],
    };
    expect(mergeAndRank(DEFAULT_POLICY, units, [part]).entries.map((e) => [e.unitId, e.rank])).toEqual([
      [2, 1],
      [3, 1],
      [4, 3],
    ]);
  });

  it("gives the same ranking however the venues are split into parts", () => {
    const venue = fc.record({
      unitId: fc.constantFrom(2, 3, 4),
      type: fc.constantFrom(...VENUE_TYPES),
      total: fc.option(fc.integer({ min: 0, max: 210 }).map((h) => h / 2)),
      overdue: fc.nat(3),
      failed: fc.nat(2),
    });
    fc.assert(
      fc.property(fc.array(venue, { maxLength: 40 }), fc.array(fc.nat(5), { maxLength: 40 }), (venues, cuts) => {
        const asPart = (vs: typeof venues, part: number): PartResult => ({
          part,
          venues: vs.length,
          types: vs.map((v) => ({
            unitId: v.unitId,
            type: v.type,
            venues: 1,
            assessed: v.total === null ? 0 : 1,
            total: v.total ?? 0,
          })),
          penalties: vs.map((v) => ({
            unitId: v.unitId,
            ...zero,
            overdueRectifications: v.overdue,
            failedRechecks: v.failed,
          })),
        });
        const whole = mergeAndRank(DEFAULT_POLICY, units, [asPart(venues, 0)]);
        const parts = new Map<number, typeof venues>();
        venues.forEach((v, i) => parts.set(cuts[i] ?? 0, [...(parts.get(cuts[i] ?? 0) ?? []), v]));
        const split = mergeAndRank(
          DEFAULT_POLICY,
          units,
          [...parts.entries()].reverse().map(([k, vs]) => asPart(vs, k)),
        );
        expect(split.entries).toEqual(whole.entries);
      }),
    );
  });
});
