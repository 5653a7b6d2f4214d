import { MigrationInterface, QueryRunner } from "typeorm";

/** Units by parent: Unit.childCount and Unit.children read the children they count, not every unit. */
export class UnitParentIndex1796061777000 implements MigrationInterface {
  name = "UnitParentIndex1796061777000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE INDEX `ix_unit_parent` ON `unit` (`parent_id`)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX `ix_unit_parent` ON `unit`");
  }
}
