import { describe, expect, it } from "vitest";
import { PROBLEM_STATUSES, type ProblemStatus } from "./enums";
import {
  PROBLEM_MOVES,
  isLate,
  isOverdue,
  lateSince,
  moveProblem,
  problemLateSince,
  recurrenceOf,
  type DueTask,
} from "./lifecycle";

const DAY = 86_400_000;
const t0 = new Date("2024-06-01T00:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe("the problem lifecycle", () => {
  it("runs OPEN → RECTIFYING → AWAITING_RECHECK → RESOLVED, or back to OPEN", () => {
    let s: ProblemStatus = "OPEN";
    s = moveProblem(s, "rectify");
    expect(s).toBe("RECTIFYING");
    s = moveProblem(s, "submitRectification");
    expect(s).toBe("AWAITING_RECHECK");
    expect(moveProblem(s, "resolve")).toBe("RESOLVED");
    expect(moveProblem(s, "reopen")).toBe("OPEN");
    expect(moveProblem(s, "returnRectification")).toBe("RECTIFYING");
    expect(moveProblem("RECTIFYING", "cancelRectification")).toBe("OPEN");
  });

  it("refuses every other move with a CONFLICT naming the status; nothing leaves RESOLVED", () => {
    for (const [move, { from }] of Object.entries(PROBLEM_MOVES)) {
      for (const s of PROBLEM_STATUSES.filter((x) => !from.includes(x))) {
        expect(() => moveProblem(s, move as keyof typeof PROBLEM_MOVES)).toThrow(
          expect.objectContaining({ code: "CONFLICT", message: expect.stringContaining(s) }),
        );
      }
    }
    expect(Object.values(PROBLEM_MOVES).some((m) => m.from.includes("RESOLVED"))).toBe(false);
  });
});

describe("recurrence (相同问题反复出现, amended)", () => {
  it("counts only earlier problems of other tasks that were RESOLVED before this one was found", () => {
    const earlier = [
      { sourceTaskId: 1, resolvedAt: at(1) },
      { sourceTaskId: 2, resolvedAt: null },
      { sourceTaskId: 3, resolvedAt: at(10) },
      { sourceTaskId: 9, resolvedAt: at(1) },
    ];
    expect(recurrenceOf(at(5), earlier, 9)).toBe(1);
    expect(recurrenceOf(at(11), earlier, 9)).toBe(2);
    expect(recurrenceOf(at(0), earlier, 9)).toBe(0);
  });
});

const rect = (o: Partial<DueTask> = {}): DueTask => ({
  kind: "RECTIFICATION",
  status: "IN_PROGRESS",
  dueAt: at(10),
  completedAt: null,
  lateAt: null,
  ...o,
});

describe("overdue and late", () => {
  it("overdue: open and past the due date", () => {
    expect(isOverdue(rect(), at(11))).toBe(true);
    expect(isOverdue(rect(), at(10))).toBe(false);
    expect(isOverdue(rect({ status: "COMPLETED" }), at(11))).toBe(false);
    expect(isOverdue(rect({ status: "CANCELLED" }), at(11))).toBe(false);
  });

  it("late: became overdue, and stays late once recorded, whatever happens after", () => {
    expect(lateSince(rect(), at(11))).toEqual(at(10));
    expect(isLate(rect(), at(9))).toBe(false);
    expect(isLate(rect({ status: "COMPLETED", completedAt: at(9) }), at(20))).toBe(false);
    expect(isLate(rect({ status: "COMPLETED", completedAt: at(12) }), at(20))).toBe(true);
    // Cancelled or re-dated to 2099 after it became late: the record keeps it late.
    expect(isLate(rect({ status: "CANCELLED", lateAt: at(10) }), at(20))).toBe(true);
    expect(isLate(rect({ dueAt: new Date("2099-01-01T00:00:00Z"), lateAt: at(10) }), at(20))).toBe(true);
    // Cancelled before its due date: never late.
    expect(isLate(rect({ status: "CANCELLED" }), at(20))).toBe(false);
    // Only rectifications are late in the evaluation's sense.
    expect(lateSince(rect({ kind: "UNIFIED_ASSESSMENT" }), at(20))).toBeNull();
    // As of a moment before it was recorded late, it was not.
    expect(isLate(rect({ lateAt: at(10) }), at(9))).toBe(false);
  });

  it("a problem left OPEN without a rectification is late once the grace period has run out; recorded, it stays", () => {
    const p = { status: "OPEN" as const, openSince: at(0), lateAt: null };
    expect(problemLateSince(p, 15, at(15))).toBeNull();
    expect(problemLateSince(p, 15, at(16))).toEqual(at(15));
    expect(problemLateSince({ ...p, status: "RECTIFYING" }, 15, at(30))).toBeNull();
    expect(problemLateSince({ ...p, status: "RECTIFYING", lateAt: at(15) }, 15, at(30))).toEqual(at(15));
  });
});
