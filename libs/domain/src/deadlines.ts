import type { TaskKind } from "./enums";
import { badInput } from "./errors";
import type { VenueType } from "./rubric";

/** Shanghai has no daylight saving: end of day there is 15:59:59.999 UTC. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 23:59:59.999 Asia/Shanghai of the given calendar day. */
export function endOfDayShanghai(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 23, 59, 59, 999) - SHANGHAI_OFFSET_MS);
}

/** End of the Shanghai day `days` after the Shanghai day of `from`. */
export function endOfDayAfter(from: Date, days: number): Date {
  const local = new Date(from.getTime() + SHANGHAI_OFFSET_MS);
  return endOfDayShanghai(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate() + days);
}

/** The Asia/Shanghai calendar day of a moment, counted in days since 1970-01-01 there. */
const shanghaiDay = (at: Date) => Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / 86_400_000);

/** Whole Asia/Shanghai calendar days from `now` to `due`: 0 on the due day itself, negative once that day is past. */
export const daysLeft = (now: Date, due: Date): number => shanghaiDay(due) - shanghaiDay(now);

/** A campaign's dates, in the plan's order: self-check, centres' and convenience venues' assessments, re-check, report. */
export const DEADLINE_KEYS = [
  "selfCheckDue",
  "unifiedAssessmentDue",
  "convenienceAssessmentDue",
  "recheckDue",
  "annualReportDue",
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export interface CampaignDeadlines {
  selfCheckDue: Date;
  unifiedAssessmentDue: Date;
  convenienceAssessmentDue: Date;
  recheckDue: Date;
  annualReportDue: Date;
  rectificationDays: number;
}

/** The plan's section 五: self-check by end of May, centres by mid-June, convenience venues by end of September, re-check and report by end of October. */
export function planDeadlines(year: number): CampaignDeadlines {
  return {
    selfCheckDue: endOfDayShanghai(year, 5, 31),
    unifiedAssessmentDue: endOfDayShanghai(year, 6, 15),
    convenienceAssessmentDue: endOfDayShanghai(year, 9, 30),
    recheckDue: endOfDayShanghai(year, 10, 31),
    annualReportDue: endOfDayShanghai(year, 10, 31),
    rectificationDays: 30,
  };
}

const isConvenience = (t: VenueType | null) => t === "CONVENIENCE_CENTER" || t === "CONVENIENCE_STATION";

/** The default due date of a new task, by kind and venue type. */
export function defaultDueAt(c: CampaignDeadlines, kind: TaskKind, venueType: VenueType | null, now: Date): Date {
  switch (kind) {
    case "SELF_CHECK":
      return c.selfCheckDue;
    case "UNIFIED_ASSESSMENT":
      return isConvenience(venueType) ? c.convenienceAssessmentDue : c.unifiedAssessmentDue;
    case "UNANNOUNCED_INSPECTION":
    case "RECHECK":
      return c.recheckDue;
    case "ANNUAL_REPORT":
      return c.annualReportDue;
    case "RECTIFICATION":
      return endOfDayAfter(now, c.rectificationDays);
  }
}

/**
 * The latest due date a manager may give a task assigned (or re-dated) now: a rectification has the campaign's
 * rectification period from its assignment (later only by the city, or by an extension the city grants); other
 * kinds have no limit of their own.
 */
export function dueDateLimit(
  c: Pick<CampaignDeadlines, "rectificationDays">,
  kind: TaskKind,
  assignedAt: Date,
): Date | null {
  return kind === "RECTIFICATION" ? endOfDayAfter(assignedAt, c.rectificationDays) : null;
}

/**
 * A due date set by hand: never before now (a task is not due before it was given), and unless the city sets it,
 * never after `limit`.
 */
export function checkDueAt(dueAt: Date, now: Date, limit: Date | null, byCity: boolean, field = "dueAt"): void {
  if (dueAt.getTime() <= now.getTime())
    throw badInput(
      field,
      `${dueAt.toISOString()} is not after now (${now.toISOString()}): a task is due after it is given`,
    );
  if (limit && !byCity && dueAt.getTime() > limit.getTime()) {
    throw badInput(
      field,
      `${dueAt.toISOString()} is later than the campaign's rectification period allows (${limit.toISOString()}); only the city sets a later date, or grants an extension`,
    );
  }
}

/** The Asia/Shanghai calendar day of a moment, as YYYY-MM-DD (how dates are said to people). */
export const shanghaiDate = (d: Date) => new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
