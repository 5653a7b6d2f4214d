import { DB_NOW } from "./db-clock";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/** A manager's request to move a task's due date later, and the city's decision (延期申请). */
@Entity("task_extension")
@Index("ix_task_extension_task", ["taskId", "id"])
@Index("ix_task_extension_status", ["status", "id"])
export class TaskExtensionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "task_id", type: "int" })
  taskId!: number;

  @Column({ name: "requested_by_id", type: "int" })
  requestedById!: number;

  @Column({ name: "requested_due_at", type: "datetime", precision: 3 })
  requestedDueAt!: Date;

  @Column({ name: "previous_due_at", type: "datetime", precision: 3 })
  previousDueAt!: Date;

  @Column({ type: "text" })
  reason!: string;

  /** REQUESTED, GRANTED or REFUSED. */
  @Column({ type: "varchar", length: 16 })
  status!: string;

  @Column({ name: "decided_by_id", type: "int", nullable: true })
  decidedById!: number | null;

  @Column({ name: "decided_at", type: "datetime", precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: "text", nullable: true })
  comment!: string | null;

  @Column({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;
}
