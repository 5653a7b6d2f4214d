import { MigrationInterface, QueryRunner } from "typeorm";

/** Extensions of a task's due date that a manager asks the city for, and what the city decided. */
export class TaskExtension1796061792000 implements MigrationInterface {
  name = "TaskExtension1796061792000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `task_extension` (`id` int NOT NULL AUTO_INCREMENT, `task_id` int NOT NULL, `requested_by_id` int NOT NULL, `requested_due_at` datetime(3) NOT NULL, `previous_due_at` datetime(3) NOT NULL, `reason` text NOT NULL, `status` varchar(16) NOT NULL, `decided_by_id` int NULL, `decided_at` datetime(3) NULL, `comment` text NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_task_extension_task` (`task_id`, `id`), INDEX `ix_task_extension_status` (`status`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `task_extension`");
  }
}
