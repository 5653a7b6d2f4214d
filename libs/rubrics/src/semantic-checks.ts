import { toHalfPoints, type Indicator, type Rubric, type VenueType } from "@assess/domain";
import type { RubricIssue } from "./rubric-file-error";

/** The code's slug for each venue type: `<year>-<slug>`, as the contract's README fixes it. */
export const VENUE_SLUGS: Record<VenueType, string> = {
  COMPREHENSIVE_CENTER: "comprehensive-center",
  PROFESSIONAL_SUBCENTER: "professional-subcenter",
  CONVENIENCE_CENTER: "convenience-center",
  CONVENIENCE_STATION: "convenience-station",
};

// Sums are compared in half-points so that 0.5-steps add exactly.
const sum = (indicators: readonly Indicator[]) => indicators.reduce((total, i) => total + toHalfPoints(i.points), 0);
const points = (half: number) => half / 2;

/**
 * What the JSON Schema cannot say: codes run in order, the bonus row is last and alone, a rule limited to
 * 社区 (onlyFor: COMMUNITY) is a station's, and the points add up to the total and to every subtotal printed in the annex.
 * Runs only on data that passed the schema, so the shapes can be trusted.
 */
export function semanticIssues(rubric: Rubric): RubricIssue[] {
  return [...codeIssues(rubric), ...indicatorIssues(rubric), ...pointIssues(rubric), ...sectionIssues(rubric)];
}

function codeIssues(rubric: Rubric): RubricIssue[] {
  const expected = `${rubric.year}-${VENUE_SLUGS[rubric.venueType]}`;
  if (rubric.code === expected) return [];
  return [
    {
      field: "code",
      message: `must be ${expected} for year ${rubric.year} and venueType ${rubric.venueType}, not ${rubric.code}`,
    },
  ];
}

function indicatorIssues(rubric: Rubric): RubricIssue[] {
  const issues: RubricIssue[] = [];
  const last = rubric.indicators.length - 1;
  rubric.indicators.forEach((indicator, index) => {
    const at = (field: string, message: string) => issues.push({ indicator: indicator.code, field, message });
    const expected = `I${String(index + 1).padStart(2, "0")}`;
    if (indicator.code !== expected) {
      at("code", `expected ${expected}: indicator codes run I01, I02, … in the annex's row order`);
    }
    if (indicator.bonus && index !== last) at("bonus", "the bonus indicator (加分项) must be the last one");
    indicator.rules.forEach((rule, r) => {
      if (rule.code !== `R${r + 1}`)
        at(`rules[${r}].code`, `expected R${r + 1}, not ${rule.code}: rule codes run R1, R2, … in each indicator`);
      if (indicator.bonus && rule.kind !== "BONUS")
        at(`rules[${r}].kind`, `the bonus indicator takes only BONUS rules, not ${rule.kind}`);
      if (!indicator.bonus && rule.kind === "BONUS")
        at(`rules[${r}].kind`, "BONUS rules belong only to the bonus indicator (bonus: true)");
      if (rule.points > indicator.points)
        at(`rules[${r}].points`, `${rule.points} is more than the indicator's ${indicator.points} points`);
      if (rule.onlyFor === "COMMUNITY" && rubric.venueType !== "CONVENIENCE_STATION") {
        at(
          `rules[${r}].onlyFor`,
          `COMMUNITY limits a rule to 社区 stations, so it belongs only in a CONVENIENCE_STATION rubric, not a ${rubric.venueType}`,
        );
      }
    });
  });
  return issues;
}

function pointIssues(rubric: Rubric): RubricIssue[] {
  const issues: RubricIssue[] = [];
  const bonusRows = rubric.indicators.filter((i) => i.bonus);
  const base = sum(rubric.indicators.filter((i) => !i.bonus));
  if (base !== toHalfPoints(rubric.totalPoints)) {
    issues.push({
      field: "totalPoints",
      message: `is ${rubric.totalPoints} but the non-bonus indicators add up to ${points(base)}`,
    });
  }
  const cap = sum(bonusRows);
  if (cap !== toHalfPoints(rubric.bonusCap)) {
    const what = bonusRows.length ? `the bonus indicator's points (${points(cap)})` : "0: there is no bonus indicator";
    issues.push({ field: "bonusCap", message: `is ${rubric.bonusCap} but must equal ${what}` });
  }
  return issues;
}

function sectionIssues(rubric: Rubric): RubricIssue[] {
  const issues: RubricIssue[] = [];
  rubric.sections.forEach((section, s) => {
    const inSection = rubric.indicators.filter((i) => i.level1 === section.level1);
    if (rubric.sections.findIndex((other) => other.level1 === section.level1) !== s) {
      issues.push({ field: `sections[${s}].level1`, message: `${section.level1} is listed twice` });
    }
    if (sum(inSection) !== toHalfPoints(section.points)) {
      issues.push({
        field: `sections[${s}].points`,
        message: `${section.level1} is printed as ${section.points} but its indicators add up to ${points(sum(inSection))}`,
      });
    }
    section.groups.forEach((group, g) => {
      const field = `sections[${s}].groups[${g}]`;
      const inGroup = inSection.filter((i) => i.level2 === group.level2);
      if (section.groups.findIndex((other) => other.level2 === group.level2) !== g) {
        issues.push({ field: `${field}.level2`, message: `${group.level2} is listed twice in ${section.level1}` });
      }
      if (inGroup.length === 0) issues.push({ field: `${field}.level2`, message: `${group.level2} has no indicators` });
      if (group.points !== undefined && sum(inGroup) !== toHalfPoints(group.points)) {
        issues.push({
          field: `${field}.points`,
          message: `${group.level2} is printed as ${group.points} but its indicators add up to ${points(sum(inGroup))}`,
        });
      }
    });
  });
  for (const indicator of rubric.indicators) {
    const section = rubric.sections.find((s) => s.level1 === indicator.level1);
    if (!section) {
      issues.push({
        indicator: indicator.code,
        field: "level1",
        message: `${indicator.level1} is not a level-1 heading in sections`,
      });
    } else if (!section.groups.some((g) => g.level2 === indicator.level2)) {
      issues.push({
        indicator: indicator.code,
        field: "level2",
        message: `${indicator.level2} is not a level-2 heading of ${section.level1} in sections`,
      });
    }
  }
  return issues;
}
