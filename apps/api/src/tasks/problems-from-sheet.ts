import { TaskEntity, recordWebhookEvents } from "@assess/data";
import { findingDeduction, isUnresolved, recurrenceOf, type ProblemStatus } from "@assess/domain";
import type { Rubric } from "@assess/domain";
import type { RubricCatalog } from "@assess/rubrics";
import type { EntityManager } from "typeorm";

interface FindingRow {
  id: number;
  indicator_code: string;
  rule_code: string;
  occurrences: number;
  note: string | null;
}

/** The rule's text, for a problem found without a note. */
export function ruleText(rubric: Rubric | undefined, indicatorCode: string, ruleCode: string): string {
  const rule = rubric?.indicators.find((i) => i.code === indicatorCode)?.rules.find((r) => r.code === ruleCode);
  return rule ? rule.text : `${indicatorCode}/${ruleCode}`;
}

/** Where a finding of a task goes: onto an earlier problem still unresolved (found again), or a new problem with its recurrence. */
export type Placement = { again: number } | { recurrence: number };

/**
 * 相同问题反复出现, as the amended contract means it: the venue's earlier problems of the same indicator and rule
 * (other tasks only: a sheet's findings never count against each other). While one of them is unresolved, the finding
 * is that problem found again, not a new one; otherwise it recurs once per earlier problem RESOLVED before `now`.
 */
export async function placeFinding(
  m: EntityManager,
  task: { id: number; venueId: number },
  indicatorCode: string,
  ruleCode: string,
  now: Date,
): Promise<Placement> {
  const rows: { id: number; source_task_id: number; status: ProblemStatus; resolved_at: Date | null }[] = await m.query(
    "SELECT id, source_task_id, status, resolved_at FROM problem WHERE venue_id = ? AND indicator_code = ? AND rule_code = ? AND source_task_id <> ? ORDER BY id FOR UPDATE",
    [task.venueId, indicatorCode, ruleCode, task.id],
  );
  const open = rows.find((r) => isUnresolved(r.status));
  if (open) return { again: open.id };
  return {
    recurrence: recurrenceOf(
      now,
      rows.map((r) => ({ sourceTaskId: r.source_task_id, resolvedAt: r.resolved_at })),
      task.id,
    ),
  };
}

/** The finding is an unresolved problem found again: counted on it, with the finding's evidence. */
export async function foundAgain(m: EntityManager, problemId: number, now: Date): Promise<void> {
  await m.query(
    "UPDATE problem SET found_again = found_again + 1, last_found_at = ?, version = version + 1 WHERE id = ?",
    [now, problemId],
  );
}

/** On completion of a scoring task, each finding of a deduction rule with occurrences becomes an OPEN problem; bonus findings do not. */
export async function createProblemsFromSheet(
  m: EntityManager,
  rubrics: RubricCatalog,
  task: TaskEntity,
  now: Date,
): Promise<number> {
  const rubric = task.rubricCode ? rubrics.byCode(task.rubricCode) : undefined;
  if (!rubric || task.venueId === null) return 0;
  const findings: FindingRow[] = await m.query(
    "SELECT id, indicator_code, rule_code, occurrences, note FROM finding WHERE task_id = ? ORDER BY position",
    [task.id],
  );
  const made: number[] = [];
  for (const f of findings) {
    const indicator = rubric.indicators.find((i) => i.code === f.indicator_code);
    if (!indicator || indicator.bonus || f.occurrences === 0) continue;
    const deduction = findingDeduction(rubric, {
      indicatorCode: f.indicator_code,
      ruleCode: f.rule_code,
      occurrences: f.occurrences,
    });
    if (deduction <= 0) continue;
    const place = await placeFinding(m, { id: task.id, venueId: task.venueId }, f.indicator_code, f.rule_code, now);
    let problemId: number;
    if ("again" in place) {
      await foundAgain(m, place.again, now);
      problemId = place.again;
    } else {
      const result = await m.query(
        `INSERT INTO problem (campaign_id, venue_id, source_task_id, source_kind, indicator_code, rule_code, occurrences, description, status, recurrence, open_since, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)`,
        [
          task.campaignId,
          task.venueId,
          task.id,
          task.kind,
          f.indicator_code,
          f.rule_code,
          f.occurrences,
          f.note || ruleText(rubric, f.indicator_code, f.rule_code),
          place.recurrence,
          now,
          now,
        ],
      );
      problemId = result.insertId;
      made.push(problemId);
    }
    // The finding's evidence is the problem's evidence.
    await m.query(
      "INSERT IGNORE INTO evidence_link (evidence_id, owner_type, owner_id, task_id) SELECT evidence_id, 'PROBLEM', ?, task_id FROM evidence_link WHERE owner_type = 'FINDING' AND owner_id = ?",
      [problemId, f.id],
    );
  }
  await recordWebhookEvents(m, "PROBLEM_CREATED", "problem", made, now);
  return made.length;
}
