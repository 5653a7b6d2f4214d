import {
  COMPLETE_SHEET_KINDS,
  findingDeduction,
  indicatorApplies,
  inspectable,
  ruleApplies,
  scoreSheet,
  type DeductionRule,
  type FindingLike,
  type Rubric,
  type SheetContext,
} from "@assess/domain";
import type { Rng } from "./random";

export interface SheetFinding extends FindingLike {
  /** occurrences × the rule's points, as the API stores it on the finding. */
  deduction: number;
  bonus: boolean;
  /** The rule's text: a problem found without a note is described by it. */
  text: string;
}

export interface Sheet {
  findings: SheetFinding[];
  /** scoreSheet's total: what the API stores as task.score_total. */
  total: number;
  /** Every deduction indicator that applies at the venue: what a complete sheet marks examined. */
  examined: string[];
  /** How many deduction indicators the rubric has (the API's history says "k of n indicators examined"). */
  deductionRows: number;
}

/** Mostly one case of a per-occurrence rule, sometimes two or three. */
const OCCURRENCES = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3];

interface RuleRef {
  indicatorCode: string;
  ruleCode: string;
  kind: "FIXED" | "PER_OCCURRENCE" | "BONUS";
  text: string;
  rule: DeductionRule;
  /** Whether 明察暗访 assesses the rule's indicator. */
  inspectable: boolean;
}

export interface SheetOptions {
  bonusChance?: number;
  repeat?: readonly FindingLike[];
  repeatChance?: number;
  /** Who fills the sheet in, about which venue: only rules that apply there (and, for an inspection, that 明察暗访 assesses). */
  context?: SheetContext;
  /**
   * The sheet is (or was) submitted: it claims no bonus, since a bonus is submitted only with its 证明材料 and the
   * loaders write no evidence files. The random draws stay the same either way.
   */
  submitted?: boolean;
}

/** Plausible scoring sheets for a rubric, scored by the domain library itself so that every stored number is right. */
export class SheetMaker {
  private readonly deductions = new Map<string, RuleRef[]>();
  private readonly bonuses = new Map<string, RuleRef[]>();

  constructor(rubrics: readonly Rubric[]) {
    for (const r of rubrics) {
      const refs = r.indicators.flatMap((i) =>
        i.rules.map((rule) => ({
          indicatorCode: i.code,
          ruleCode: rule.code,
          kind: rule.kind,
          text: rule.text,
          rule,
          inspectable: inspectable(i),
        })),
      );
      this.deductions.set(
        r.code,
        refs.filter((x) => x.kind !== "BONUS"),
      );
      this.bonuses.set(
        r.code,
        refs.filter((x) => x.kind === "BONUS"),
      );
    }
  }

  /**
   * `count` findings of distinct deduction rules (FIXED once, PER_OCCURRENCE mostly once or twice), sometimes a bonus.
   * `repeat` lists earlier findings of the venue: each is found again with probability `repeatChance` (相同问题反复出现).
   */
  sheet(rng: Rng, rubric: Rubric, count: number, options: SheetOptions = {}): Sheet {
    const ctx = options.context;
    const fits = (ref: RuleRef) =>
      !ctx || (ruleApplies(ref.rule, ctx.venue) && (ctx.kind !== "UNANNOUNCED_INSPECTION" || ref.inspectable));
    const pool = this.deductions.get(rubric.code)!.filter(fits);
    const chosen = new Map<string, RuleRef>();
    for (const earlier of options.repeat ?? []) {
      if (!rng.chance(options.repeatChance ?? 0)) continue;
      const ref = pool.find((r) => r.indicatorCode === earlier.indicatorCode && r.ruleCode === earlier.ruleCode);
      if (ref) chosen.set(`${ref.indicatorCode}/${ref.ruleCode}`, ref);
    }
    for (let guard = 0; chosen.size < count && guard < count * 4; guard++) {
      const ref = rng.pick(pool);
      chosen.set(`${ref.indicatorCode}/${ref.ruleCode}`, ref);
    }
    const refs = [...chosen.values()];
    const bonuses = this.bonuses.get(rubric.code)!.filter(fits);
    if (bonuses.length && rng.chance(options.bonusChance ?? 0)) {
      const bonus = rng.pick(bonuses);
      if (!options.submitted) refs.push(bonus);
    }
    const findings = refs.map((ref) => {
      const occurrences = ref.kind === "FIXED" ? 1 : rng.pick(OCCURRENCES);
      const f = { indicatorCode: ref.indicatorCode, ruleCode: ref.ruleCode, occurrences };
      return { ...f, deduction: findingDeduction(rubric, f), bonus: ref.kind === "BONUS", text: ref.text };
    });
    const venue = ctx?.venue ?? { type: rubric.venueType, community: false };
    const examined = rubric.indicators.filter((i) => !i.bonus && indicatorApplies(i, venue)).map((i) => i.code);
    const deductionRows = rubric.indicators.filter((i) => !i.bonus).length;
    return { findings, total: scoreSheet(rubric, findings).total, examined, deductionRows };
  }
}

/** Whether a task of this kind in this state has submitted its sheet complete (every applicable indicator examined). */
export const submittedComplete = (kind: string, status: string) =>
  (COMPLETE_SHEET_KINDS as readonly string[]).includes(kind) && ["SUBMITTED", "RETURNED", "COMPLETED"].includes(status);

/** The findings of a sheet that become problems on completion: deductions that took points, never bonuses. */
export const problemFindings = (sheet: Sheet) =>
  sheet.findings.filter((f) => !f.bonus && f.occurrences > 0 && f.deduction > 0);
