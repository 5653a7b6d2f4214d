import { DB_NOW } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity("job_run")
@Index("ix_job_run_name", ["name", "id"])
export class JobRunEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 64 })
  name!: string;

  @Column({ type: "varchar", length: 16 })
  state!: string;

  @Column({ type: "json" })
  payload!: unknown;

  @Column({ type: "json", nullable: true })
  result!: unknown;

  @Column({ name: "failed_reason", type: "text", nullable: true })
  failedReason!: string | null;

  @Column({ type: "int", default: 0 })
  attempts!: number;

  @Column({ name: "requested_by_id", type: "int", nullable: true })
  requestedById!: number | null;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;

  @Column({ name: "finished_at", type: "datetime", precision: 3, nullable: true })
  finishedAt!: Date | null;
}
