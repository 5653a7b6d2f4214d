import { TASK_ACTION_EVENTS, TaskEntity, recordWebhookEvents } from "@assess/data";
import {
  PROBLEM_MOVES,
  type Assigner,
  type ProblemMove,
  type Role,
  type TaskKind,
  type TaskStatus,
} from "@assess/domain";
import type { EntityManager } from "typeorm";
import { openTask } from "./task-lateness";

/** Writes of the task workflow that must be atomic and guarded; SQL lives here, not in the service. */
export class TaskRepository {
  constructor(private readonly m: EntityManager) {}

  /** The task, locked for the rest of the transaction. */
  lock(id: number): Promise<TaskEntity | null> {
    return this.m.getRepository(TaskEntity).findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
  }

  /**
   * Moves the task on only if nobody else did meanwhile: UPDATE … WHERE version = ?.
   * Returns false when the row had moved on (the caller answers CONFLICT).
   */
  async advance(id: number, version: number, changes: Partial<TaskEntity>): Promise<boolean> {
    const result = await this.m.getRepository(TaskEntity).update({ id, version }, { ...changes, version: version + 1 });
    return result.affected === 1;
  }

  async event(taskId: number, actorId: number | null, action: string, detail: string | null, at: Date): Promise<void> {
    await this.m.query("INSERT INTO task_event (task_id, at, actor_id, action, detail) VALUES (?, ?, ?, ?, ?)", [
      taskId,
      at,
      actorId,
      action,
      detail,
    ]);
    // What an integrator hears of: the step's webhook event, recorded in this transaction (the worker sends it).
    const event = TASK_ACTION_EVENTS[action];
    if (event) await recordWebhookEvents(this.m, event, "task", [taskId], at);
  }

  /** Locks the venue's row for the rest of the transaction (assignments of one venue take turns). */
  async lockVenue(venueId: number): Promise<void> {
    await this.m.query("SELECT id FROM venue WHERE id = ? FOR UPDATE", [venueId]);
  }

  /** The path of the user's venue's unit (venue staff), or of their unit; null for a user of neither. */
  async userUnitPath(user: { unitId: number | null; venueId: number | null }): Promise<string | null> {
    const rows: { path: string }[] = await this.m.query(
      "SELECT un.path FROM unit un WHERE un.id = COALESCE((SELECT v.unit_id FROM venue v WHERE v.id = ?), ?)",
      [user.venueId, user.unitId],
    );
    return rows[0]?.path ?? null;
  }

  /** Who assigned the task: their role and unit path, for the rule that a lower level does not manage it. */
  async assigner(task: { assignedById: number | null }): Promise<Assigner | null> {
    if (task.assignedById === null) return null;
    const rows: { role: Role; path: string | null }[] = await this.m.query(
      "SELECT u.role, un.path FROM user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = ?",
      [task.assignedById],
    );
    return rows[0] ? { userId: task.assignedById, role: rows[0].role, unitPath: rows[0].path } : null;
  }

  /** Whether the venue has an open task of this kind in the campaign. */
  async hasOpen(campaignId: number, venueId: number, kind: TaskKind): Promise<boolean> {
    const rows = await this.m.query(
      `SELECT 1 FROM task t WHERE t.venue_id = ? AND t.kind = ? AND t.campaign_id = ? AND ${openTask("t")} LIMIT 1`,
      [venueId, kind, campaignId],
    );
    return rows.length > 0;
  }

  /**
   * Moves problems one step of the domain's lifecycle (PROBLEM_MOVES); returns how many moved. Only problems in the
   * move's `from` statuses move; with `heldBy`, only those this rectification still holds (a problem reopened and taken
   * by a later one stays). A problem that a re-check sends back starts a new grace period (`open_since`); one whose
   * rectification is cancelled does not: cancelling buys no time.
   */
  async moveProblems(
    ids: number[],
    move: ProblemMove,
    now: Date,
    o: { heldBy?: number; set?: string; params?: unknown[] } = {},
  ): Promise<number> {
    if (!ids.length) return 0;
    const { from, to } = PROBLEM_MOVES[move];
    const reopened = move === "reopen" ? ", open_since = ?" : "";
    const held = o.heldBy === undefined ? "" : " AND rectification_task_id = ?";
    const result = await this.m.query(
      `UPDATE problem SET status = ?, version = version + 1${reopened}${o.set ? `, ${o.set}` : ""} WHERE id IN (?) AND status IN (?)${held}`,
      [to, ...(reopened ? [now] : []), ...(o.params ?? []), ids, from, ...(o.heldBy === undefined ? [] : [o.heldBy])],
    );
    const moved = result.affectedRows as number;
    const event = move === "resolve" ? "PROBLEM_RESOLVED" : move === "reopen" ? "PROBLEM_REOPENED" : null;
    if (event && moved) await recordWebhookEvents(this.m, event, "problem", ids, now);
    return moved;
  }

  /** A problem of these that an open re-check already carries, if any (a problem is re-checked once at a time). */
  async openRecheckOfProblems(ids: number[]): Promise<{ taskId: number; problemId: number } | null> {
    const rows: { task_id: number; problem_id: number }[] = await this.m.query(
      `SELECT tp.task_id, tp.problem_id FROM task_problem tp JOIN task rc ON rc.id = tp.task_id AND rc.kind = 'RECHECK' AND ${openTask("rc")}
       WHERE tp.problem_id IN (?) ORDER BY tp.problem_id LIMIT 1`,
      [ids],
    );
    return rows[0] ? { taskId: rows[0].task_id, problemId: rows[0].problem_id } : null;
  }

  /** The verdicts a submitted re-check recorded, by problem. */
  async verdictsOf(taskId: number): Promise<{ problemId: number; resolved: boolean | null; note: string | null }[]> {
    const rows: { problem_id: number; resolved: number | null; note: string | null }[] = await this.m.query(
      "SELECT problem_id, resolved, note FROM task_problem WHERE task_id = ? ORDER BY problem_id",
      [taskId],
    );
    return rows.map((r) => ({
      problemId: r.problem_id,
      resolved: r.resolved === null ? null : Number(r.resolved) === 1,
      note: r.note,
    }));
  }

  /** An open re-check carrying a problem that this rectification holds, if any. */
  async openRecheckOf(rectificationId: number): Promise<number | null> {
    const rows: { id: number }[] = await this.m.query(
      `SELECT rc.id FROM task_problem tp
       JOIN problem pr ON pr.id = tp.problem_id AND pr.rectification_task_id = ?
       JOIN task_problem rp ON rp.problem_id = pr.id AND rp.task_id <> tp.task_id
       JOIN task rc ON rc.id = rp.task_id AND rc.kind = 'RECHECK' AND ${openTask("rc")}
       WHERE tp.task_id = ? LIMIT 1`,
      [rectificationId, rectificationId],
    );
    return rows[0]?.id ?? null;
  }

  /** The task's saved findings in sheet order, each with how much evidence is attached (submission checks bonuses). */
  async sheetOf(
    taskId: number,
  ): Promise<{ indicatorCode: string; ruleCode: string; occurrences: number; evidenceCount: number }[]> {
    const rows: { indicator_code: string; rule_code: string; occurrences: number; evidence: number | string }[] =
      await this.m.query(
        `SELECT f.indicator_code, f.rule_code, f.occurrences,
              (SELECT COUNT(*) FROM evidence_link l WHERE l.owner_type = 'FINDING' AND l.owner_id = f.id) AS evidence
       FROM finding f WHERE f.task_id = ? ORDER BY f.position`,
        [taskId],
      );
    return rows.map((r) => ({
      indicatorCode: r.indicator_code,
      ruleCode: r.rule_code,
      occurrences: r.occurrences,
      evidenceCount: Number(r.evidence),
    }));
  }

  async problemIdsOf(taskId: number): Promise<number[]> {
    const rows: { problem_id: number }[] = await this.m.query(
      "SELECT problem_id FROM task_problem WHERE task_id = ? ORDER BY problem_id",
      [taskId],
    );
    return rows.map((r) => r.problem_id);
  }

  /**
   * Removes the task's findings and their evidence links. The rows are found first and deleted by primary key:
   * a DELETE by task_id would lock index gaps, and two assessors saving different sheets would deadlock.
   * (The task's row is locked by the caller, so nobody adds findings meanwhile.)
   */
  async clearSheet(taskId: number): Promise<void> {
    const findings: { id: number }[] = await this.m.query("SELECT id FROM finding WHERE task_id = ?", [taskId]);
    if (!findings.length) return;
    const ids = findings.map((f) => f.id);
    await this.m.query("DELETE FROM evidence_link WHERE owner_type = 'FINDING' AND owner_id IN (?)", [ids]);
    await this.m.query("DELETE FROM finding WHERE id IN (?)", [ids]);
  }

  async linkEvidence(
    ownerType: "FINDING" | "PROBLEM" | "TASK",
    pairs: { ownerId: number; evidenceIds: number[] }[],
    taskId: number,
  ): Promise<void> {
    const rows = pairs.flatMap((p) => p.evidenceIds.map((e) => [e, ownerType, p.ownerId, taskId]));
    if (rows.length)
      await this.m.query("INSERT IGNORE INTO evidence_link (evidence_id, owner_type, owner_id, task_id) VALUES ?", [
        rows,
      ]);
  }

  statusOf(t: TaskEntity): TaskStatus {
    return t.status as TaskStatus;
  }
}
