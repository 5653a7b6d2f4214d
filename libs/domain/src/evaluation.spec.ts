import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  EvaluationPolicy,
  UnitInputs,
  assessmentScore,
  inflatedSelfCheck,
  parsePolicy,
  penalty,
  rankUnits,
} from "./evaluation";

const counts = {
  overdueRectifications: 0,
  failedRechecks: 0,
  recurringProblems: 0,
  unannouncedProblems: 0,
  unassignedProblems: 0,
  inflatedSelfChecks: 0,
};
const unit = (unitId: number, byType: UnitInputs["byType"], extra: Partial<UnitInputs> = {}): UnitInputs => ({
  unitId,
  byType,
  venueCount: 1,
  ...counts,
  ...extra,
});

describe("assessmentScore", () => {
  it("weights the venue types and re-normalises over the types a unit has", () => {
    // 0.4 × 90 + 0.2 × 80 = 52 over a weight of 0.6 → 86.667
    const s = assessmentScore(DEFAULT_POLICY, {
      COMPREHENSIVE_CENTER: { venues: 1, assessed: 1, mean: 90 },
      CONVENIENCE_STATION: { venues: 10, assessed: 10, mean: 80 },
    });
    expect(s).toBe(86.667);
  });

  it("uses all four weights when a unit has every type", () => {
    // 0.4 × 100 + 0.2 × (90 + 80 + 70) = 88
    const s = assessmentScore(DEFAULT_POLICY, {
      COMPREHENSIVE_CENTER: { venues: 1, assessed: 1, mean: 100 },
      PROFESSIONAL_SUBCENTER: { venues: 2, assessed: 2, mean: 90 },
      CONVENIENCE_CENTER: { venues: 5, assessed: 5, mean: 80 },
      CONVENIENCE_STATION: { venues: 50, assessed: 40, mean: 70 },
    });
    expect(s).toBe(88);
  });

  it("leaves out a type with no assessed venue, and scores 0 when nothing was assessed", () => {
    expect(
      assessmentScore(DEFAULT_POLICY, {
        PROFESSIONAL_SUBCENTER: { venues: 1, assessed: 1, mean: 95.5 },
        CONVENIENCE_CENTER: { venues: 3, assessed: 0, mean: 0 },
      }),
    ).toBe(95.5);
    expect(assessmentScore(DEFAULT_POLICY, { CONVENIENCE_CENTER: { venues: 3, assessed: 0, mean: 0 } })).toBe(0);
  });
});

describe("penalty", () => {
  it("adds the policy's points per case", () => {
    // 3 × 0.5 + 2 × 1 + 1 × 1 + 4 × 0.2 = 5.3
    expect(
      penalty(DEFAULT_POLICY, {
        ...counts,
        overdueRectifications: 3,
        failedRechecks: 2,
        recurringProblems: 1,
        unannouncedProblems: 4,
      }),
    ).toBe(5.3);
  });

  it("counts a problem left without a rectification past the grace period like an overdue rectification, and 工作不实 at its own rate", () => {
    expect(penalty(DEFAULT_POLICY, { ...counts, unassignedProblems: 3 })).toBe(
      penalty(DEFAULT_POLICY, { ...counts, overdueRectifications: 3 }),
    );
    expect(
      penalty(
        { ...DEFAULT_POLICY, penalties: { ...DEFAULT_POLICY.penalties, inflatedSelfCheck: 2.5 } },
        { ...counts, inflatedSelfChecks: 2 },
      ),
    ).toBe(5);
  });
});

describe("inflatedSelfCheck (工作不实)", () => {
  it("flags a self-check above the unified assessment by more than the gap, not by exactly the gap", () => {
    expect(inflatedSelfCheck(DEFAULT_POLICY, 95, 84.5)).toBe(true);
    expect(inflatedSelfCheck(DEFAULT_POLICY, 95, 85)).toBe(false);
    expect(inflatedSelfCheck(DEFAULT_POLICY, 80, 95)).toBe(false);
    expect(inflatedSelfCheck({ selfCheckGap: 0 }, 90.5, 90)).toBe(true);
  });

  it("never takes more than the cap", () => {
    expect(penalty(DEFAULT_POLICY, { ...counts, failedRechecks: 50 })).toBe(20);
    const strict: EvaluationPolicy = { ...DEFAULT_POLICY, penaltyCap: 3 };
    expect(penalty(strict, { ...counts, overdueRectifications: 10 })).toBe(3);
  });
});

describe("rankUnits", () => {
  it("ranks by score, rank 1 highest, equal scores sharing a rank (1, 2, 2, 4)", () => {
    const r = rankUnits(DEFAULT_POLICY, [
      unit(1, { COMPREHENSIVE_CENTER: { venues: 1, assessed: 1, mean: 90 } }),
      unit(2, { COMPREHENSIVE_CENTER: { venues: 1, assessed: 1, mean: 95 } }),
      unit(3, { COMPREHENSIVE_CENTER: { venues: 1, assessed: 1, mean: 91 } }, { overdueRectifications: 2 }),
      unit(4, { COMPREHENSIVE_CENTER: { venues: 1, assessed: 1, mean: 80 } }),
    ]);
    expect(r.map((u) => [u.unitId, u.score, u.rank])).toEqual([
      [2, 95, 1],
      [1, 90, 2],
      [3, 90, 2],
      [4, 80, 4],
    ]);
  });
});

describe("parsePolicy", () => {
  it("fills what is absent with the defaults", () => {
    expect(parsePolicy({})).toEqual(DEFAULT_POLICY);
    expect(parsePolicy({ penaltyCap: 10, weights: { COMPREHENSIVE_CENTER: 0.5 } })).toEqual({
      ...DEFAULT_POLICY,
      penaltyCap: 10,
      weights: { ...DEFAULT_POLICY.weights, COMPREHENSIVE_CENTER: 0.5 },
    });
  });

  it.each([
    [null, "policy"],
    [{ weights: 5 }, "policy.weights"],
    [{ penalties: [] }, "policy.penalties"],
    [{ weights: { COMPREHENSIVE_CENTER: -1 } }, "policy.weights.COMPREHENSIVE_CENTER"],
    [{ weights: { MUSEUM: 1 } }, "policy.weights.MUSEUM"],
    [
      {
        weights: { COMPREHENSIVE_CENTER: 0, PROFESSIONAL_SUBCENTER: 0, CONVENIENCE_CENTER: 0, CONVENIENCE_STATION: 0 },
      },
      "policy.weights",
    ],
    [{ penalties: { lateness: 1 } }, "policy.penalties.lateness"],
    [{ penaltyCap: "20" }, "policy.penaltyCap"],
    [{ formula: "x" }, "policy.formula"],
    [{ graceDays: 1.5 }, "policy.graceDays"],
    [{ graceDays: -1 }, "policy.graceDays"],
    [{ selfCheckGap: 101 }, "policy.selfCheckGap"],
  ])("refuses %j naming %s", (input, field) => {
    expect(() => parsePolicy(input)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field }));
  });
});
