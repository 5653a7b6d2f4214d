import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUE_NAME } from "./catalog";
import { jobOptions, parsePayload, type JobDefinition, type PayloadInput } from "./define-job";
import { QueueUnavailableError } from "./errors";
import { producerConnection, safeUrl, whenReady } from "./connection";

export interface ProducerOptions {
  redisUrl: string;
  /** BullMQ key prefix (QUEUE_PREFIX): tests and several deployments on one Redis keep apart. */
  prefix: string;
  /** How long to wait for Redis before answering that it is unreachable. */
  readyTimeoutMs?: number;
}

/**
 * Queues jobs. Payloads are validated before anything is sent; when Redis is down the call fails within
 * `readyTimeoutMs` with a QueueUnavailableError that says so. Connects on first use.
 */
export class JobProducer {
  private redis?: Redis;
  private queue?: Queue;

  constructor(private readonly options: ProducerOptions) {}

  async enqueue<D extends JobDefinition>(
    job: D,
    payload: PayloadInput<D>,
    opts: { jobId?: string } = {},
  ): Promise<string> {
    const data = parsePayload(job, payload);
    const queue = await this.ready();
    try {
      const added = await queue.add(job.name, data, {
        ...jobOptions(job),
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
      });
      return added.id!;
    } catch (e) {
      // A dropped connection fails the command at once (no offline queue): say so plainly.
      throw this.redis?.status === "ready" ? e : this.unavailable(e);
    }
  }

  /** The BullMQ queue, once Redis answers (for schedulers, flows and inspection). */
  async ready(): Promise<Queue> {
    if (!this.redis) {
      this.redis = producerConnection(this.options.redisUrl);
      this.queue = new Queue(QUEUE_NAME, { connection: this.redis, prefix: this.options.prefix });
      this.queue.on("error", () => {});
    }
    try {
      await whenReady(this.redis, this.options.readyTimeoutMs ?? 1_500);
    } catch (e) {
      throw this.unavailable(e);
    }
    return this.queue!;
  }

  /** Whether it ever connected (a test harness cleans up only then). */
  get connected(): boolean {
    return this.redis !== undefined;
  }

  async close(): Promise<void> {
    await this.queue?.close().catch(() => {});
    this.redis?.disconnect();
    this.queue = undefined;
    this.redis = undefined;
  }

  private unavailable(e: unknown): Error {
    if (e instanceof QueueUnavailableError) return e;
    const why = e instanceof Error ? e.message : String(e);
    return new QueueUnavailableError(
      `the job queue is unavailable: Redis at ${safeUrl(this.options.redisUrl)} does not answer (${why})`,
    );
  }
}
