import type { FlowProducer, Job, Queue } from "bullmq";
import type { DataSource } from "typeorm";
import type { Logger } from "@assess/log";

export interface WorkerSettings {
  /** ESCALATION_EVERY in ms. */
  everyMs: number;
  /** ESCALATION_STEP_HOURS. */
  stepHours: number;
  /** EVALUATION_BATCH_SIZE: venues per evaluation part. */
  batchSize: number;
  /** DATA_DIR: where uploaded evidence is stored (shared with the API). */
  dataDir?: string;
  /** WEBHOOK_ALLOW_PRIVATE: deliveries may go to loopback, private and link-local addresses. */
  webhookAllowPrivate?: boolean;
  /** How often the worker looks for deliveries to queue, in ms (default 1000). */
  webhookSweepMs?: number;
}

/** What every handler gets besides its payload. */
export interface JobContext {
  ds: DataSource;
  /** The time; tests inject a controllable clock. */
  clock: () => Date;
  settings: WorkerSettings;
  log: Logger;
  queue: Queue;
  flows: FlowProducer;
  /** The BullMQ job being run. */
  job: Job;
}

/** Custom BullMQ job ids may not contain ":"; ours are "<name>.<jobRunId>[.<n>]". */
export const bullJobId = (name: string, jobRunId: number, n?: number) =>
  `${name}.${jobRunId}${n === undefined ? "" : `.${n}`}`;
