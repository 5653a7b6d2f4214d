import { findingDeduction, scoreSheet, type FindingLike, type Rubric } from "@assess/domain";
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
}

/** Mostly one case of a per-occurrence rule, sometimes two or three. */
const OCCURRENCES = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3];

interface RuleRef {
  indicatorCode: string;
  ruleCode: string;
  kind: "FIXED" | "PER_OCCURRENCE" | "BONUS";
  text: string;
}

/** Plausible scoring sheets for a rubric, scored by the domain library itself so that every stored number is right. */
export class SheetMaker {
  private readonly deductions = new Map<string, RuleRef[]>();
  private readonly bonuses = new Map<string, RuleRef[]>();

  constructor(rubrics: readonly Rubric[]) {
    for (const r of rubrics) {
      const refs = r.indicators.flatMap((i) => i.rules.map((rule) => ({ indicatorCode: i.code, ruleCode: rule.code, kind: rule.kind, text: rule.text })));
      this.deductions.set(r.code, refs.filter((x) => x.kind !== "BONUS"));
      this.bonuses.set(r.code, refs.filter((x) => x.kind === "BONUS"));
    }
  }

  /**
   * `count` findings of distinct deduction rules (FIXED once, PER_OCCURRENCE mostly once or twice), sometimes a bonus.
   * `repeat` lists earlier findings of the venue: each is found again with probability `repeatChance` (相同问题反复出现).
   */
  sheet(rng: Rng, rubric: Rubric, count: number, options: { bonusChance?: number; repeat?: readonly FindingLike[]; repeatChance?: number } = {}): Sheet {
    const pool = this.deductions.get(rubric.code)!;
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
    const bonuses = this.bonuses.get(rubric.code)!;
    if (bonuses.length && rng.chance(options.bonusChance ?? 0)) refs.push(rng.pick(bonuses));
    const findings = refs.map((ref) => {
      const occurrences = ref.kind === "FIXED" ? 1 : rng.pick(OCCURRENCES);
      const f = { indicatorCode: ref.indicatorCode, ruleCode: ref.ruleCode, occurrences };
      return { ...f, deduction: findingDeduction(rubric, f), bonus: ref.kind === "BONUS", text: ref.text };
    });
    return { findings, total: scoreSheet(rubric, findings).total };
  }
}

/** The findings of a sheet that become problems on completion: deductions that took points, never bonuses. */
export const problemFindings = (sheet: Sheet) => sheet.findings.filter((f) => !f.bonus && f.occurrences > 0 && f.deduction > 0);
