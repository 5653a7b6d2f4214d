import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Sessions that end (issue 10): a user's session version, which a password change, a reset or deactivation raises so
 * that every earlier session token stops; a temporary password to change at the next sign-in. The audit log: every
 * mutation and sign-in, append-only. Settings a deployment keeps in its database (the demo's signing secret).
 */
export class SessionsAudit1796061793000 implements MigrationInterface {
  name = "SessionsAudit1796061793000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE `user` ADD `session_version` int NOT NULL DEFAULT '0', ADD `must_change_password` tinyint NOT NULL DEFAULT '0'",
    );
    await q.query(
      "CREATE TABLE `setting` (`name` varchar(64) NOT NULL, `value` text NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (`name`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `audit_log` (`id` bigint NOT NULL AUTO_INCREMENT, `at` datetime(3) NOT NULL, `actor_id` int NULL, `username` varchar(64) NULL, `address` varchar(64) NULL, `operation` varchar(64) NOT NULL, `detail` text NULL, `outcome` varchar(32) NOT NULL, INDEX `ix_audit_log_at` (`at`), INDEX `ix_audit_log_actor` (`actor_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    // Append-only: the database itself refuses to change or remove a row.
    for (const event of ["UPDATE", "DELETE"]) {
      await q.query(
        `CREATE TRIGGER \`audit_log_no_${event.toLowerCase()}\` BEFORE ${event} ON \`audit_log\` FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `audit_log`");
    await q.query("DROP TABLE `setting`");
    await q.query("ALTER TABLE `user` DROP `session_version`, DROP `must_change_password`");
  }
}
