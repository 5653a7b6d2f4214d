import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Webhooks (issue 12): an owner's subscription to events, and one delivery per event and webhook (the outbox the worker
 * sends from: `queued_at` once it is on the queue, `delivered_at` on a 2xx, `failed_at` after the last attempt).
 */
export class Webhooks1796061795000 implements MigrationInterface {
  name = "Webhooks1796061795000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `webhook` (`id` int NOT NULL AUTO_INCREMENT, `owner_id` int NOT NULL, `url` varchar(2048) NOT NULL, `events` varchar(512) NOT NULL, `secret` varchar(128) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `deleted_at` datetime(3) NULL, PRIMARY KEY (`id`), INDEX `ix_webhook_owner` (`owner_id`), CONSTRAINT `fk_webhook_owner` FOREIGN KEY (`owner_id`) REFERENCES `user` (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `webhook_delivery` (`id` bigint NOT NULL AUTO_INCREMENT, `webhook_id` int NOT NULL, `event` varchar(32) NOT NULL, `subject_id` int NULL, `payload` longtext NOT NULL, `occurred_at` datetime(3) NOT NULL, `attempts` int NOT NULL DEFAULT 0, `last_status` int NULL, `last_error` varchar(1000) NULL, `queued_at` datetime(3) NULL, `delivered_at` datetime(3) NULL, `failed_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (`id`), INDEX `ix_webhook_delivery_webhook` (`webhook_id`, `id`), INDEX `ix_webhook_delivery_queue` (`queued_at`, `id`), CONSTRAINT `fk_webhook_delivery_webhook` FOREIGN KEY (`webhook_id`) REFERENCES `webhook` (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `webhook_delivery`");
    await q.query("DROP TABLE `webhook`");
  }
}
