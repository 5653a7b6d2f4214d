import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/** The problems a RECTIFICATION or RECHECK task carries, with the re-check's verdict. */
@Entity("task_problem")
@Index("ix_task_problem_problem", ["problemId"])
export class TaskProblemEntity {
  @PrimaryColumn({ name: "task_id", type: "int" })
  taskId!: number;

  @PrimaryColumn({ name: "problem_id", type: "int" })
  problemId!: number;

  @Column({ type: "boolean", nullable: true })
  resolved!: boolean | null;

  @Column({ type: "text", nullable: true })
  note!: string | null;
}
