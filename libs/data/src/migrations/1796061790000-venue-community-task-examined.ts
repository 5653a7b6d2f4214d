import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Complete sheets (second round): `venue.community` tells a 社区 station from a 村 station (annex 4 limits I13 R2 to
 * 社区); `task.examined` holds the deduction indicators a sheet marks examined. Existing venues become 村 stations or
 * non-stations (false) and existing sheets mark nothing: their findings still count as examined.
 */
export class VenueCommunityTaskExamined1796061790000 implements MigrationInterface {
  name = "VenueCommunityTaskExamined1796061790000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `venue` ADD `community` tinyint NOT NULL DEFAULT 0");
    await q.query("ALTER TABLE `task` ADD `examined` varchar(400) NOT NULL DEFAULT ''");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `task` DROP COLUMN `examined`");
    await q.query("ALTER TABLE `venue` DROP COLUMN `community`");
  }
}
