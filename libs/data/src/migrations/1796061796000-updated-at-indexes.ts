import { MigrationInterface, QueryRunner } from "typeorm";

/** Incremental sync (issue 12): tasks and problems listed by their last change, from a watermark, in that order. */
export class UpdatedAtIndexes1796061796000 implements MigrationInterface {
  name = "UpdatedAtIndexes1796061796000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE INDEX `ix_task_updated` ON `task` (`updated_at`, `id`)");
    await q.query("CREATE INDEX `ix_problem_updated` ON `problem` (`updated_at`, `id`)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX `ix_problem_updated` ON `problem`");
    await q.query("DROP INDEX `ix_task_updated` ON `task`");
  }
}
