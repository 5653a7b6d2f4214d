import { DB_NOW } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

@Entity("notification")
@Index("ix_notification_user", ["userId", "readAt"])
export class NotificationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "user_id", type: "int" })
  userId!: number;

  @Column({ name: "task_id", type: "int", nullable: true })
  taskId!: number | null;

  /** The problem it is about (an escalation of a problem left without a rectification). */
  @Column({ name: "problem_id", type: "int", nullable: true })
  problemId!: number | null;

  @Column({ type: "varchar", length: 32 })
  kind!: string;

  @Column({ type: "text" })
  message!: string;

  @Column({ name: "read_at", type: "datetime", precision: 3, nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;
}

/** One row per task and level (0 = the reminder before the due date): the key that makes escalation happen once. */
@Entity("escalation")
@Index("uq_escalation_task_level", ["taskId", "level"], { unique: true })
export class EscalationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "task_id", type: "int" })
  taskId!: number;

  @Column({ type: "tinyint" })
  level!: number;

  @Column({ type: "datetime", precision: 3 })
  at!: Date;
}

/** One escalation step of a problem left OPEN without a rectification: at most one row per problem and level. */
@Entity("problem_escalation")
export class ProblemEscalationEntity {
  @PrimaryColumn({ name: "problem_id", type: "int" })
  problemId!: number;

  @PrimaryColumn({ type: "tinyint" })
  level!: number;

  @Column({ type: "datetime", precision: 3 })
  at!: Date;
}
