import type { DataSource } from "typeorm";
import { runEscalation } from "../../apps/worker/dist/escalation/escalation.service";
import { timed, type BenchContext } from "./lib/context";
import { fmt, median, ratio, verdict, type Report } from "./lib/report";

const DAY = 86_400_000;

/**
 * Makes the campaign hold exactly `total` RECTIFICATION tasks, `overdue` of them open and two days past due at level 0,
 * every other one completed: existing rectifications are closed, more are added (one per venue, to its staff).
 */
async function prepare(ds: DataSource, campaignId: number, adminId: number, total: number, overdue: number, now: Date): Promise<void> {
  await ds.query("DELETE FROM escalation");
  await ds.query(
    "UPDATE task SET status = 'COMPLETED', completed_at = COALESCE(completed_at, due_at - INTERVAL 1 DAY), escalation_level = 0, escalated_at = NULL WHERE kind = 'RECTIFICATION'",
  );
  for (;;) {
    const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM task WHERE kind = 'RECTIFICATION'");
    const missing = total - Number(n);
    if (missing <= 0) break;
    await ds.query(
      `INSERT INTO task (campaign_id, kind, status, venue_id, unit_id, assignee_id, assigned_by_id, due_at, escalation_level, version, completed_at, created_at, updated_at)
       SELECT ?, 'RECTIFICATION', 'COMPLETED', v.id, v.unit_id, s.id, ?, ?, 0, 4, ?, ?, ?
       FROM venue v JOIN user s ON s.venue_id = v.id AND s.role = 'VENUE_STAFF' ORDER BY v.id LIMIT ?`,
      [campaignId, adminId, new Date(now.getTime() - 30 * DAY), new Date(now.getTime() - 40 * DAY), new Date(now.getTime() - 70 * DAY), now, missing],
    );
  }
  const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM task WHERE kind = 'RECTIFICATION'");
  if (Number(n) > total) throw new Error(`there are already ${n} rectifications, more than the ${total} asked for`);
  const every = Math.max(1, Math.floor(total / overdue));
  await ds.query(
    `UPDATE task t JOIN (
       SELECT id FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM task WHERE kind = 'RECTIFICATION') x WHERE MOD(x.rn, ?) = 0 ORDER BY id LIMIT ?
     ) pick ON pick.id = t.id
     SET t.status = 'IN_PROGRESS', t.completed_at = NULL, t.due_at = ?`,
    [every, overdue, new Date(now.getTime() - 2 * DAY)],
  );
}

/**
 * The worker's escalation scan (runEscalation, in this process, as the BullMQ job runs it) against one
 * UPDATE … WHERE that raises the same tasks to level 1; the tasks are put back to level 0 between runs.
 */
export async function escalationBench(ctx: BenchContext, total: number, overdue: number): Promise<Report> {
  const { ds } = ctx;
  const now = new Date();
  await prepare(ds, ctx.campaignId, ctx.admin.userId, total, overdue, now);
  const [{ due }] = await ds.query("SELECT COUNT(*) AS due FROM task WHERE kind = 'RECTIFICATION' AND status NOT IN ('COMPLETED','CANCELLED') AND due_at < ?", [now]);
  if (Number(due) !== overdue) throw new Error(`${due} overdue rectifications instead of ${overdue}`);
  const [{ e0 }] = await ds.query("SELECT COALESCE(MAX(id), 0) AS e0 FROM task_event");
  const [{ n0 }] = await ds.query("SELECT COALESCE(MAX(id), 0) AS n0 FROM notification");
  const reset = async () => {
    await ds.query("DELETE FROM escalation");
    await ds.query("DELETE FROM task_event WHERE id > ?", [e0]);
    await ds.query("DELETE FROM notification WHERE id > ?", [n0]);
    await ds.query("UPDATE task SET escalation_level = 0, escalated_at = NULL WHERE kind = 'RECTIFICATION' AND escalation_level > 0");
  };
  const worker: number[] = [];
  const baseline: number[] = [];
  let notifications = 0;
  for (let r = 0; r < ctx.rounds; r++) {
    await reset();
    const w = await timed(() => runEscalation(ds, now, { everyMs: 15 * 60_000, stepHours: 72 }));
    if (w.value.escalated.level1 !== overdue) throw new Error(`the scan escalated ${w.value.escalated.level1} tasks, not ${overdue}`);
    notifications = w.value.notifications;
    worker.push(w.ms);
    await reset();
    const b = await timed(() =>
      ds.query(
        "UPDATE task SET escalation_level = 1, escalated_at = ? WHERE kind = 'RECTIFICATION' AND status NOT IN ('COMPLETED','CANCELLED') AND due_at < ? AND escalation_level = 0",
        [now, now],
      ),
    );
    if (b.value.affectedRows !== overdue) throw new Error(`the UPDATE changed ${b.value.affectedRows} rows, not ${overdue}`);
    baseline.push(b.ms);
  }
  await reset();
  const w = median(worker);
  const b = median(baseline);
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join("/");
  ctx.log(`escalation: scan ${list(worker)} ms; UPDATE ${list(baseline)} ms`);
  return {
    title: `Escalation scan: ${total.toLocaleString("en-US")} rectification tasks, ${overdue.toLocaleString("en-US")} of them overdue`,
    goal: "time ≤ 3× one SQL UPDATE … WHERE",
    columns: ["rectifications", "overdue", "scan s", "UPDATE s", "ratio", "≤ 3×", "rows written by the scan"],
    rows: [[fmt(total), fmt(overdue), fmt(w / 1000), fmt(b / 1000), ratio(w / b), verdict(w / b <= 3), fmt(3 * overdue + notifications)]],
    notes: [
      `For each overdue task the scan writes an escalation row (its idempotency key (task, level)), the task's new level, a history event and the notifications (${fmt(notifications)} in all, to the district managers), chunk by chunk in transactions; the UPDATE writes the ${fmt(overdue)} tasks' level only. Medians of ${ctx.rounds} rounds, tasks reset to level 0 between runs.`,
    ],
  };
}
