import { isRetryableTransactionError, openTask, overdueTask, recordWebhookEvents } from "@assess/data";
import { countyLevelId } from "@assess/domain";
import type { DataSource, EntityManager } from "typeorm";
import { escalationMessage, reminderMessage, type TaskFacts } from "./messages";
import { escalateUnassignedProblems } from "./problem-escalation";

export interface EscalationSettings {
  /** ESCALATION_EVERY: a task moves up at most one level per interval. */
  everyMs: number;
  /** ESCALATION_STEP_HOURS: time at level 1 before level 2. */
  stepHours: number;
  /** How long before the due date the assignee is reminded. */
  remindHours?: number;
}

export interface EscalationResult {
  at: string;
  reminded: number;
  escalated: { level1: number; level2: number };
  /** Problems left OPEN without a rectification past the policy's grace period (敷衍推诿), escalated like overdue rectifications. */
  problems: { level1: number; level2: number };
  notifications: number;
}

/** Kinds that are escalated and reminded: the plan presses on rectifications (整改落实). */
const KINDS = ["RECTIFICATION"];
const OPEN = openTask("t");
/** Overdue at the step's `now` (its first parameter): the domain's rule, as libs/data writes it for everyone. */
const OVERDUE = overdueTask(new Date(0), "t").sql;
/**
 * Tasks per transaction. Each chunk costs a commit (a log flush) and a fixed set of statements (lock, key, level,
 * facts, recipients, history, notifications) whatever its size: 5,000 a chunk keeps a scan of 10,000 overdue tasks to
 * two of them (the bench compares it with set-based SQL of the same writes), while a transaction still locks only a
 * few thousand task rows for a fraction of a second.
 */
const CHUNK = 5000;

interface Step {
  level: 0 | 1 | 2;
  /** Which tasks qualify at `now`; re-checked under lock inside the transaction. */
  where: string;
  params: (now: Date, s: Required<EscalationSettings>) => unknown[];
}

const STEPS: Step[] = [
  // Level 2 first, so a task never takes two steps in one run (level 1 also stamps escalated_at = now).
  {
    level: 2,
    where: `t.escalation_level = 1 AND ${OVERDUE} AND t.escalated_at <= ?`,
    params: (now, s) => [now, new Date(now.getTime() - Math.max(s.stepHours * 3_600_000, s.everyMs))],
  },
  {
    level: 1,
    where: `t.escalation_level = 0 AND ${OVERDUE} AND (t.escalated_at IS NULL OR t.escalated_at <= ?)`,
    params: (now, s) => [now, new Date(now.getTime() - s.everyMs)],
  },
  {
    level: 0,
    where: `t.due_at > ? AND t.due_at <= ? AND ${OPEN} AND NOT EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = t.id AND e.level = 0)`,
    params: (now, s) => [now, new Date(now.getTime() + s.remindHours * 3_600_000)],
  },
];

/**
 * One escalation scan at `now`. Each step of a task is one row of `escalation` with the unique key (task, level);
 * the row, the task's new level, its history event and the notifications are written in one transaction, and only
 * a row actually inserted produces the rest. Two workers, a retried job or a re-run therefore never escalate twice.
 */
export async function runEscalation(
  ds: DataSource,
  now: Date,
  settings: EscalationSettings,
): Promise<EscalationResult> {
  const s = { remindHours: 24, ...settings };
  const result: EscalationResult = {
    at: now.toISOString(),
    reminded: 0,
    escalated: { level1: 0, level2: 0 },
    problems: { level1: 0, level2: 0 },
    notifications: 0,
  };
  for (const step of STEPS) {
    const candidates: { id: number }[] = await ds.query(
      `SELECT t.id FROM task t WHERE t.kind IN (?) AND ${step.where} ORDER BY t.id`,
      [KINDS, ...step.params(now, s)],
    );
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const ids = candidates.slice(i, i + CHUNK).map((c) => c.id);
      const done = await withDeadlockRetry(() => ds.transaction((m) => applyStep(m, step, ids, now, s)));
      if (step.level === 0) result.reminded += done.tasks;
      else result.escalated[step.level === 1 ? "level1" : "level2"] += done.tasks;
      result.notifications += done.notifications;
    }
  }
  const problems = await escalateUnassignedProblems(ds, now, s);
  result.problems = { level1: problems.level1, level2: problems.level2 };
  result.notifications += problems.notifications;
  return result;
}

async function applyStep(m: EntityManager, step: Step, ids: number[], now: Date, s: Required<EscalationSettings>) {
  // Lock the tasks and check again: another worker may have moved them on since the candidates were read.
  const locked: { id: number }[] = await m.query(
    `SELECT t.id FROM task t WHERE t.id IN (?) AND t.kind IN (?) AND ${step.where} ORDER BY t.id FOR UPDATE`,
    [ids, KINDS, ...step.params(now, s)],
  );
  if (!locked.length) return { tasks: 0, notifications: 0 };
  // One statement for the chunk: MariaDB's RETURNING names exactly the rows this run inserted (the ones it won).
  const inserted: { task_id: number }[] = await m.query(
    "INSERT IGNORE INTO escalation (task_id, level, at) VALUES ? RETURNING task_id",
    [locked.map((t) => [t.id, step.level, now])],
  );
  const won = inserted.map((r) => r.task_id).sort((a, b) => a - b);
  if (!won.length) return { tasks: 0, notifications: 0 };
  if (step.level > 0) {
    // Overdue now: the rectification became late at its due date (the domain's lateSince), recorded so that it stays.
    await m.query(
      "UPDATE task SET escalation_level = ?, escalated_at = ?, late_at = COALESCE(late_at, due_at) WHERE id IN (?) AND escalation_level = ?",
      [step.level, now, won, step.level - 1],
    );
  }
  const facts = await factsOf(m, won);
  const recipients = await recipientsOf(m, step.level, facts);
  const events = facts.map((f) => [
    f.id,
    now,
    null,
    step.level === 0 ? "REMINDED" : "ESCALATED",
    step.level === 0
      ? `due ${f.dueAt.toISOString()}: reminded the assignee`
      : `level ${step.level}: ${step.level === 1 ? `overdue since ${f.dueAt.toISOString()}` : `still overdue ${s.stepHours} h after level 1`}; notified ${recipients.get(f.id)?.length ?? 0} user(s)`,
  ]);
  await m.query("INSERT INTO task_event (task_id, at, actor_id, action, detail) VALUES ?", [events]);
  if (step.level > 0) await recordWebhookEvents(m, "TASK_ESCALATED", "task", won, now);
  const kind = step.level === 0 ? "REMINDER" : `ESCALATION_${step.level}`;
  const notes = facts.flatMap((f) => {
    const text = step.level === 0 ? reminderMessage(f) : escalationMessage(f, step.level);
    return (recipients.get(f.id) ?? []).map((userId) => [userId, f.id, kind, text, now]);
  });
  if (notes.length)
    await m.query("INSERT INTO notification (user_id, task_id, kind, message, created_at) VALUES ?", [notes]);
  return { tasks: won.length, notifications: notes.length };
}

export interface Facts extends TaskFacts {
  assigneeId: number;
  unitPath: string | null;
}

async function factsOf(m: EntityManager, ids: number[]): Promise<Facts[]> {
  const rows: {
    id: number;
    due_at: Date;
    assignee_id: number;
    venue_name: string | null;
    unit_name: string | null;
    path: string | null;
  }[] = await m.query(
    `SELECT t.id, t.due_at, t.assignee_id, v.name AS venue_name, u.name AS unit_name, u.path
     FROM task t LEFT JOIN venue v ON v.id = t.venue_id LEFT JOIN unit u ON u.id = t.unit_id WHERE t.id IN (?) ORDER BY t.id`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    dueAt: new Date(r.due_at),
    assigneeId: r.assignee_id,
    venueName: r.venue_name,
    unitName: r.unit_name,
    unitPath: r.path,
  }));
}

/**
 * Who hears of each step: a reminder goes to the assignee; level 1 to the managers of the task's district or
 * department (the county-level unit of its path), or to the city admins when that unit has none (a city-level venue);
 * level 2 to every active city admin.
 */
export async function recipientsOf(m: EntityManager, level: number, facts: Facts[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (level === 0) {
    const active: { id: number }[] = await m.query("SELECT id FROM user WHERE id IN (?) AND active = 1", [
      facts.map((f) => f.assigneeId),
    ]);
    const ok = new Set(active.map((u) => u.id));
    for (const f of facts) out.set(f.id, ok.has(f.assigneeId) ? [f.assigneeId] : []);
    return out;
  }
  const admins = (
    (await m.query("SELECT id FROM user WHERE role = 'CITY_ADMIN' AND active = 1 ORDER BY id")) as { id: number }[]
  ).map((u) => u.id);
  if (level === 2) {
    for (const f of facts) out.set(f.id, admins);
    return out;
  }
  const county = new Map(facts.map((f) => [f.id, f.unitPath ? countyLevelId(f.unitPath) : undefined]));
  const unitIds = [...new Set([...county.values()].filter((u): u is number => u !== undefined))];
  const managers: { id: number; unit_id: number }[] = unitIds.length
    ? await m.query(
        "SELECT id, unit_id FROM user WHERE role = 'UNIT_MANAGER' AND active = 1 AND unit_id IN (?) ORDER BY id",
        [unitIds],
      )
    : [];
  for (const f of facts) {
    const mine = managers.filter((u) => u.unit_id === county.get(f.id)).map((u) => u.id);
    out.set(f.id, mine.length ? mine : admins);
  }
  return out;
}

/**
 * InnoDB may pick this transaction as a deadlock victim (with a user's transaction), or Galera refuse it at
 * certification; the whole chunk is simply redone.
 */
export async function withDeadlockRetry<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || !isRetryableTransactionError(e)) throw e;
    }
  }
}
