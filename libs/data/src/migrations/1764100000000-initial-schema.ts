import { MigrationInterface, QueryRunner } from "typeorm";

/** The whole schema of the first release: units, venues, users, campaigns, tasks, findings, problems, evidence, jobs, evaluations. */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = "InitialSchema1764100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `api_token` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(100) NOT NULL, `user_id` int NOT NULL, `created_by_id` int NOT NULL, `token_hash` char(64) NOT NULL, `revoked_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_api_token_hash` (`token_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `campaign` (`id` int NOT NULL AUTO_INCREMENT, `year` int NOT NULL, `name` varchar(200) NOT NULL, `self_check_due` datetime(3) NOT NULL, `unified_assessment_due` datetime(3) NOT NULL, `convenience_assessment_due` datetime(3) NOT NULL, `recheck_due` datetime(3) NOT NULL, `annual_report_due` datetime(3) NOT NULL, `rectification_days` int NOT NULL DEFAULT '30', `evaluation_policy` json NOT NULL, `version` int NOT NULL DEFAULT '1', `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_campaign_year` (`year`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `evaluation_run` (`id` int NOT NULL AUTO_INCREMENT, `campaign_id` int NOT NULL, `job_run_id` int NOT NULL, `policy` json NOT NULL, `inputs` json NOT NULL, `computed_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_evaluation_run_job` (`job_run_id`), INDEX `ix_evaluation_run_campaign` (`campaign_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `evaluation_entry` (`run_id` int NOT NULL, `unit_id` int NOT NULL, `rank` int NOT NULL, `score` decimal(8,3) NOT NULL, `assessment_score` decimal(8,3) NOT NULL, `penalty` decimal(8,3) NOT NULL, `venue_count` int NOT NULL, `overdue_rectifications` int NOT NULL, `failed_rechecks` int NOT NULL, `recurring_problems` int NOT NULL, `unannounced_problems` int NOT NULL, `breakdown` json NOT NULL, PRIMARY KEY (`run_id`, `unit_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `evidence` (`id` int NOT NULL AUTO_INCREMENT, `file_name` varchar(255) NOT NULL, `content_type` varchar(64) NOT NULL, `size` int NOT NULL, `sha256` char(64) NOT NULL, `storage_key` varchar(255) NOT NULL, `uploaded_by_id` int NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_evidence_uploader` (`uploaded_by_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `evidence_link` (`evidence_id` int NOT NULL, `owner_type` varchar(8) NOT NULL, `owner_id` int NOT NULL, `task_id` int NOT NULL, INDEX `ix_evidence_link_task` (`task_id`), INDEX `ix_evidence_link_owner` (`owner_type`, `owner_id`), PRIMARY KEY (`evidence_id`, `owner_type`, `owner_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `finding` (`id` int NOT NULL AUTO_INCREMENT, `task_id` int NOT NULL, `position` int NOT NULL, `indicator_code` varchar(8) NOT NULL, `rule_code` varchar(8) NOT NULL, `occurrences` int NOT NULL, `note` text NULL, `deduction` decimal(7,1) NOT NULL, INDEX `ix_finding_task` (`task_id`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `job_run` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(64) NOT NULL, `state` varchar(16) NOT NULL, `payload` json NOT NULL, `result` json NULL, `failed_reason` text NULL, `attempts` int NOT NULL DEFAULT '0', `requested_by_id` int NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `finished_at` datetime(3) NULL, INDEX `ix_job_run_name` (`name`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `notification` (`id` int NOT NULL AUTO_INCREMENT, `user_id` int NOT NULL, `task_id` int NULL, `kind` varchar(32) NOT NULL, `message` text NOT NULL, `read_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_notification_user` (`user_id`, `read_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `escalation` (`id` int NOT NULL AUTO_INCREMENT, `task_id` int NOT NULL, `level` tinyint NOT NULL, `at` datetime(3) NOT NULL, UNIQUE INDEX `uq_escalation_task_level` (`task_id`, `level`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `problem` (`id` int NOT NULL AUTO_INCREMENT, `campaign_id` int NOT NULL, `venue_id` int NOT NULL, `source_task_id` int NOT NULL, `source_kind` varchar(32) NOT NULL, `indicator_code` varchar(8) NOT NULL, `rule_code` varchar(8) NOT NULL, `occurrences` int NOT NULL DEFAULT '1', `description` text NOT NULL, `status` varchar(20) NOT NULL, `recurrence` int NOT NULL DEFAULT '0', `failed_rechecks` int NOT NULL DEFAULT '0', `rectification_task_id` int NULL, `resolved_at` datetime(3) NULL, `version` int NOT NULL DEFAULT '1', `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_problem_source` (`source_task_id`), INDEX `ix_problem_rectification` (`rectification_task_id`), INDEX `ix_problem_campaign_status` (`campaign_id`, `status`), INDEX `ix_problem_recurrence` (`venue_id`, `indicator_code`, `rule_code`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `task_event` (`id` int NOT NULL AUTO_INCREMENT, `task_id` int NOT NULL, `at` datetime(3) NOT NULL, `actor_id` int NULL, `action` varchar(48) NOT NULL, `detail` text NULL, INDEX `ix_task_event_task` (`task_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `task_problem` (`task_id` int NOT NULL, `problem_id` int NOT NULL, `resolved` tinyint NULL, `note` text NULL, INDEX `ix_task_problem_problem` (`problem_id`), PRIMARY KEY (`task_id`, `problem_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `task` (`id` int NOT NULL AUTO_INCREMENT, `campaign_id` int NOT NULL, `kind` varchar(32) NOT NULL, `status` varchar(16) NOT NULL, `venue_id` int NULL, `unit_id` int NULL, `assignee_id` int NOT NULL, `assigned_by_id` int NULL, `due_at` datetime(3) NOT NULL, `escalation_level` tinyint NOT NULL DEFAULT '0', `escalated_at` datetime(3) NULL, `rubric_code` varchar(64) NULL, `score_total` decimal(5,1) NULL, `report` text NULL, `cancel_reason` text NULL, `version` int NOT NULL DEFAULT '1', `completed_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_task_unit` (`unit_id`), INDEX `ix_task_assigned_by` (`assigned_by_id`), INDEX `ix_task_kind_status_due` (`kind`, `status`, `due_at`), INDEX `ix_task_assignee_status` (`assignee_id`, `status`), INDEX `ix_task_venue_kind_status` (`venue_id`, `kind`, `status`), INDEX `ix_task_campaign_kind_status` (`campaign_id`, `kind`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `unit` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `kind` varchar(16) NOT NULL, `parent_id` int NULL, `path` varchar(512) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_unit_code` (`code`), INDEX `ix_unit_path` (`path`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `user` (`id` int NOT NULL AUTO_INCREMENT, `username` varchar(64) NOT NULL, `display_name` varchar(100) NOT NULL, `password_hash` varchar(100) NULL, `role` varchar(16) NOT NULL, `unit_id` int NULL, `venue_id` int NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_user_username` (`username`), INDEX `ix_user_role` (`role`), INDEX `ix_user_unit` (`unit_id`), INDEX `ix_user_venue` (`venue_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      "CREATE TABLE `venue` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `type` varchar(32) NOT NULL, `unit_id` int NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_venue_code` (`code`), INDEX `ix_venue_unit_type` (`unit_id`, `type`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `venue`");
    await q.query("DROP TABLE `user`");
    await q.query("DROP TABLE `unit`");
    await q.query("DROP TABLE `task`");
    await q.query("DROP TABLE `task_problem`");
    await q.query("DROP TABLE `task_event`");
    await q.query("DROP TABLE `problem`");
    await q.query("DROP TABLE `escalation`");
    await q.query("DROP TABLE `notification`");
    await q.query("DROP TABLE `job_run`");
    await q.query("DROP TABLE `finding`");
    await q.query("DROP TABLE `evidence_link`");
    await q.query("DROP TABLE `evidence`");
    await q.query("DROP TABLE `evaluation_entry`");
    await q.query("DROP TABLE `evaluation_run`");
    await q.query("DROP TABLE `campaign`");
    await q.query("DROP TABLE `api_token`");
  }
}
