import {
  COMPLETE_SHEET_KINDS,
  scoreSheet,
  unexaminedIndicators,
  type Rubric as DomainRubric,
  type TaskKind,
  type VenueContext,
} from "@assess/domain";
import { useMemo } from "react";
import type { TaskPage_TaskQuery } from "../../gql/graphql";
import type { Findings } from "./sheet-draft";

type Rubric = NonNullable<NonNullable<TaskPage_TaskQuery["task"]>["rubric"]>;

export interface LiveScore {
  total: number;
  deducted: number;
  bonus: number;
  findings: number;
  lost(indicatorCode: string): number;
  error: string | null;
}

/**
 * The sheet's score as the API will compute it, by the same domain library, in the browser: exact half points,
 * 扣完为止 per indicator, 加满为止 for the bonus.
 */
export function useLiveScore(rubric: Rubric | null | undefined, findings: Findings): LiveScore | null {
  return useMemo(() => {
    if (!rubric) return null;
    const list = Object.values(findings).filter((f) => f.occurrences > 0);
    const domainRubric = { ...rubric, source: "", sections: [] } as unknown as DomainRubric;
    try {
      const s = scoreSheet(domainRubric, list);
      const lost = new Map(s.indicators.map((i) => [i.indicatorCode, i.deducted]));
      return {
        total: s.total,
        deducted: s.deducted,
        bonus: s.bonus,
        findings: list.length,
        lost: (c) => lost.get(c) ?? 0,
        error: null,
      };
    } catch (e) {
      return {
        total: NaN,
        deducted: NaN,
        bonus: NaN,
        findings: list.length,
        lost: () => 0,
        error: (e as Error).message,
      };
    }
  }, [rubric, findings]);
}

/**
 * The applicable deduction indicators neither marked examined nor with a finding, by the domain's rule that
 * submitTask applies (empty for kinds whose sheet need not be complete).
 */
export function useUnexamined(
  kind: TaskKind,
  rubric: Rubric | null | undefined,
  findings: Findings,
  examined: string[],
  venue: VenueContext | null,
): string[] {
  return useMemo(() => {
    if (!rubric || !venue || !COMPLETE_SHEET_KINDS.includes(kind)) return [];
    const list = Object.values(findings).filter((f) => f.occurrences > 0);
    return unexaminedIndicators(rubric as unknown as DomainRubric, examined, list, venue);
  }, [kind, rubric, findings, examined, venue]);
}
