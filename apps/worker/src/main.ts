import "reflect-metadata";
import { ConfigError, loadConfig, type Config } from "@assess/config";
import { openDatabase } from "@assess/data";
import { safeUrl } from "@assess/jobs";
import { createLog } from "./log";
import { startWorker } from "./worker";

/**
 * `node apps/worker/dist/main.js`: runs the jobs. Started by `npm start` beside the API, or alone, any number of
 * times on any machine that reaches the same MariaDB and Redis.
 */
async function main() {
  let config: Config;
  try {
    config = loadConfig(process.env, { needsSecret: false });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`[worker] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLog(config.LOG_LEVEL);
  // Migrations run under a lock, so a worker that starts beside the API (or alone) migrates at most once.
  const ds = await openDatabase(config.DATABASE_URL, {
    poolSize: config.WORKER_CONCURRENCY + 4,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT,
    queryTimeoutMs: config.DB_WORKER_QUERY_TIMEOUT,
  });
  const running = await startWorker({
    ds,
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockMs: config.JOB_LOCK,
    settings: { everyMs: config.ESCALATION_EVERY, stepHours: config.ESCALATION_STEP_HOURS, batchSize: config.EVALUATION_BATCH_SIZE, dataDir: config.DATA_DIR, webhookAllowPrivate: config.WEBHOOK_ALLOW_PRIVATE === "1" },
    log,
  });
  log.info(`ready: queue "${config.QUEUE_PREFIX}:jobs" on ${safeUrl(config.REDIS_URL)}, concurrency ${config.WORKER_CONCURRENCY}, escalation every ${config.ESCALATION_EVERY / 1000} s`);

  const stop = async (signal: string) => {
    log.info(`${signal}: finishing running jobs, then closing`);
    await running.close().catch((e) => log.error("closing", e));
    await ds.destroy().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  console.error("[worker] could not start:", e instanceof Error ? e.message : e);
  process.exit(1);
});
