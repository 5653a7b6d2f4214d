import { DB_NOW } from "./db-clock";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity("campaign")
export class CampaignEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("uq_campaign_year", { unique: true })
  @Column({ type: "int" })
  year!: number;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Column({ name: "self_check_due", type: "datetime", precision: 3 })
  selfCheckDue!: Date;

  @Column({ name: "unified_assessment_due", type: "datetime", precision: 3 })
  unifiedAssessmentDue!: Date;

  @Column({ name: "convenience_assessment_due", type: "datetime", precision: 3 })
  convenienceAssessmentDue!: Date;

  @Column({ name: "recheck_due", type: "datetime", precision: 3 })
  recheckDue!: Date;

  @Column({ name: "annual_report_due", type: "datetime", precision: 3 })
  annualReportDue!: Date;

  /** Days a rectification gets by default, counted from its assignment. */
  @Column({ name: "rectification_days", type: "int", default: 30 })
  rectificationDays!: number;

  /** The annual evaluation policy (weights, penalties, cap); see the domain's EvaluationPolicy. */
  @Column({ name: "evaluation_policy", type: "json" })
  evaluationPolicy!: unknown;

  @Column({ type: "int", default: 1 })
  version!: number;

  @CreateDateColumn({ name: "created_at", type: "datetime", precision: 3, default: DB_NOW })
  createdAt!: Date;
}
