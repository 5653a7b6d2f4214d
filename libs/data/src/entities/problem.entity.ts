import { DB_NOW, DB_NOW_ON_UPDATE } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity("problem")
@Index("ix_problem_recurrence", ["venueId", "indicatorCode", "ruleCode"])
@Index("ix_problem_status_open_since", ["status", "openSince"])
@Index("ix_problem_updated", ["updatedAt", "id"])
@Index("ix_problem_campaign_status", ["campaignId", "status"])
@Index("ix_problem_escalation", ["campaignId", "status", "escalationLevel", "openSince"])
export class ProblemEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "campaign_id", type: "int" })
  campaignId!: number;

  @Column({ name: "venue_id", type: "int" })
  venueId!: number;

  @Index("ix_problem_source")
  @Column({ name: "source_task_id", type: "int" })
  sourceTaskId!: number;

  /** The kind of the source task, kept so that evaluations count 明察暗访 problems without a join. */
  @Column({ name: "source_kind", type: "varchar", length: 32 })
  sourceKind!: string;

  @Column({ name: "indicator_code", type: "varchar", length: 8 })
  indicatorCode!: string;

  @Column({ name: "rule_code", type: "varchar", length: 8 })
  ruleCode!: string;

  @Column({ type: "int", default: 1 })
  occurrences!: number;

  @Column({ type: "text" })
  description!: string;

  @Column({ type: "varchar", length: 20 })
  status!: string;

  /** How many earlier problems of this venue had the same indicator and rule (相同问题反复出现). */
  @Column({ type: "int", default: 0 })
  recurrence!: number;

  /** Re-checks that found it not rectified (整改不到位). */
  @Column({ name: "failed_rechecks", type: "int", default: 0 })
  failedRechecks!: number;

  @Index("ix_problem_rectification")
  @Column({ name: "rectification_task_id", type: "int", nullable: true })
  rectificationTaskId!: number | null;

  @Column({ name: "resolved_at", type: "datetime", precision: 3, nullable: true })
  resolvedAt!: Date | null;

  /** When it was found, or sent back OPEN by a re-check: the grace period runs from here (a cancelled rectification does not move it). */
  @Column({ name: "open_since", type: "datetime", precision: 3 })
  openSince!: Date;

  /** When it became late, left OPEN without a rectification past the grace period (敷衍推诿); kept once recorded. */
  @Column({ name: "late_at", type: "datetime", precision: 3, nullable: true })
  lateAt!: Date | null;

  @Column({ name: "escalation_level", type: "tinyint", default: 0 })
  escalationLevel!: number;

  @Column({ name: "escalated_at", type: "datetime", precision: 3, nullable: true })
  escalatedAt!: Date | null;

  /** How often its rule was found again at the venue while it was unresolved (not a recurrence). */
  @Column({ name: "found_again", type: "int", default: 0 })
  foundAgain!: number;

  @Column({ name: "last_found_at", type: "datetime", precision: 3, nullable: true })
  lastFoundAt!: Date | null;

  @Column({ type: "int", default: 1 })
  version!: number;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;

  /**
   * The database's clock, to the millisecond, on every change (the column's ON UPDATE): never written by the app, so
   * that incremental sync (updatedSince) reads one clock. TypeORM's @UpdateDateColumn would set whole seconds.
   */
  @Column({
    name: "updated_at",
    type: "datetime",
    precision: 3,
    insert: false,
    update: false,
    select: true,
    default: DB_NOW,
    onUpdate: DB_NOW_ON_UPDATE,
  })
  updatedAt!: Date;
}
