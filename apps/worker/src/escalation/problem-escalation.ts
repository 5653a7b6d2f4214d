import { parsePolicy, problemLateSince, type ProblemStatus } from "@assess/domain";
import type { DataSource, EntityManager } from "typeorm";
import { recipientsOf, withDeadlockRetry, type EscalationSettings, type Facts } from "./escalation.service";
import { problemEscalationMessage } from "./messages";

interface Candidate {
  id: number;
  status: ProblemStatus;
  open_since: Date;
  late_at: Date | null;
  venue_name: string | null;
  unit_name: string | null;
  path: string | null;
}

/**
 * 敷衍推诿 of a problem (issue 9): left OPEN with no rectification past its campaign's grace period (policy graceDays),
 * it is escalated as an overdue rectification is: level 1 to the district's or department's managers, level 2 to the
 * city one step interval later; its lateness is recorded when it is first escalated and stays. Each step is one row
 * of `problem_escalation` (primary key problem, level): a re-run or a second worker never escalates twice.
 */
export async function escalateUnassignedProblems(
  ds: DataSource,
  now: Date,
  s: Required<EscalationSettings>,
): Promise<{ level1: number; level2: number; notifications: number }> {
  const out = { level1: 0, level2: 0, notifications: 0 };
  const campaigns: { id: number; evaluation_policy: unknown }[] = await ds.query(
    "SELECT id, evaluation_policy FROM campaign ORDER BY id",
  );
  for (const c of campaigns) {
    const stored = typeof c.evaluation_policy === "string" ? JSON.parse(c.evaluation_policy) : c.evaluation_policy;
    const graceDays = parsePolicy(stored ?? {}).graceDays;
    const cutoff = new Date(now.getTime() - graceDays * 86_400_000);
    for (const level of [2, 1] as const) {
      // Level 2 first, so that a problem never takes two steps in one run.
      const where = level === 1 ? "pr.escalation_level = 0" : "pr.escalation_level = 1 AND pr.escalated_at <= ?";
      const params = level === 1 ? [] : [new Date(now.getTime() - Math.max(s.stepHours * 3_600_000, s.everyMs))];
      const sql = `SELECT pr.id, pr.status, pr.open_since, pr.late_at, v.name AS venue_name, u.name AS unit_name, u.path
        FROM problem pr JOIN venue v ON v.id = pr.venue_id JOIN unit u ON u.id = v.unit_id
        WHERE pr.campaign_id = ? AND pr.status = 'OPEN' AND pr.open_since < ? AND ${where} ORDER BY pr.id`;
      const candidates: { id: number }[] = await ds.query(sql, [c.id, cutoff, ...params]);
      for (let i = 0; i < candidates.length; i += 1000) {
        const ids = candidates.slice(i, i + 1000).map((x) => x.id);
        const done = await withDeadlockRetry(() =>
          ds.transaction(async (m) => {
            const locked: Candidate[] = await m.query(
              `${sql.replace("ORDER BY pr.id", "AND pr.id IN (?) ORDER BY pr.id")} FOR UPDATE`,
              [c.id, cutoff, ...params, ids],
            );
            return step(m, level, locked, now, graceDays);
          }),
        );
        out[level === 1 ? "level1" : "level2"] += done.problems;
        out.notifications += done.notifications;
      }
    }
  }
  return out;
}

async function step(
  m: EntityManager,
  level: 1 | 2,
  locked: Candidate[],
  now: Date,
  graceDays: number,
): Promise<{ problems: number; notifications: number }> {
  if (!locked.length) return { problems: 0, notifications: 0 };
  const inserted: { problem_id: number }[] = await m.query(
    "INSERT IGNORE INTO problem_escalation (problem_id, level, at) VALUES ? RETURNING problem_id",
    [locked.map((p) => [p.id, level, now])],
  );
  const won = new Set(inserted.map((r) => r.problem_id));
  const mine = locked.filter((p) => won.has(p.id));
  if (!mine.length) return { problems: 0, notifications: 0 };
  for (const p of mine) {
    const lateAt = problemLateSince(
      { status: p.status, openSince: new Date(p.open_since), lateAt: p.late_at ? new Date(p.late_at) : null },
      graceDays,
      now,
    );
    await m.query(
      "UPDATE problem SET escalation_level = ?, escalated_at = ?, late_at = COALESCE(late_at, ?) WHERE id = ?",
      [level, now, lateAt, p.id],
    );
  }
  const facts: Facts[] = mine.map((p) => ({
    id: p.id,
    dueAt: now,
    assigneeId: 0,
    venueName: p.venue_name,
    unitName: p.unit_name,
    unitPath: p.path,
  }));
  const recipients = await recipientsOf(m, level, facts);
  const notes = mine.flatMap((p) => {
    const text = problemEscalationMessage(
      { id: p.id, venueName: p.venue_name, unitName: p.unit_name, openSince: new Date(p.open_since), graceDays },
      level,
    );
    return (recipients.get(p.id) ?? []).map((userId) => [userId, null, p.id, `PROBLEM_ESCALATION_${level}`, text, now]);
  });
  if (notes.length)
    await m.query("INSERT INTO notification (user_id, task_id, problem_id, kind, message, created_at) VALUES ?", [
      notes,
    ]);
  return { problems: mine.length, notifications: notes.length };
}
