import type { TaskKind, TaskStatus } from "@assess/domain";
import type { Ids, RowSink } from "./bulk";
import type { Rng } from "./random";
import type { Sheet, SheetFinding } from "./sheets";
import { problemFindings, submittedComplete } from "./sheets";

/** The moments a task went through; which ones are set follows from its status. */
export interface Times {
  started?: Date;
  saved?: Date;
  submitted?: Date;
  returned?: Date;
  completed?: Date;
  cancelled?: Date;
}

export interface NewTask {
  campaignId: number;
  kind: TaskKind;
  status: TaskStatus;
  venueId: number | null;
  unitId: number;
  assigneeId: number;
  assignedById: number | null;
  assignedAt: Date;
  dueAt: Date;
  times: Times;
  rubricCode?: string | null;
  sheet?: Sheet | null;
  report?: string | null;
  cancelReason?: string | null;
  returnComment?: string | null;
  /** Escalations of an overdue rectification, level 1 then 2, as the worker's escalation job records them. */
  escalations?: Escalation[];
  /** The reminder 24 hours before the due date (escalation level 0). */
  reminded?: Escalation;
  /** Problems reported from an unannounced inspection (PROBLEM_REPORTED events). */
  reported?: { at: Date; detail: string }[];
}

export interface Escalation {
  at: Date;
  /** Who was notified (the county-level unit's managers at level 1, the city admins at level 2). */
  notify: number[];
  message: string;
}

/** ESCALATION_STEP_HOURS' default: the hours at level 1 before level 2. */
export const STEP_HOURS = 72;

export interface NewProblem {
  id: number;
  venueId: number;
  status: "OPEN" | "RECTIFYING" | "AWAITING_RECHECK" | "RESOLVED";
}

const between = (rng: Rng, from: Date, to: Date) =>
  new Date(from.getTime() + Math.floor(rng.next() * Math.max(0, to.getTime() - from.getTime())));

/**
 * Plausible moments for a task that reached `status` between `from` (assignment) and `to` (the last moment it may
 * have moved: its completion, or "now" for open work). Steps are in order and at least a minute apart.
 */
export function timesFor(rng: Rng, status: TaskStatus, from: Date, to: Date, scoring: boolean): Times {
  const steps = { ASSIGNED: 0, IN_PROGRESS: scoring ? 2 : 1, SUBMITTED: 3, RETURNED: 4, COMPLETED: 4, CANCELLED: 1 }[
    status
  ];
  const points = Array.from({ length: steps }, () => between(rng, new Date(from.getTime() + 60_000), to)).sort(
    (a, b) => a.getTime() - b.getTime(),
  );
  const [a, b, c, d] = points;
  switch (status) {
    case "ASSIGNED":
      return {};
    case "IN_PROGRESS":
      return scoring ? { started: a, saved: b } : { started: a };
    case "SUBMITTED":
      return { started: a, saved: scoring ? b : undefined, submitted: c };
    case "RETURNED":
      return { started: a, saved: scoring ? b : undefined, submitted: c, returned: d };
    case "COMPLETED":
      return { started: a, saved: scoring ? b : undefined, submitted: c, completed: d };
    case "CANCELLED":
      return { cancelled: a };
  }
}

/**
 * Writes tasks with the history the API would have recorded (task_event), their sheets (finding) and the problems
 * they found (problem), keeping ids explicit so that rectifications and re-checks can refer to them.
 */
export class Workbook {
  /** Problems so far per venue/indicator/rule, for `recurrence` (every earlier match counts). */
  /** Per venue, indicator and rule: the task whose problem is still unresolved, and how many were resolved before. */
  private readonly open = new Map<string, number>();
  private readonly resolved = new Map<string, number>();

  constructor(
    private readonly sink: RowSink,
    private readonly ids: Ids,
  ) {}

  /** The id the next task will get (the messages of its escalations name it). */
  nextTaskId(): number {
    return this.ids.peek("task");
  }

  task(t: NewTask): number {
    const id = this.ids.take("task");
    const events: [Date, number | null, string, string | null][] = [
      [t.assignedAt, t.assignedById, "ASSIGNED", `${t.kind} due ${t.dueAt.toISOString()}`],
    ];
    const { started, saved, submitted, returned, completed, cancelled } = t.times;
    if (started) events.push([started, t.assigneeId, "STARTED", null]);
    for (const r of t.reported ?? []) events.push([r.at, t.assigneeId, "PROBLEM_REPORTED", r.detail]);
    // A sheet that was submitted was saved complete (saveSheet): every indicator that applies marked examined.
    const examined = t.sheet && saved && submittedComplete(t.kind, t.status) ? t.sheet.examined : [];
    const marked = examined.length ? `, ${examined.length} of ${t.sheet!.deductionRows} indicators examined` : "";
    if (saved && t.sheet)
      events.push([
        saved,
        t.assigneeId,
        "FINDINGS_SAVED",
        `${t.sheet.findings.length} findings${marked}, total ${t.sheet.total}`,
      ]);
    if (submitted) events.push([submitted, t.assigneeId, "SUBMITTED", t.report ? t.report.slice(0, 200) : null]);
    if (returned) events.push([returned, t.assignedById, "RETURNED", t.returnComment ?? null]);
    if (completed) events.push([completed, t.assignedById, "APPROVED", null]);
    if (cancelled) events.push([cancelled, t.assignedById, "CANCELLED", t.cancelReason ?? null]);
    if (t.reminded) {
      const r = t.reminded;
      this.sink.push("escalation", [id, 0, r.at]);
      events.push([r.at, null, "REMINDED", `due ${t.dueAt.toISOString()}: reminded the assignee`]);
      for (const userId of r.notify) this.sink.push("notification", [userId, id, "REMINDER", r.message, null, r.at]);
    }
    const escalations = t.escalations ?? [];
    escalations.forEach((e, i) => {
      const level = i + 1;
      this.sink.push("escalation", [id, level, e.at]);
      const why =
        level === 1 ? `overdue since ${t.dueAt.toISOString()}` : `still overdue ${STEP_HOURS} h after level 1`;
      events.push([e.at, null, "ESCALATED", `level ${level}: ${why}; notified ${e.notify.length} user(s)`]);
      for (const userId of e.notify)
        this.sink.push("notification", [userId, id, `ESCALATION_${level}`, e.message, null, e.at]);
    });
    events.sort((a, b) => a[0].getTime() - b[0].getTime());
    for (const [at, actor, action, detail] of events) this.sink.push("task_event", [id, at, actor, action, detail]);
    const escalatedAt = escalations.length ? escalations[escalations.length - 1]!.at : null;
    const updatedAt = [...events.map((e) => e[0]), ...(escalatedAt ? [escalatedAt] : [])].reduce((m, at) =>
      at > m ? at : m,
    );
    // Every transition and every save bumps the version; assignment, reported problems and escalations do not.
    const version =
      1 + events.filter(([, , action]) => !["ASSIGNED", "PROBLEM_REPORTED", "ESCALATED"].includes(action)).length;
    this.sink.push("task", [
      id,
      t.campaignId,
      t.kind,
      t.status,
      t.venueId,
      t.unitId,
      t.assigneeId,
      t.assignedById,
      t.dueAt,
      escalations.length,
      escalatedAt,
      t.rubricCode ?? null,
      t.sheet && saved ? t.sheet.total : null,
      examined.join(","),
      t.report ?? null,
      t.cancelReason ?? null,
      version,
      completed ?? null,
      t.assignedAt,
      updatedAt,
    ]);
    if (t.sheet && saved)
      t.sheet.findings.forEach((f, i) =>
        this.sink.push("finding", [id, i, f.indicatorCode, f.ruleCode, f.occurrences, null, f.deduction]),
      );
    return id;
  }

  /**
   * The problems a completed scoring task leaves (one per deduction finding), or those an inspection reported.
   * `status` decides where each one stands now; `rectificationOf` which rectification holds it.
   */
  problems(
    campaignId: number,
    sourceTaskId: number,
    sourceKind: TaskKind,
    venueId: number,
    findings: readonly SheetFinding[],
    at: Date,
  ): (NewProblem & {
    finding: SheetFinding;
    recurrence: number;
    createdAt: Date;
    sourceKind: TaskKind;
    campaignId: number;
    sourceTaskId: number;
  })[] {
    // As the API does (contract, amended): a rule found while another task's problem of it is unresolved is that
    // problem found again, no new one; a recurrence counts the earlier ones resolved; a sheet's findings never count
    // against each other.
    return findings.flatMap((f) => {
      const key = `${venueId}|${f.indicatorCode}|${f.ruleCode}`;
      const holder = this.open.get(key);
      if (holder !== undefined && holder !== sourceTaskId) return [];
      this.open.set(key, sourceTaskId);
      const recurrence = this.resolved.get(key) ?? 0;
      return [
        {
          id: this.ids.take("problem"),
          venueId,
          status: "OPEN" as const,
          finding: f,
          recurrence,
          createdAt: at,
          sourceKind,
          campaignId,
          sourceTaskId,
        },
      ];
    });
  }

  /** Writes a problem row once its story (rectification, re-checks) is known. */
  writeProblem(
    p: ReturnType<Workbook["problems"]>[number],
    state: {
      status: NewProblem["status"];
      failedRechecks: number;
      rectificationTaskId: number | null;
      resolvedAt: Date | null;
      updatedAt: Date;
      version: number;
      /** When it became OPEN again after a failed re-check; default when it was found. */
      openSince?: Date;
    },
  ): void {
    if (state.status === "RESOLVED") {
      const key = `${p.venueId}|${p.finding.indicatorCode}|${p.finding.ruleCode}`;
      if (this.open.get(key) === p.sourceTaskId) this.open.delete(key);
      this.resolved.set(key, (this.resolved.get(key) ?? 0) + 1);
    }
    this.sink.push("problem", [
      p.id,
      p.campaignId,
      p.venueId,
      p.sourceTaskId,
      p.sourceKind,
      p.finding.indicatorCode,
      p.finding.ruleCode,
      p.finding.occurrences,
      p.finding.text,
      state.status,
      p.recurrence,
      state.failedRechecks,
      state.rectificationTaskId,
      state.resolvedAt,
      state.version,
      p.createdAt,
      state.updatedAt,
      state.openSince ?? p.createdAt,
    ]);
  }

  /** The problems a task carries (rectification, re-check), with a re-check's verdict once given. */
  carry(taskId: number, problemIds: readonly number[], verdicts?: ReadonlyMap<number, boolean>): void {
    for (const id of problemIds) {
      const v = verdicts?.get(id);
      this.sink.push("task_problem", [
        taskId,
        id,
        v === undefined ? null : v ? 1 : 0,
        v === false ? "整改不到位，需重新整改" : null,
      ]);
    }
  }
}

export { problemFindings };
