import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { decimal } from "./columns";

@Entity("finding")
@Index("ix_finding_task", ["taskId", "position"])
export class FindingEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "task_id", type: "int" })
  taskId!: number;

  @Column({ type: "int" })
  position!: number;

  @Column({ name: "indicator_code", type: "varchar", length: 8 })
  indicatorCode!: string;

  @Column({ name: "rule_code", type: "varchar", length: 8 })
  ruleCode!: string;

  @Column({ type: "int" })
  occurrences!: number;

  @Column({ type: "text", nullable: true })
  note!: string | null;

  @Column({ type: "decimal", precision: 7, scale: 1, transformer: decimal })
  deduction!: number;
}
