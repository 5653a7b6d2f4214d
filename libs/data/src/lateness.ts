import { LATE_KINDS, TASK_STATUSES, isOpenStatus } from "@assess/domain";

/** A WHERE fragment with its parameters. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(",");

/** The statuses that close a task, from the domain's rule (isOpenStatus). */
const CLOSED = list(TASK_STATUSES.filter((s) => !isOpenStatus(s)));

/**
 * The domain's overdue and late rules (libs/domain lifecycle.ts) in SQL: the one translation that the API's lists and
 * dashboard, the escalation job and the evaluation share. tests/integration/lateness-rule.test.ts checks that each
 * answers as the domain's function does.
 */

/** Task `t` is open: neither COMPLETED nor CANCELLED. */
export const openTask = (t = "t") => `${t}.status NOT IN (${CLOSED})`;

/** isOverdue: open and past its due date at `now`. */
export const overdueTask = (now: Date, t = "t"): SqlPart => ({
  sql: `(${openTask(t)} AND ${t}.due_at < ?)`,
  params: [now],
});

/**
 * isLate: a rectification late as of `asOf`: recorded late by then, or (nothing recorded) not cancelled, due before
 * `asOf` and not completed by its due date.
 */
export const lateTask = (asOf: Date, t = "t"): SqlPart => ({
  sql: `(${t}.kind IN (${list(LATE_KINDS)}) AND (${t}.late_at <= ? OR (${t}.late_at IS NULL AND ${t}.status <> 'CANCELLED' AND ${t}.due_at < ?
         AND (${t}.completed_at IS NULL OR ${t}.completed_at > ${t}.due_at))))`,
  params: [asOf, asOf],
});

/** problemLateSince ≤ asOf: recorded late by then, or (nothing recorded) OPEN since before the grace period. */
export const lateProblem = (asOf: Date, graceDays: number, p = "pr"): SqlPart => ({
  sql: `(${p}.late_at <= ? OR (${p}.late_at IS NULL AND ${p}.status = 'OPEN' AND ${p}.open_since < ?))`,
  params: [asOf, new Date(asOf.getTime() - graceDays * 86_400_000)],
});
