import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/** One mutation or sign-in (who, when, what, from where, how it ended): written once, never changed. */
@Entity("audit_log")
@Index("ix_audit_log_actor", ["actorId", "id"])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id!: string;

  @Index("ix_audit_log_at")
  @Column({ type: "datetime", precision: 3 })
  at!: Date;

  @Column({ name: "actor_id", type: "int", nullable: true })
  actorId!: number | null;

  /** The username given at sign-in, or the actor's. */
  @Column({ type: "varchar", length: 64, nullable: true })
  username!: string | null;

  @Column({ type: "varchar", length: 64, nullable: true })
  address!: string | null;

  /** The mutation's fields (e.g. "assignTask"), or "login". */
  @Column({ type: "varchar", length: 64 })
  operation!: string;

  /** The variables, secrets replaced by "***", at most 2,000 characters. */
  @Column({ type: "text", nullable: true })
  detail!: string | null;

  /** OK, or the error's code. */
  @Column({ type: "varchar", length: 32 })
  outcome!: string;
}
