import { DB_NOW } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity("api_token")
export class ApiTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 100 })
  name!: string;

  /** The INTEGRATOR user the token signs in as. */
  @Column({ name: "user_id", type: "int" })
  userId!: number;

  @Column({ name: "created_by_id", type: "int" })
  createdById!: number;

  /** sha256 of the secret part; the token itself is shown once and never stored. */
  @Index("uq_api_token_hash", { unique: true })
  @Column({ name: "token_hash", type: "char", length: 64 })
  tokenHash!: string;

  @Column({ name: "revoked_at", type: "datetime", precision: 3, nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;
}
