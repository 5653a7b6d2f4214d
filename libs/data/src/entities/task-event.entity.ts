import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity("task_event")
@Index("ix_task_event_task", ["taskId", "id"])
export class TaskEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "task_id", type: "int" })
  taskId!: number;

  @Column({ type: "datetime", precision: 3 })
  at!: Date;

  @Column({ name: "actor_id", type: "int", nullable: true })
  actorId!: number | null;

  @Column({ type: "varchar", length: 48 })
  action!: string;

  @Column({ type: "text", nullable: true })
  detail!: string | null;
}
