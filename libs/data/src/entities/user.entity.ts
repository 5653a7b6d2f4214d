import { DB_NOW } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity("user")
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("uq_user_username", { unique: true })
  @Column({ type: "varchar", length: 64 })
  username!: string;

  @Column({ name: "display_name", type: "varchar", length: 100 })
  displayName!: string;

  /** bcrypt; null for the INTEGRATOR users behind API tokens, which cannot sign in with a password. */
  @Column({ name: "password_hash", type: "varchar", length: 100, nullable: true })
  passwordHash!: string | null;

  @Index("ix_user_role")
  @Column({ type: "varchar", length: 16 })
  role!: string;

  @Index("ix_user_unit")
  @Column({ name: "unit_id", type: "int", nullable: true })
  unitId!: number | null;

  @Index("ix_user_venue")
  @Column({ name: "venue_id", type: "int", nullable: true })
  venueId!: number | null;

  @Column({ type: "boolean", default: true })
  active!: boolean;

  /** Raised by a password change, a reset or deactivation: session tokens of an earlier version are ended. */
  @Column({ name: "session_version", type: "int", default: 0 })
  sessionVersion!: number;

  /** A temporary password (set by a reset) is changed before anything else. */
  @Column({ name: "must_change_password", type: "tinyint", default: 0 })
  mustChangePassword!: number;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;
}
