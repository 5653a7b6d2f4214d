import { DB_NOW, DB_NOW_ON_UPDATE } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { decimal } from "./columns";

@Entity("task")
@Index("ix_task_campaign_kind_status", ["campaignId", "kind", "status"])
@Index("ix_task_venue_kind_status", ["venueId", "kind", "status"])
@Index("ix_task_assignee_status", ["assigneeId", "status"])
@Index("ix_task_kind_status_due", ["kind", "status", "dueAt"])
@Index("ix_task_updated", ["updatedAt", "id"])
@Index("ix_task_campaign_unit", ["campaignId", "unitId", "kind", "status", "dueAt", "escalationLevel"])
@Index("ix_task_escalation", ["kind", "escalationLevel", "status", "dueAt", "escalatedAt"])
export class TaskEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "campaign_id", type: "int" })
  campaignId!: number;

  @Column({ type: "varchar", length: 32 })
  kind!: string;

  @Column({ type: "varchar", length: 16 })
  status!: string;

  @Column({ name: "venue_id", type: "int", nullable: true })
  venueId!: number | null;

  /** The unit of an ANNUAL_REPORT task; for venue tasks, the venue's unit when assigned. */
  @Index("ix_task_unit")
  @Column({ name: "unit_id", type: "int", nullable: true })
  unitId!: number | null;

  @Column({ name: "assignee_id", type: "int" })
  assigneeId!: number;

  @Index("ix_task_assigned_by")
  @Column({ name: "assigned_by_id", type: "int", nullable: true })
  assignedById!: number | null;

  @Column({ name: "due_at", type: "datetime", precision: 3 })
  dueAt!: Date;

  @Column({ name: "escalation_level", type: "tinyint", default: 0 })
  escalationLevel!: number;

  @Column({ name: "escalated_at", type: "datetime", precision: 3, nullable: true })
  escalatedAt!: Date | null;

  /** When a rectification became late (overdue); kept through cancelling, re-dating and reassigning. */
  @Column({ name: "late_at", type: "datetime", precision: 3, nullable: true })
  lateAt!: Date | null;

  /** Scoring tasks keep the rubric they were assigned with. */
  @Column({ name: "rubric_code", type: "varchar", length: 64, nullable: true })
  rubricCode!: string | null;

  /** The deduction indicators the sheet marks examined, comma-separated in rubric order ("I01,I02"); '' for none. */
  @Column({ type: "varchar", length: 400, default: "" })
  examined!: string;

  @Column({ name: "score_total", type: "decimal", precision: 5, scale: 1, nullable: true, transformer: decimal })
  scoreTotal!: number | null;

  @Column({ type: "text", nullable: true })
  report!: string | null;

  @Column({ name: "cancel_reason", type: "text", nullable: true })
  cancelReason!: string | null;

  @Column({ type: "int", default: 1 })
  version!: number;

  @Column({ name: "completed_at", type: "datetime", precision: 3, nullable: true })
  completedAt!: Date | null;

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
