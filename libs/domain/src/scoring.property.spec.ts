import fc from "fast-check";
import { describe, expect, it } from "vitest";
// Test-only: the shipped YAML through the rubrics lib's loader; the domain lib itself does no I/O.
import { loadRubrics } from "../../rubrics/src/load-rubrics";
import { DomainError } from "./errors";
import type { Rubric } from "./rubric";
import { scoreSheet, type FindingLike, type Score } from "./scoring";

const rubrics = loadRubrics().byYear(2024);

const rulesOf = (rubric: Rubric, kinds: string[]) =>
  rubric.indicators.flatMap((i) =>
    i.rules.filter((r) => kinds.includes(r.kind)).map((r) => ({ indicatorCode: i.code, ruleCode: r.code })),
  );

/** Random valid sheets: each FIXED rule at most once (plus harmless zeros), PER_OCCURRENCE and BONUS rules repeated freely. */
function validSheet(rubric: Rubric): fc.Arbitrary<FindingLike[]> {
  const fixed = rulesOf(rubric, ["FIXED"]);
  const repeatable = rulesOf(rubric, ["PER_OCCURRENCE", "BONUS"]);
  return fc
    .tuple(
      fc.subarray(fixed).map((rules) => rules.map((rule) => ({ ...rule, occurrences: 1 }))),
      fc.array(
        fc.constantFrom(...fixed).map((rule) => ({ ...rule, occurrences: 0 })),
        { maxLength: 3 },
      ),
      fc.array(
        fc
          .record({ rule: fc.constantFrom(...repeatable), occurrences: fc.nat({ max: 12 }) })
          .map(({ rule, occurrences }) => ({ ...rule, occurrences })),
        { maxLength: 30 },
      ),
    )
    .chain(([once, zeros, repeated]) => {
      const all = [...once, ...zeros, ...repeated];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    });
}

/** One more deduction that keeps the sheet valid: a PER_OCCURRENCE finding, or a FIXED rule the sheet does not use yet. */
function extraDeduction(rubric: Rubric, findings: FindingLike[]): fc.Arbitrary<FindingLike> {
  const used = new Set(findings.filter((f) => f.occurrences > 0).map((f) => `${f.indicatorCode}/${f.ruleCode}`));
  const unusedFixed = rulesOf(rubric, ["FIXED"]).filter((r) => !used.has(`${r.indicatorCode}/${r.ruleCode}`));
  const perOccurrence = rulesOf(rubric, ["PER_OCCURRENCE"]).map((rule) =>
    fc.nat({ max: 12 }).map((occurrences) => ({ ...rule, occurrences })),
  );
  return fc.oneof(...perOccurrence, ...unusedFixed.map((rule) => fc.constant({ ...rule, occurrences: 1 })));
}

const isHalf = (n: number) => Number.isInteger(n * 2);
const numbers = (s: Score) => [
  s.total,
  s.deducted,
  s.bonus,
  ...s.indicators.flatMap((i) => [i.points, i.deducted, i.score]),
];

describe.each(rubrics.map((r) => [r.code, r] as const))("scoreSheet over random valid sheets of %s", (_, rubric) => {
  const sheets = validSheet(rubric);

  it("keeps every score within bounds, exact to the half point", () => {
    fc.assert(
      fc.property(sheets, (findings) => {
        const score = scoreSheet(rubric, findings);
        for (const i of score.indicators) {
          expect(i.score).toBeGreaterThanOrEqual(0);
          expect(i.score).toBeLessThanOrEqual(i.points);
          expect(i.deducted).toBeGreaterThanOrEqual(0);
          expect(i.deducted + i.score).toBe(i.points);
        }
        expect(score.deducted).toBeGreaterThanOrEqual(0);
        expect(score.bonus).toBeGreaterThanOrEqual(0);
        expect(score.bonus).toBeLessThanOrEqual(rubric.bonusCap);
        expect(score.total).toBeGreaterThanOrEqual(0);
        expect(score.total).toBeLessThanOrEqual(rubric.totalPoints + rubric.bonusCap);
        expect(score.total).toBe(score.indicators.reduce((sum, i) => sum + i.score, 0) + score.bonus);
        expect(score.deducted).toBe(score.indicators.reduce((sum, i) => sum + i.deducted, 0));
        expect(score.total).toBe(rubric.totalPoints - score.deducted + score.bonus);
        expect(numbers(score).filter((n) => !isHalf(n))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never raises the total when a deduction is added", () => {
    const withExtra = sheets.chain((findings) =>
      extraDeduction(rubric, findings).map((extra) => ({ findings, extra })),
    );
    fc.assert(
      fc.property(withExtra, ({ findings, extra }) => {
        const before = scoreSheet(rubric, findings);
        const after = scoreSheet(rubric, [...findings, extra]);
        expect(after.total).toBeLessThanOrEqual(before.total);
        expect(after.deducted).toBeGreaterThanOrEqual(before.deducted);
        expect(after.bonus).toBe(before.bonus);
      }),
      { numRuns: 200 },
    );
  });

  it("does not depend on the order of the findings", () => {
    const twoOrders = sheets.chain((findings) =>
      fc
        .shuffledSubarray(findings, { minLength: findings.length, maxLength: findings.length })
        .map((shuffled) => ({ findings, shuffled })),
    );
    fc.assert(
      fc.property(twoOrders, ({ findings, shuffled }) => {
        expect(scoreSheet(rubric, shuffled)).toEqual(scoreSheet(rubric, findings));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses occurrences that are not whole numbers from 0 to 1000", () => {
    const rules = rulesOf(rubric, ["FIXED", "PER_OCCURRENCE", "BONUS"]);
    const bad = fc.oneof(
      fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)),
      fc.integer({ max: -1 }),
      fc.integer({ min: 1001 }),
    );
    fc.assert(
      fc.property(sheets, fc.constantFrom(...rules), bad, (findings, rule, occurrences) => {
        const index = findings.length;
        expect(() => scoreSheet(rubric, [...findings, { ...rule, occurrences }])).toThrow(DomainError);
        expect(() => scoreSheet(rubric, [...findings, { ...rule, occurrences }])).toThrow(
          `findings[${index}].occurrences: `,
        );
      }),
      { numRuns: 100 },
    );
  });
});
