import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The escalation scan (every 15 minutes) asks for the open rectifications at one escalation level, and for a
 * campaign's OPEN problems at one level. Through (kind, status, due_at) and (status, open_since) it read every such
 * task's and problem's row to check the level: at 100,000 venues some 47,000 rows a scan, most of its time on a small
 * buffer pool. These indexes answer both from the index alone.
 */
export class EscalationIndexes1796061799130 implements MigrationInterface {
  name = "EscalationIndexes1796061799130";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE INDEX `ix_task_escalation` ON `task` (`kind`, `escalation_level`, `status`, `due_at`, `escalated_at`)",
    );
    await q.query(
      "CREATE INDEX `ix_problem_escalation` ON `problem` (`campaign_id`, `status`, `escalation_level`, `open_since`)",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX `ix_problem_escalation` ON `problem`");
    await q.query("DROP INDEX `ix_task_escalation` ON `task`");
  }
}
