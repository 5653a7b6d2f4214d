import type { TaskKind } from "./enums";
import { badInput } from "./errors";
import type { DeductionRule, Indicator, Rubric, VenueType } from "./rubric";
import { validateFindings, type FindingLike } from "./scoring";

/**
 * What a sheet's rules need to know of its venue: the type, and for a CONVENIENCE_STATION whether it serves a
 * 社区 (community: true) or a 村 (false). Other venue types are never community venues.
 */
export interface VenueContext {
  type: VenueType;
  community: boolean;
}

/** The sheet of one task: what kind of task fills it in, about which venue. */
export interface SheetContext {
  kind: TaskKind;
  venue: VenueContext;
}

/** Kinds whose sheet must be complete before submission; an UNANNOUNCED_INSPECTION records only what it saw. */
export const COMPLETE_SHEET_KINDS: readonly TaskKind[] = ["SELF_CHECK", "UNIFIED_ASSESSMENT"];

/** Whether a rule applies at the venue: a rule `onlyFor: COMMUNITY` only at a 社区 station. */
export const ruleApplies = (rule: DeductionRule, venue: VenueContext): boolean =>
  rule.onlyFor !== "COMMUNITY" || venue.community;

/**
 * Whether an indicator can apply at the venue: some rule of it does. An indicator none of whose rules apply
 * (all limited to 社区, at a 村 station) is "not applicable": a complete sheet need not examine it.
 */
export const indicatorApplies = (indicator: Indicator, venue: VenueContext): boolean =>
  indicator.rules.some((r) => ruleApplies(r, venue));

/** Whether an unannounced inspection (明察暗访) can assess the indicator: its 考核方式 include it. */
export const inspectable = (indicator: Indicator): boolean => indicator.methods.includes("UNANNOUNCED");

const describeVenue = (venue: VenueContext) =>
  venue.type === "CONVENIENCE_STATION"
    ? venue.community
      ? "a 社区 station"
      : "a 村 station (community: false)"
    : `a ${venue.type}`;

/**
 * Everything a saved sheet must satisfy: each finding fits the rubric (validateFindings), its rule applies at the
 * venue, and an UNANNOUNCED_INSPECTION records findings only on indicators assessed by 明察暗访.
 * Throws BAD_USER_INPUT naming the first bad finding's field (`findings[i].ruleCode`, `findings[i].indicatorCode`).
 */
/** Findings one sheet may hold: itemised findings of every rule of a rubric fit many times over. */
export const MAX_FINDINGS = 300;

export function validateSheet(rubric: Rubric, findings: readonly FindingLike[], ctx: SheetContext): void {
  if (findings.length > MAX_FINDINGS)
    throw badInput("findings", `a sheet holds at most ${MAX_FINDINGS} findings, not ${findings.length}`);
  validateFindings(rubric, findings);
  findings.forEach((finding, i) => {
    const indicator = rubric.indicators.find((x) => x.code === finding.indicatorCode)!;
    const rule = indicator.rules.find((r) => r.code === finding.ruleCode)!;
    if (ctx.kind === "UNANNOUNCED_INSPECTION" && !inspectable(indicator)) {
      throw badInput(
        `findings[${i}].indicatorCode`,
        `${indicator.code} is assessed by ${indicator.methods.join(", ")}, not by 明察暗访 (UNANNOUNCED): an UNANNOUNCED_INSPECTION records findings only on indicators whose methods include it`,
      );
    }
    if (!ruleApplies(rule, ctx.venue)) {
      throw badInput(
        `findings[${i}].ruleCode`,
        `rule ${indicator.code}/${rule.code} (${rule.text}) applies only at a 社区 station, and this is ${describeVenue(ctx.venue)}`,
      );
    }
  });
}

/**
 * The indicators a sheet marks examined, checked and in rubric order: each a deduction indicator of the rubric,
 * listed once; for an UNANNOUNCED_INSPECTION, one it can assess. Throws BAD_USER_INPUT naming `examined[i]`.
 */
export function normalizeExamined(rubric: Rubric, examined: readonly string[], ctx: SheetContext): string[] {
  const seen = new Map<string, number>();
  examined.forEach((code, i) => {
    const field = `examined[${i}]`;
    const indicator = rubric.indicators.find((x) => x.code === code);
    if (!indicator) throw badInput(field, `unknown indicator ${String(code)} in rubric ${rubric.code}`);
    if (indicator.bonus)
      throw badInput(
        field,
        `${code} is the bonus row (加分项): only deduction indicators are examined; a bonus is claimed by a finding with its evidence`,
      );
    const earlier = seen.get(code);
    if (earlier !== undefined) throw badInput(field, `${code} is listed twice (also examined[${earlier}])`);
    if (ctx.kind === "UNANNOUNCED_INSPECTION" && !inspectable(indicator)) {
      throw badInput(
        field,
        `${code} is assessed by ${indicator.methods.join(", ")}, not by 明察暗访 (UNANNOUNCED): an UNANNOUNCED_INSPECTION cannot examine it`,
      );
    }
    seen.set(code, i);
  });
  return rubric.indicators.filter((x) => seen.has(x.code)).map((x) => x.code);
}

/** The deduction indicators examined: those marked, and those with a finding; in rubric order. */
export function examinedIndicators(
  rubric: Rubric,
  marked: readonly string[],
  findings: readonly FindingLike[],
): string[] {
  const done = new Set([...marked, ...findings.map((f) => f.indicatorCode)]);
  return rubric.indicators.filter((x) => !x.bonus && done.has(x.code)).map((x) => x.code);
}

/** The deduction indicators that apply at the venue and are neither marked examined nor have a finding. */
export function unexaminedIndicators(
  rubric: Rubric,
  marked: readonly string[],
  findings: readonly FindingLike[],
  venue: VenueContext,
): string[] {
  const done = new Set(examinedIndicators(rubric, marked, findings));
  return rubric.indicators
    .filter((x) => !x.bonus && indicatorApplies(x, venue) && !done.has(x.code))
    .map((x) => x.code);
}

/** A saved finding as submission sees it: with how many pieces of evidence are attached. */
export interface SubmittedFinding extends FindingLike {
  evidenceCount: number;
}

/**
 * Whether a saved sheet may be submitted, or a BAD_USER_INPUT that names what is missing:
 * - its findings still fit the venue (validateSheet: the venue may have changed since the save);
 * - a SELF_CHECK or UNIFIED_ASSESSMENT is complete: every applicable deduction indicator examined or with a finding (field `examined`);
 * - every BONUS finding that claims something has its evidence, 证明材料 (field `findings[i].evidenceIds`).
 */
export function checkSubmittable(
  rubric: Rubric,
  sheet: { findings: readonly SubmittedFinding[]; examined: readonly string[] },
  ctx: SheetContext,
): void {
  validateSheet(rubric, sheet.findings, ctx);
  if (COMPLETE_SHEET_KINDS.includes(ctx.kind)) {
    const missing = unexaminedIndicators(rubric, sheet.examined, sheet.findings, ctx.venue);
    if (missing.length) {
      throw badInput(
        "examined",
        `${missing.length} indicator${missing.length === 1 ? " is" : "s are"} neither examined nor with a finding: ${missing.join(", ")}; mark ${missing.length === 1 ? "it" : "each"} examined (saveSheet) or record what was found before submitting`,
      );
    }
  }
  sheet.findings.forEach((finding, i) => {
    const indicator = rubric.indicators.find((x) => x.code === finding.indicatorCode)!;
    const rule = indicator.rules.find((r) => r.code === finding.ruleCode)!;
    if (rule.kind === "BONUS" && finding.occurrences > 0 && finding.evidenceCount === 0) {
      throw badInput(
        `findings[${i}].evidenceIds`,
        `the bonus ${indicator.code}/${rule.code} (${rule.text}) needs its evidence (证明材料) attached before the task is submitted`,
      );
    }
  });
}
