import "reflect-metadata";
import { ConfigError, loadConfig, type Config } from "@assess/config";
import { openDatabase } from "@assess/data";
import { safeUrl } from "@assess/jobs";
import { createLogger } from "@assess/log";
import { startWorker } from "./worker";

/** Until the configuration is read: JSON lines at info. */
let log = createLogger({ app: "worker" });

/**
 * `node apps/worker/dist/main.js`: runs the jobs. Started by `npm start` beside the API, or alone, any number of
 * times on any machine that reaches the same MariaDB and Redis.
 */

async function main() {
  // Started by a parent through an IPC channel (npm start): the channel closes when the parent is gone, even killed
  // by SIGKILL, and this process goes too: at once while it starts, after draining once it runs.
  let leave: (why: string) => void = (why) => {
    log.info(`${why}: exiting`);
    process.exit(0);
  };
  process.once("disconnect", () => leave("the parent process is gone"));
  let config: Config;
  try {
    config = loadConfig(process.env, { needsSecret: false });
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal(e.message);
      process.exit(1);
    }
    throw e;
  }
  log = createLogger({ app: "worker", level: config.LOG_LEVEL, format: config.LOG_FORMAT });
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
    settings: {
      everyMs: config.ESCALATION_EVERY,
      stepHours: config.ESCALATION_STEP_HOURS,
      batchSize: config.EVALUATION_BATCH_SIZE,
      dataDir: config.DATA_DIR,
      webhookAllowPrivate: config.WEBHOOK_ALLOW_PRIVATE === "1",
    },
    log,
  });
  log.info(
    `ready: queue "${config.QUEUE_PREFIX}:jobs" on ${safeUrl(config.REDIS_URL)}, concurrency ${config.WORKER_CONCURRENCY}, escalation every ${config.ESCALATION_EVERY / 1000} s`,
  );

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${why}: finishing running jobs (at most ${config.SHUTDOWN_GRACE / 1000} s), then closing`);
    await running.close(config.SHUTDOWN_GRACE).catch((err) => log.error({ err }, "closing"));
    await ds.destroy().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  leave = (why) => void stop(why);
}

main().catch((e) => {
  log.fatal(`could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
