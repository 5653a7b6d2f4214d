/** The rubric of one annex, as loaded from `rubrics/<year>/*.yaml`. Points are multiples of 0.5. */
export const VENUE_TYPES = [
  "COMPREHENSIVE_CENTER",
  "PROFESSIONAL_SUBCENTER",
  "CONVENIENCE_CENTER",
  "CONVENIENCE_STATION",
] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

export const ASSESSMENT_METHODS = ["ON_SITE", "UNANNOUNCED", "BACKEND", "EVIDENCE"] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];

export const RULE_KINDS = ["FIXED", "PER_OCCURRENCE", "BONUS"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/**
 * Venues a rule is limited to, where the annex says so: COMMUNITY is a 社区 station (annex 4 I13 R2,
 * 社区综合窗口未执行AB岗工作制度). A rule without `onlyFor` applies to every venue of its rubric.
 */
export const RULE_SCOPES = ["COMMUNITY"] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

export interface DeductionRule {
  code: string;
  text: string;
  kind: RuleKind;
  points: number;
  onlyFor?: RuleScope;
}

export interface Indicator {
  code: string;
  level1: string;
  level2: string;
  requirement: string;
  points: number;
  bonus: boolean;
  methods: AssessmentMethod[];
  rules: DeductionRule[];
}

/** A level-1 heading with the subtotal printed beside it, and its level-2 headings (points where printed). */
export interface RubricSection {
  level1: string;
  points: number;
  groups: { level2: string; points?: number }[];
}

export interface Rubric {
  code: string;
  year: number;
  venueType: VenueType;
  title: string;
  /** Which annex of the plan it transcribes, e.g. "附件1". */
  source: string;
  totalPoints: number;
  bonusCap: number;
  sections: RubricSection[];
  indicators: Indicator[];
}
