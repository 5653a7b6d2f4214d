import { describe, expect, it } from "vitest";
// Test-only: the shipped YAML through the rubrics lib's loader; the domain lib itself does no I/O.
import { loadRubrics } from "../../rubrics/src/load-rubrics";
import { DomainError } from "./errors";
import type { Rubric } from "./rubric";
import { findingDeduction, scoreSheet, validateFindings, type FindingLike } from "./scoring";

const catalog = loadRubrics();
const ANNEX = {
  1: "2024-comprehensive-center",
  2: "2024-professional-subcenter",
  3: "2024-convenience-center",
  4: "2024-convenience-station",
} as const;
const annex = (n: keyof typeof ANNEX): Rubric => catalog.byCode(ANNEX[n])!;

/** "I02/R2x7 I15/R1" → findings; "x0" is an explicit zero, no suffix means one occurrence. */
const sheet = (text: string): FindingLike[] =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => {
      const [, indicatorCode, ruleCode, times] = /^(I\d{2})\/(R\d+)(?:x(\d+))?$/.exec(item)!;
      return { indicatorCode, ruleCode, occurrences: times === undefined ? 1 : Number(times) };
    });

interface Case {
  annex: keyof typeof ANNEX;
  sheet: string;
  total: number;
  deducted: number;
  bonus: number;
  /** One indicator's expected score, where the case is about it. */
  score?: [string, number];
  why: string;
}

// Worked out by hand from the annexes: the points are in the comments.
const cases: Case[] = [
  // 附件1 综合政务服务中心 (100 + bonus up to 5)
  { annex: 1, sheet: "", total: 100, deducted: 0, bonus: 0, why: "an empty sheet keeps all 100" },
  {
    annex: 1,
    sheet: "I01/R1x0 I02/R2x0 I24/R1x0",
    total: 100,
    deducted: 0,
    bonus: 0,
    why: "occurrences 0 deduct and add nothing",
  },
  { annex: 1, sheet: "I01/R1", total: 97, deducted: 3, bonus: 0, score: ["I01", 2], why: "I01 FIXED 3 of 5 → 2" },
  {
    annex: 1,
    sheet: "I01/R1 I01/R2",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I01", 0],
    why: "I01 FIXED 3 + 2 = 5, exactly its points",
  },
  {
    annex: 1,
    sheet: "I15/R1 I15/R2 I15/R3",
    total: 93,
    deducted: 7,
    bonus: 0,
    score: ["I15", 0],
    why: "帮办代办 FIXED 3 + 3 + 2 = 8 > 7 → capped at 7",
  },
  {
    annex: 1,
    sheet: "I15/R1 I15/R3",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I15", 2],
    why: "帮办代办 3 + 2 = 5 of 7 → 2",
  },
  {
    annex: 1,
    sheet: "I02/R2x11",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I02", 0],
    why: "应进必进 11 × 0.5 = 5.5 > 5 → 扣完为止 at 5",
  },
  {
    annex: 1,
    sheet: "I02/R2x7",
    total: 96.5,
    deducted: 3.5,
    bonus: 0,
    score: ["I02", 1.5],
    why: "7 × 0.5 = 3.5 exactly",
  },
  {
    annex: 1,
    sheet: "I02/R1 I02/R2x5",
    total: 95.5,
    deducted: 4.5,
    bonus: 0,
    score: ["I02", 0.5],
    why: "mixed: FIXED 2 + 5 × 0.5 = 4.5 of 5",
  },
  {
    annex: 1,
    sheet: "I02/R1 I02/R2x7",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I02", 0],
    why: "mixed: FIXED 2 + 7 × 0.5 = 5.5 > 5 → 5",
  },
  {
    annex: 1,
    sheet: "I04/R1x2 I04/R2x2",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I04", 0],
    why: "超范围审批 2 × 2 + 2 × 1 = 6 > 5 → 5",
  },
  {
    annex: 1,
    sheet: "I04/R1 I04/R2x2",
    total: 96,
    deducted: 4,
    bonus: 0,
    score: ["I04", 1],
    why: "2 + 2 × 1 = 4 of 5 → 1",
  },
  {
    annex: 1,
    sheet: "I08/R2x3 I08/R2x4",
    total: 96.5,
    deducted: 3.5,
    bonus: 0,
    score: ["I08", 1.5],
    why: "two findings of one PER_OCCURRENCE rule add up: (3 + 4) × 0.5 = 3.5",
  },
  {
    annex: 1,
    sheet: "I13/R1x3 I13/R2x2",
    total: 97.5,
    deducted: 2.5,
    bonus: 0,
    score: ["I13", 1.5],
    why: "two half-point rules: 1.5 + 1 = 2.5 of 4",
  },
  {
    annex: 1,
    sheet: "I13/R1x5 I13/R2x5",
    total: 96,
    deducted: 4,
    bonus: 0,
    score: ["I13", 0],
    why: "2.5 + 2.5 = 5 > 4 → 4",
  },
  { annex: 1, sheet: "I22/R1x9", total: 96, deducted: 4, bonus: 0, score: ["I22", 0], why: "9 × 0.5 = 4.5 > 4 → 4" },
  {
    annex: 1,
    sheet: "I07/R1",
    total: 99.5,
    deducted: 0.5,
    bonus: 0,
    score: ["I07", 4.5],
    why: "one 一网通办 item: 0.5",
  },
  {
    annex: 1,
    sheet: "I06/R1 I12/R1 I16/R1 I17/R1 I17/R2",
    total: 87,
    deducted: 13,
    bonus: 0,
    score: ["I17", 0],
    why: "2 + 1 + 2 + (5 + 3) = 13 over four indicators",
  },
  {
    annex: 1,
    sheet: "I24/R1 I24/R2",
    total: 105,
    deducted: 0,
    bonus: 5,
    why: "national 5 + provincial 3 = 8 → 加满为止 at 5",
  },
  {
    annex: 1,
    sheet: "I24/R2 I24/R3",
    total: 104,
    deducted: 0,
    bonus: 4,
    why: "provincial 3 + pilot 1 = 4, below the cap",
  },
  { annex: 1, sheet: "I24/R3x3", total: 103, deducted: 0, bonus: 3, why: "three pilots × 1" },
  { annex: 1, sheet: "I24/R1x2", total: 105, deducted: 0, bonus: 5, why: "two national × 5 = 10 → 5" },
  {
    annex: 1,
    sheet: "I15/R1 I15/R2 I15/R3 I21/R1x3 I24/R2",
    total: 93,
    deducted: 10,
    bonus: 3,
    why: "7 (capped) + 3 × 1 = 10 lost, 3 bonus: 90 + 3",
  },
  {
    annex: 1,
    sheet: "I02/R2x11 I24/R1",
    total: 100,
    deducted: 5,
    bonus: 5,
    why: "the bonus makes up for a lost indicator: 95 + 5",
  },
  // 附件2 专业分中心
  {
    annex: 2,
    sheet: "I14/R1 I14/R2 I14/R3",
    total: 92,
    deducted: 8,
    bonus: 0,
    score: ["I14", 0],
    why: "帮办代办 3 + 3 + 2 = 8, exactly its 8 points",
  },
  {
    annex: 2,
    sheet: "I05/R1",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I05", 0],
    why: "自助终端 FIXED 5 (2 in annex 1)",
  },
  {
    annex: 2,
    sheet: "I12/R1x4 I12/R2x7",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I12", 0],
    why: "2 + 3.5 = 5.5 > 5 → 5",
  },
  {
    annex: 2,
    sheet: "I16/R1 I16/R2",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I16", 0],
    why: "人员 FIXED 2 + 3 = 5",
  },
  {
    annex: 2,
    sheet: "I03/R1x3",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I03", 0],
    why: "超范围审批 3 × 2 = 6 > 5 → 5",
  },
  { annex: 2, sheet: "I20/R1 I20/R2", total: 105, deducted: 0, bonus: 5, why: "5 + 3 = 8 → 5" },
  {
    annex: 2,
    sheet: "I20/R3 I09/R1",
    total: 98,
    deducted: 3,
    bonus: 1,
    why: "容缺 FIXED 3 lost, one pilot + 1: 97 + 1",
  },
  // 附件3 便民服务中心 (no bonus row)
  { annex: 3, sheet: "", total: 100, deducted: 0, bonus: 0, why: "an empty sheet keeps all 100" },
  {
    annex: 3,
    sheet: "I20/R1 I20/R2 I20/R3x3",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I20", 0],
    why: "监督评价 FIXED 2 + FIXED 2 + 3 × 1 = 7 > 5 → 5",
  },
  { annex: 3, sheet: "I20/R3x2", total: 98, deducted: 2, bonus: 0, score: ["I20", 3], why: "2 × 1 of 5 → 3" },
  { annex: 3, sheet: "I10/R1x8", total: 93, deducted: 7, bonus: 0, score: ["I10", 0], why: "硬件 8 × 1 > 7 → 7" },
  { annex: 3, sheet: "I15/R1 I16/R1", total: 80, deducted: 20, bonus: 0, why: "综合服务 10 + 业务能力 10" },
  {
    annex: 3,
    sheet: "I08/R1 I08/R2",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I08", 0],
    why: "办事指南 FIXED 3 + 2 = 5",
  },
  // 附件4 便民服务站 (no bonus row)
  {
    annex: 4,
    sheet: "I20/R1 I20/R2 I20/R3",
    total: 95,
    deducted: 5,
    bonus: 0,
    score: ["I20", 0],
    why: "监督评价 2 + 2 + 1 = 5, exactly its points",
  },
  { annex: 4, sheet: "I12/R1x6", total: 95, deducted: 5, bonus: 0, score: ["I12", 0], why: "物品摆放 6 × 1 > 5 → 5" },
  {
    annex: 4,
    sheet: "I04/R1x2 I05/R1x4 I06/R1",
    total: 94,
    deducted: 6,
    bonus: 0,
    score: ["I05", 0],
    why: "2 + (4 > 3 → 3) + 1 = 6",
  },
  { annex: 4, sheet: "I09/R1 I13/R2", total: 93, deducted: 7, bonus: 0, why: "窗口设置 FIXED 5 + AB岗 FIXED 2" },
];

describe("scoreSheet, worked by hand from the annexes", () => {
  it.each(cases)("附件$annex $sheet: $why", ({ annex: n, sheet: text, total, deducted, bonus, score }) => {
    const result = scoreSheet(annex(n), sheet(text));
    expect({ total: result.total, deducted: result.deducted, bonus: result.bonus }).toEqual({ total, deducted, bonus });
    if (score) expect(result.indicators.find((i) => i.indicatorCode === score[0])?.score).toBe(score[1]);
  });

  it("lists every non-bonus indicator in order, untouched ones with nothing deducted", () => {
    const result = scoreSheet(annex(1), sheet("I02/R2x3"));
    expect(result.indicators.map((i) => i.indicatorCode)).toEqual(
      annex(1)
        .indicators.slice(0, 23)
        .map((i) => i.code),
    );
    expect(result.indicators[0]).toEqual({ indicatorCode: "I01", points: 5, deducted: 0, score: 5 });
    expect(result.indicators[1]).toEqual({ indicatorCode: "I02", points: 5, deducted: 1.5, score: 3.5 });
    expect(scoreSheet(annex(3), []).indicators).toHaveLength(20);
  });

  it("a sheet that breaks every rule leaves nothing but the bonus", () => {
    for (const n of [1, 2, 3, 4] as const) {
      const rubric = annex(n);
      const all = rubric.indicators.flatMap((i) =>
        i.rules.map((r) => ({ indicatorCode: i.code, ruleCode: r.code, occurrences: r.kind === "FIXED" ? 1 : 20 })),
      );
      expect(scoreSheet(rubric, all)).toMatchObject({ total: rubric.bonusCap, deducted: 100, bonus: rubric.bonusCap });
    }
  });

  it("takes a FIXED rule split over findings as long as it adds up to at most 1", () => {
    expect(scoreSheet(annex(1), sheet("I01/R1x0 I01/R1 I01/R1x0")).deducted).toBe(3);
  });
});

describe("findingDeduction", () => {
  it.each([
    [1, "I02/R2x7", 3.5], // 7 × 0.5
    [1, "I15/R1", 3],
    [1, "I02/R2x11", 5.5], // before the indicator's cap of 5
    [1, "I24/R1x2", 10], // before the bonus cap of 5
    [3, "I20/R3x0", 0],
  ] as const)("附件%s %s is %s", (n, text, amount) => {
    expect(findingDeduction(annex(n), sheet(text)[0])).toBe(amount);
  });

  it("refuses a finding that is not in the rubric", () => {
    expect(() => findingDeduction(annex(3), sheet("I21/R1")[0])).toThrow(
      "finding.indicatorCode: unknown indicator I21",
    );
  });
});

describe("bad findings are BAD_USER_INPUT naming the field and the code", () => {
  const f = (indicatorCode: string, ruleCode: string, occurrences = 1): FindingLike => ({
    indicatorCode,
    ruleCode,
    occurrences,
  });

  it.each<[string, keyof typeof ANNEX, FindingLike[], string, string | RegExp]>([
    [
      "an unknown indicator",
      1,
      [f("I99", "R1")],
      "findings[0].indicatorCode",
      /unknown indicator I99 in rubric 2024-comprehensive-center/,
    ],
    ["a bonus row where there is none", 3, [f("I21", "R1")], "findings[0].indicatorCode", /unknown indicator I21/],
    [
      "an unknown rule",
      1,
      [f("I01", "R9")],
      "findings[0].ruleCode",
      /rule R9 does not belong to indicator I01, whose rules are R1, R2/,
    ],
    [
      "a rule of another indicator",
      1,
      [f("I01", "R2"), f("I01", "R3")],
      "findings[1].ruleCode",
      /rule R3 does not belong to indicator I01/,
    ],
    ["a malformed rule code", 4, [f("I01", "1")], "findings[0].ruleCode", /rule 1 does not belong/],
    [
      "fractional occurrences",
      1,
      [f("I02", "R2", 1.5)],
      "findings[0].occurrences",
      /I02\/R2 must be a whole number ≥ 0, not 1\.5/,
    ],
    ["negative occurrences", 1, [f("I02", "R2", -1)], "findings[0].occurrences", /not -1/],
    ["NaN occurrences", 2, [f("I02", "R2", Number.NaN)], "findings[0].occurrences", /not NaN/],
    [
      "absurd occurrences",
      1,
      [f("I02", "R2", 1001)],
      "findings[0].occurrences",
      /1001 occurrences of rule I02\/R2 is more than the 1000/,
    ],
    [
      "a FIXED rule twice in one finding",
      1,
      [f("I01", "R1", 2)],
      "findings[0].occurrences",
      "findings[0].occurrences: rule I01/R1 is FIXED and takes 0 or 1 occurrence, not 2",
    ],
    [
      "a FIXED rule in two findings",
      3,
      [f("I20", "R1"), f("I20", "R3", 4), f("I20", "R1")],
      "findings[2].occurrences",
      /rule I20\/R1 is FIXED and takes 0 or 1 occurrence, not 2 \(findings\[0\] already records it\)/,
    ],
  ])("%s", (_, n, findings, field, message) => {
    const attempt = () => scoreSheet(annex(n), findings);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(message);
    expect(() => validateFindings(annex(n), findings)).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
    }
  });

  it("accepts a valid sheet", () => {
    expect(() => validateFindings(annex(1), sheet("I01/R1 I02/R2x1000 I24/R1x3"))).not.toThrow();
  });
});
