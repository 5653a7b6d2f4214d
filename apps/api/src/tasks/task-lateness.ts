import { TASK_STATUSES, isOpenStatus } from "@assess/domain";
import type { Sql } from "../common/scope";

/** The statuses that close a task, from the domain's rule (isOpenStatus), as an SQL list. */
const CLOSED = TASK_STATUSES.filter((s) => !isOpenStatus(s))
  .map((s) => `'${s}'`)
  .join(",");

/** Task `t` is open: neither COMPLETED nor CANCELLED. */
export const openTask = (t = "t") => `${t}.status NOT IN (${CLOSED})`;

/**
 * Task `t` is overdue at `now`: open and past its due date. Task.overdue's rule in SQL, the one expression that the
 * lists' overdue filter and the dashboard's counts share.
 */
export const overdueTask = (now: Date, t = "t"): Sql => ({ sql: `(${openTask(t)} AND ${t}.due_at < ?)`, params: [now] });
