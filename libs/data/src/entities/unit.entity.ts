import { DB_NOW, DB_NOW_ON_UPDATE } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

@Entity("unit")
export class UnitEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("uq_unit_code", { unique: true })
  @Column({ type: "varchar", length: 64 })
  code!: string;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Column({ type: "varchar", length: 16 })
  kind!: string;

  @Index("ix_unit_parent")
  @Column({ name: "parent_id", type: "int", nullable: true })
  parentId!: number | null;

  /** Materialised path of ids, "/1/7/42/": a subtree is `path LIKE '/1/7/%'`. */
  @Index("ix_unit_path")
  @Column({ type: "varchar", length: 512 })
  path!: string;

  @Column({ type: "boolean", default: true })
  active!: boolean;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "datetime", precision: 3, default: DB_NOW, onUpdate: DB_NOW_ON_UPDATE })
  updatedAt!: Date;
}
