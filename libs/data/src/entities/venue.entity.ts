import { DB_NOW, DB_NOW_ON_UPDATE } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

@Entity("venue")
@Index("ix_venue_unit_type", ["unitId", "type"])
export class VenueEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("uq_venue_code", { unique: true })
  @Column({ type: "varchar", length: 64 })
  code!: string;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Column({ type: "varchar", length: 32 })
  type!: string;

  @Column({ name: "unit_id", type: "int" })
  unitId!: number;

  @Column({ type: "boolean", default: true })
  active!: boolean;

  /** A CONVENIENCE_STATION of a 社区 (true) or of a 村 (false); false for every other type. */
  @Column({ type: "boolean", default: false })
  community!: boolean;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "datetime", precision: 3, default: DB_NOW, onUpdate: DB_NOW_ON_UPDATE })
  updatedAt!: Date;
}
