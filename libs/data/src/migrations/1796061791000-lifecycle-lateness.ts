import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Lateness that stays (issue 9): the moment a rectification became late; when a problem became OPEN (for the grace
 * period of an unassigned problem), when it became late, its escalation and how often it was found again while
 * open; notifications about a problem; the evaluation's two new counts.
 */
export class LifecycleLateness1796061791000 implements MigrationInterface {
  name = "LifecycleLateness1796061791000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `task` ADD `late_at` datetime(3) NULL");
    await q.query(
      "ALTER TABLE `problem` ADD `open_since` datetime(3) NULL, ADD `late_at` datetime(3) NULL, ADD `escalation_level` tinyint NOT NULL DEFAULT '0', ADD `escalated_at` datetime(3) NULL, ADD `found_again` int NOT NULL DEFAULT '0', ADD `last_found_at` datetime(3) NULL",
    );
    await q.query("UPDATE `problem` SET `open_since` = `created_at`");
    await q.query(
      "ALTER TABLE `problem` MODIFY `open_since` datetime(3) NOT NULL, ADD INDEX `ix_problem_status_open_since` (`status`, `open_since`)",
    );
    await q.query(
      "CREATE TABLE `problem_escalation` (`problem_id` int NOT NULL, `level` tinyint NOT NULL, `at` datetime(3) NOT NULL, PRIMARY KEY (`problem_id`, `level`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query("ALTER TABLE `notification` ADD `problem_id` int NULL");
    await q.query(
      "ALTER TABLE `evaluation_entry` ADD `unassigned_problems` int NOT NULL DEFAULT '0', ADD `inflated_self_checks` int NOT NULL DEFAULT '0'",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `evaluation_entry` DROP `unassigned_problems`, DROP `inflated_self_checks`");
    await q.query("ALTER TABLE `notification` DROP `problem_id`");
    await q.query("DROP TABLE `problem_escalation`");
    await q.query(
      "ALTER TABLE `problem` DROP INDEX `ix_problem_status_open_since`, DROP `open_since`, DROP `late_at`, DROP `escalation_level`, DROP `escalated_at`, DROP `found_again`, DROP `last_found_at`",
    );
    await q.query("ALTER TABLE `task` DROP `late_at`");
  }
}
