import type { ProblemStatus, TaskKind, TaskStatus } from "./enums";
import { isOpenStatus } from "./enums";
import { conflict } from "./errors";

/**
 * The problem lifecycle (contract, Workflow; plan 五(二)、六(三)): a problem found is OPEN; a rectification takes
 * it (RECTIFYING); the rectification's submission hands it to the re-check (AWAITING_RECHECK); the re-check's
 * verdict, once the re-check is approved, resolves it (RESOLVED) or sends it back (OPEN, 整改不到位).
 */
export type ProblemMove =
  /** A RECTIFICATION is assigned with the problem. */
  | "rectify"
  /** The rectification is submitted. */
  | "submitRectification"
  /** The rectification's submission is returned. */
  | "returnRectification"
  /** The rectification is cancelled: the problem waits for another one; its grace period still runs from when it was found. */
  | "cancelRectification"
  /** An approved re-check found it rectified. */
  | "resolve"
  /** An approved re-check found it not rectified (整改不到位): a new grace period starts. */
  | "reopen";

export const PROBLEM_MOVES: Record<ProblemMove, { from: readonly ProblemStatus[]; to: ProblemStatus }> = {
  rectify: { from: ["OPEN"], to: "RECTIFYING" },
  submitRectification: { from: ["RECTIFYING"], to: "AWAITING_RECHECK" },
  returnRectification: { from: ["AWAITING_RECHECK"], to: "RECTIFYING" },
  cancelRectification: { from: ["RECTIFYING", "AWAITING_RECHECK"], to: "OPEN" },
  resolve: { from: ["AWAITING_RECHECK"], to: "RESOLVED" },
  reopen: { from: ["AWAITING_RECHECK"], to: "OPEN" },
};

/** The status after `move`, or a CONFLICT naming the status the problem is in. */
export function moveProblem(status: ProblemStatus, move: ProblemMove): ProblemStatus {
  const m = PROBLEM_MOVES[move];
  if (!m.from.includes(status))
    throw conflict(`a problem that is ${status} cannot ${move} (allowed from ${m.from.join(", ")})`, "problemIds");
  return m.to;
}

/** The status a problem must have to be put on a task of this kind: a rectification takes OPEN ones, a re-check AWAITING_RECHECK ones. */
export const problemStatusFor = (kind: "RECTIFICATION" | "RECHECK"): ProblemStatus =>
  kind === "RECTIFICATION" ? "OPEN" : "AWAITING_RECHECK";

/** A problem is unresolved until a re-check's verdict resolves it: finding its rule again then is no recurrence. */
export const isUnresolved = (s: ProblemStatus) => s !== "RESOLVED";

/**
 * 相同问题反复出现 (contract, amended): a problem found at `foundAt` recurs once per earlier problem of the same
 * venue, indicator and rule that had been RESOLVED before it; findings of one sheet never count against each other.
 */
export function recurrenceOf(
  foundAt: Date,
  earlier: readonly { sourceTaskId: number; resolvedAt: Date | null }[],
  sourceTaskId: number,
): number {
  return earlier.filter(
    (e) => e.sourceTaskId !== sourceTaskId && e.resolvedAt !== null && e.resolvedAt.getTime() < foundAt.getTime(),
  ).length;
}

// ——— Overdue and late: the one definition of each ———

export interface DueTask {
  kind: TaskKind;
  status: TaskStatus;
  dueAt: Date;
  completedAt: Date | null;
  /** When it was recorded late (a rectification that became overdue), or null. */
  lateAt: Date | null;
}

/** Task.overdue (contract): `dueAt` has passed and the task is neither COMPLETED nor CANCELLED. */
export const isOverdue = (t: Pick<DueTask, "status" | "dueAt">, now: Date): boolean =>
  isOpenStatus(t.status) && t.dueAt.getTime() < now.getTime();

/** Kinds whose lateness counts in the annual evaluation (敷衍推诿): rectifications. */
export const LATE_KINDS: readonly TaskKind[] = ["RECTIFICATION"];

/**
 * The moment a rectification became late, once it has: its recorded `lateAt`, or its due date when it is overdue at
 * `now` or was completed after it. Cancelling, re-dating or reassigning it keeps what was recorded: the caller stores
 * this before any such change (the API's keepLateness).
 */
export function lateSince(t: DueTask, now: Date): Date | null {
  if (!LATE_KINDS.includes(t.kind)) return null;
  if (t.lateAt) return t.lateAt;
  if (t.status === "CANCELLED") return null;
  const due = t.dueAt.getTime();
  if (due >= now.getTime()) return null;
  return t.completedAt === null || t.completedAt.getTime() > due ? t.dueAt : null;
}

/** Counted late by an evaluation as of `asOf`. */
export const isLate = (t: DueTask, asOf: Date): boolean => {
  const since = lateSince(t, asOf);
  return since !== null && since.getTime() <= asOf.getTime();
};

/** The policy's grace for a problem left OPEN without a rectification (default 15 days). */
export const DEFAULT_GRACE_DAYS = 15;

/**
 * 敷衍推诿 of an unassigned problem: left OPEN since `openSince` with no rectification for longer than `graceDays`. It
 * counts like an overdue rectification from the moment the grace ran out; once recorded (`lateAt`), it stays.
 */
export function problemLateSince(
  p: { status: ProblemStatus; openSince: Date; lateAt: Date | null },
  graceDays: number,
  now: Date,
): Date | null {
  if (p.lateAt) return p.lateAt;
  if (p.status !== "OPEN") return null;
  const end = new Date(p.openSince.getTime() + graceDays * 86_400_000);
  return end.getTime() < now.getTime() ? end : null;
}
