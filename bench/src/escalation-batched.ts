import type { DataSource, EntityManager } from "typeorm";
import { escalationMessage } from "../../apps/worker/dist/escalation/messages";

/**
 * What would close the escalation gap, measured rather than guessed: the worker's level-1 step with the same
 * writes and the same idempotency key, but set-based — one multi-row `INSERT IGNORE … RETURNING task_id` per
 * chunk of 1,000 tasks tells which tasks this run won, instead of one INSERT per task. A prototype for the
 * benchmark only (level 1, the step the benchmark exercises), not the product's code.
 */
export async function escalateBatched(ds: DataSource, now: Date, everyMs: number, chunk = 1000): Promise<{ tasks: number; notifications: number }> {
  const where = "t.kind = 'RECTIFICATION' AND t.escalation_level = 0 AND t.due_at < ? AND (t.escalated_at IS NULL OR t.escalated_at <= ?) AND t.status NOT IN ('COMPLETED','CANCELLED')";
  const params = [now, new Date(now.getTime() - everyMs)];
  const candidates: { id: number }[] = await ds.query(`SELECT t.id FROM task t WHERE ${where} ORDER BY t.id`, params);
  let tasks = 0;
  let notifications = 0;
  for (let i = 0; i < candidates.length; i += chunk) {
    const ids = candidates.slice(i, i + chunk).map((c) => c.id);
    const done = await ds.transaction((m) => step(m, ids, where, params, now));
    tasks += done.tasks;
    notifications += done.notifications;
  }
  return { tasks, notifications };
}

async function step(m: EntityManager, ids: number[], where: string, params: unknown[], now: Date) {
  const locked: { id: number }[] = await m.query(`SELECT t.id FROM task t WHERE t.id IN (?) AND ${where} ORDER BY t.id FOR UPDATE`, [ids, ...params]);
  if (!locked.length) return { tasks: 0, notifications: 0 };
  const won: { task_id: number }[] = await m.query("INSERT IGNORE INTO escalation (task_id, level, at) VALUES ? RETURNING task_id", [locked.map((t) => [t.id, 1, now])]);
  if (!won.length) return { tasks: 0, notifications: 0 };
  const wonIds = won.map((w) => w.task_id);
  await m.query("UPDATE task SET escalation_level = 1, escalated_at = ? WHERE id IN (?) AND escalation_level = 0", [now, wonIds]);
  const facts: { id: number; due_at: Date; venue_name: string | null; unit_name: string | null; county: number | null }[] = await m.query(
    `SELECT t.id, t.due_at, v.name AS venue_name, u.name AS unit_name, CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(u.path, '/', 3), '/', -1) AS UNSIGNED) AS county
     FROM task t LEFT JOIN venue v ON v.id = t.venue_id LEFT JOIN unit u ON u.id = t.unit_id WHERE t.id IN (?) ORDER BY t.id`,
    [wonIds],
  );
  const admins = ((await m.query("SELECT id FROM user WHERE role = 'CITY_ADMIN' AND active = 1 ORDER BY id")) as { id: number }[]).map((u) => u.id);
  const counties = [...new Set(facts.map((f) => Number(f.county)).filter((c) => c > 0))];
  const managers: { id: number; unit_id: number }[] = counties.length
    ? await m.query("SELECT id, unit_id FROM user WHERE role = 'UNIT_MANAGER' AND active = 1 AND unit_id IN (?) ORDER BY id", [counties])
    : [];
  const byCounty = new Map<number, number[]>();
  for (const u of managers) byCounty.set(u.unit_id, [...(byCounty.get(u.unit_id) ?? []), u.id]);
  const recipients = (f: (typeof facts)[number]) => byCounty.get(Number(f.county)) ?? admins;
  await m.query("INSERT INTO task_event (task_id, at, actor_id, action, detail) VALUES ?", [
    facts.map((f) => [f.id, now, null, "ESCALATED", `level 1: overdue since ${new Date(f.due_at).toISOString()}; notified ${recipients(f).length} user(s)`]),
  ]);
  const notes = facts.flatMap((f) => {
    const text = escalationMessage({ id: f.id, dueAt: new Date(f.due_at), venueName: f.venue_name, unitName: f.unit_name }, 1);
    return recipients(f).map((userId) => [userId, f.id, "ESCALATION_1", text, now]);
  });
  if (notes.length) await m.query("INSERT INTO notification (user_id, task_id, kind, message, created_at) VALUES ?", [notes]);
  return { tasks: wonIds.length, notifications: notes.length };
}
