import { DB_NOW } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

@Entity("evidence")
export class EvidenceEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: "file_name", type: "varchar", length: 255 })
  fileName!: string;

  @Column({ name: "content_type", type: "varchar", length: 255 })
  contentType!: string;

  @Column({ type: "int" })
  size!: number;

  @Column({ type: "char", length: 64 })
  sha256!: string;

  /** Where the bytes are, relative to the evidence store's root. */
  @Column({ name: "storage_key", type: "varchar", length: 255 })
  storageKey!: string;

  @Index("ix_evidence_uploader")
  @Column({ name: "uploaded_by_id", type: "int" })
  uploadedById!: number;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;
}

/** Evidence attached to a finding, a problem or a task (its report). */
@Entity("evidence_link")
@Index("ix_evidence_link_owner", ["ownerType", "ownerId"])
export class EvidenceLinkEntity {
  @PrimaryColumn({ name: "evidence_id", type: "int" })
  evidenceId!: number;

  @PrimaryColumn({ name: "owner_type", type: "varchar", length: 8 })
  ownerType!: "FINDING" | "PROBLEM" | "TASK";

  @PrimaryColumn({ name: "owner_id", type: "int" })
  ownerId!: number;

  /** The task the owner belongs to, so that access to the file follows access to the task. */
  @Index("ix_evidence_link_task")
  @Column({ name: "task_id", type: "int" })
  taskId!: number;
}
