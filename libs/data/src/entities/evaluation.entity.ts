import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { decimal } from "./columns";

/** One run of the annual evaluation, kept with the policy and input counts it used. */
@Entity("evaluation_run")
@Index("ix_evaluation_run_campaign", ["campaignId", "id"])
export class EvaluationRunEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "campaign_id", type: "int" })
  campaignId!: number;

  @Index("uq_evaluation_run_job", { unique: true })
  @Column({ name: "job_run_id", type: "int" })
  jobRunId!: number;

  @Column({ type: "json" })
  policy!: unknown;

  @Column({ type: "json" })
  inputs!: unknown;

  @Column({ name: "computed_at", type: "datetime", precision: 3 })
  computedAt!: Date;
}

@Entity("evaluation_entry")
export class EvaluationEntryEntity {
  @PrimaryColumn({ name: "run_id", type: "int" })
  runId!: number;

  @PrimaryColumn({ name: "unit_id", type: "int" })
  unitId!: number;

  @Column({ type: "int" })
  rank!: number;

  @Column({ type: "decimal", precision: 8, scale: 3, transformer: decimal })
  score!: number;

  @Column({ name: "assessment_score", type: "decimal", precision: 8, scale: 3, transformer: decimal })
  assessmentScore!: number;

  @Column({ type: "decimal", precision: 8, scale: 3, transformer: decimal })
  penalty!: number;

  @Column({ name: "venue_count", type: "int" })
  venueCount!: number;

  @Column({ name: "overdue_rectifications", type: "int" })
  overdueRectifications!: number;

  @Column({ name: "failed_rechecks", type: "int" })
  failedRechecks!: number;

  @Column({ name: "recurring_problems", type: "int" })
  recurringProblems!: number;

  @Column({ name: "unannounced_problems", type: "int" })
  unannouncedProblems!: number;

  @Column({ name: "unassigned_problems", type: "int", default: 0 })
  unassignedProblems!: number;

  @Column({ name: "inflated_self_checks", type: "int", default: 0 })
  inflatedSelfChecks!: number;

  /** Per venue type: count, mean score and weight, so a rank can be explained. */
  @Column({ type: "json" })
  breakdown!: unknown;
}
