import { badInput } from "./errors";
import { fromHalfPoints, toHalfPoints } from "./half-points";
import type { DeductionRule, Indicator, Rubric } from "./rubric";

/** What scoring needs of a finding; the API's FindingInput and the stored Finding both fit. */
export interface FindingLike {
  indicatorCode: string;
  ruleCode: string;
  occurrences: number;
}

export interface IndicatorScore {
  indicatorCode: string;
  points: number;
  deducted: number;
  score: number;
}

export interface Score {
  total: number;
  deducted: number;
  bonus: number;
  indicators: IndicatorScore[];
}

/** More occurrences than this in one finding is a slip of the keyboard, not an assessment. */
export const MAX_OCCURRENCES = 1000;

interface ResolvedFinding {
  indicator: Indicator;
  rule: DeductionRule;
  occurrences: number;
}

const ruleName = (indicator: Indicator, rule: DeductionRule) => `${indicator.code}/${rule.code}`;

/** Finds the finding's indicator and rule and checks its occurrences; `field` prefixes the error's field. */
function resolveFinding(rubric: Rubric, finding: FindingLike, field: string): ResolvedFinding {
  const indicator = rubric.indicators.find((i) => i.code === finding.indicatorCode);
  if (!indicator) {
    throw badInput(
      `${field}.indicatorCode`,
      `unknown indicator ${String(finding.indicatorCode)} in rubric ${rubric.code}`,
    );
  }
  const rule = indicator.rules.find((r) => r.code === finding.ruleCode);
  if (!rule) {
    const codes = indicator.rules.map((r) => r.code).join(", ");
    throw badInput(
      `${field}.ruleCode`,
      `rule ${String(finding.ruleCode)} does not belong to indicator ${indicator.code}, whose rules are ${codes}`,
    );
  }
  const n = finding.occurrences;
  if (!Number.isInteger(n) || n < 0) {
    throw badInput(
      `${field}.occurrences`,
      `occurrences of rule ${ruleName(indicator, rule)} must be a whole number ≥ 0, not ${n}`,
    );
  }
  if (n > MAX_OCCURRENCES) {
    throw badInput(
      `${field}.occurrences`,
      `${n} occurrences of rule ${ruleName(indicator, rule)} is more than the ${MAX_OCCURRENCES} one finding may record`,
    );
  }
  if (rule.kind === "FIXED" && n > 1) {
    throw badInput(
      `${field}.occurrences`,
      `rule ${ruleName(indicator, rule)} is FIXED and takes 0 or 1 occurrence, not ${n}`,
    );
  }
  return { indicator, rule, occurrences: n };
}

/**
 * Resolves every finding, or throws BAD_USER_INPUT naming the first bad one (`findings[i].field`).
 * Several findings may share a PER_OCCURRENCE or BONUS rule (each item with its own note),
 * but a FIXED rule applies once per sheet, so its occurrences must add up to at most 1.
 */
function resolveFindings(rubric: Rubric, findings: readonly FindingLike[]): ResolvedFinding[] {
  const fixedSeen = new Map<DeductionRule, { index: number; sum: number }>();
  return findings.map((finding, index) => {
    const resolved = resolveFinding(rubric, finding, `findings[${index}]`);
    const { indicator, rule, occurrences } = resolved;
    if (rule.kind === "FIXED" && occurrences > 0) {
      const seen = fixedSeen.get(rule);
      if (seen) {
        const sum = seen.sum + occurrences;
        throw badInput(
          `findings[${index}].occurrences`,
          `rule ${ruleName(indicator, rule)} is FIXED and takes 0 or 1 occurrence, not ${sum} (findings[${seen.index}] already records it)`,
        );
      }
      fixedSeen.set(rule, { index, sum: occurrences });
    }
    return resolved;
  });
}

/** Throws BAD_USER_INPUT for the first finding that does not fit the rubric; scoreSheet does the same. */
export function validateFindings(rubric: Rubric, findings: readonly FindingLike[]): void {
  resolveFindings(rubric, findings);
}

/** One finding's raw amount (occurrences × rule points), before the indicator's or the bonus cap; for display. */
export function findingDeduction(rubric: Rubric, finding: FindingLike): number {
  const { rule, occurrences } = resolveFinding(rubric, finding, "finding");
  return fromHalfPoints(occurrences * toHalfPoints(rule.points));
}

/**
 * Scores a sheet of findings against a rubric, exactly to the half point.
 * An indicator loses at most its points (扣完为止); the bonus adds at most the rubric's bonusCap (加满为止).
 */
export function scoreSheet(rubric: Rubric, findings: readonly FindingLike[]): Score {
  const lostByIndicator = new Map<string, number>();
  let rawBonus = 0;
  for (const { indicator, rule, occurrences } of resolveFindings(rubric, findings)) {
    const amount = occurrences * toHalfPoints(rule.points);
    if (rule.kind === "BONUS") rawBonus += amount;
    else lostByIndicator.set(indicator.code, (lostByIndicator.get(indicator.code) ?? 0) + amount);
  }

  let deducted = 0;
  let scored = 0;
  const indicators = rubric.indicators
    .filter((indicator) => !indicator.bonus)
    .map((indicator): IndicatorScore => {
      const points = toHalfPoints(indicator.points);
      const lost = Math.min(lostByIndicator.get(indicator.code) ?? 0, points);
      deducted += lost;
      scored += points - lost;
      return {
        indicatorCode: indicator.code,
        points: indicator.points,
        deducted: fromHalfPoints(lost),
        score: fromHalfPoints(points - lost),
      };
    });
  const bonus = Math.min(rawBonus, toHalfPoints(rubric.bonusCap));

  return {
    total: fromHalfPoints(scored + bonus),
    deducted: fromHalfPoints(deducted),
    bonus: fromHalfPoints(bonus),
    indicators,
  };
}
