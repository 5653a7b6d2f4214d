import { TaskEntity } from "@assess/data";
import { findingDeduction } from "@assess/domain";
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

/**
 * How many earlier problems the venue had with this indicator and rule, in any task or campaign (相同问题反复出现).
 * The contract counts every earlier match, so two findings of one rule in one sheet count too.
 */
export async function recurrenceOf(m: EntityManager, venueId: number, indicatorCode: string, ruleCode: string): Promise<number> {
  const [row] = await m.query("SELECT COUNT(*) AS n FROM problem WHERE venue_id = ? AND indicator_code = ? AND rule_code = ?", [
    venueId,
    indicatorCode,
    ruleCode,
  ]);
  return Number(row.n);
}

/** On completion of a scoring task, each finding of a deduction rule with occurrences becomes an OPEN problem; bonus findings do not. */
export async function createProblemsFromSheet(m: EntityManager, rubrics: RubricCatalog, task: TaskEntity, now: Date): Promise<number> {
  const rubric = task.rubricCode ? rubrics.byCode(task.rubricCode) : undefined;
  if (!rubric || task.venueId === null) return 0;
  const findings: FindingRow[] = await m.query(
    "SELECT id, indicator_code, rule_code, occurrences, note FROM finding WHERE task_id = ? ORDER BY position",
    [task.id],
  );
  let created = 0;
  for (const f of findings) {
    const indicator = rubric.indicators.find((i) => i.code === f.indicator_code);
    if (!indicator || indicator.bonus || f.occurrences === 0) continue;
    const deduction = findingDeduction(rubric, { indicatorCode: f.indicator_code, ruleCode: f.rule_code, occurrences: f.occurrences });
    if (deduction <= 0) continue;
    const recurrence = await recurrenceOf(m, task.venueId, f.indicator_code, f.rule_code);
    const result = await m.query(
      `INSERT INTO problem (campaign_id, venue_id, source_task_id, source_kind, indicator_code, rule_code, occurrences, description, status, recurrence, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)`,
      [task.campaignId, task.venueId, task.id, task.kind, f.indicator_code, f.rule_code, f.occurrences, f.note || ruleText(rubric, f.indicator_code, f.rule_code), recurrence, now, now],
    );
    // The finding's evidence is the problem's evidence.
    await m.query(
      "INSERT IGNORE INTO evidence_link (evidence_id, owner_type, owner_id, task_id) SELECT evidence_id, 'PROBLEM', ?, task_id FROM evidence_link WHERE owner_type = 'FINDING' AND owner_id = ?",
      [result.insertId, f.id],
    );
    created++;
  }
  return created;
}
