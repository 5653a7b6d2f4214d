import "reflect-metadata";
import { ConfigError, loadConfig } from "@assess/config";
import { openDatabase, withDatabaseSecret } from "@assess/data";
import { createLogger } from "@assess/log";
import { loadRubrics } from "@assess/rubrics";
import { connectRedis, evictionWarning } from "@assess/jobs";
import { createApp, listen } from "./app";
import { drain } from "./common/drain";
import { extraRoutes, startExtras } from "./main.extra";
import { createServices } from "./services";

/** Until the configuration is read: JSON lines at info. */
let log = createLogger({ app: "api" });

/** `npm start`: configuration, database (created and migrated), bootstrap admin, then HTTP. */
async function main() {
  // Started by a parent through an IPC channel: the channel closes when the parent is gone, even killed by SIGKILL,
  // and this process goes too: at once while it starts, after draining once it runs. (npm start's API processes are
  // node:cluster workers, which cluster itself ends at once when the channel closes.)
  let leave: (why: string) => void = (why) => {
    log.info(`${why}: exiting`);
    process.exit(0);
  };
  process.once("disconnect", () => leave("the parent process is gone"));
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal(e.message);
      process.exit(1);
    }
    throw e;
  }
  log = createLogger({ app: "api", level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const rubrics = loadRubrics();
  const ds = await openDatabase(config.DATABASE_URL, {
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT,
    queryTimeoutMs: config.DB_QUERY_TIMEOUT,
  });
  config = await withDatabaseSecret(ds, config);
  const redis = connectRedis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (n) => Math.min(n * 200, 2000),
  });
  redis.on("error", () => {});
  // BullMQ's jobs live in this Redis: say loudly when it may evict them.
  redis
    .connect()
    .then(() => evictionWarning(redis))
    .then((w) => w && log.warn(`WARNING: ${w}`))
    .catch(() => {});
  const services = createServices({ ds, config, rubrics, clock: () => new Date() });
  const extras = await startExtras(services, config);
  const admin = await services.auth.bootstrapAdmin();
  if (admin) log.info(`created the city admin "${admin.username}" from ADMIN_USERNAME`);
  if (admin && config.admin!.password.length < 8)
    log.warn("ADMIN_PASSWORD is shorter than 8 characters: change it after signing in (changePassword).");
  const { app, apollo } = await createApp({
    services,
    health: {
      db: () => ds.query("SELECT 1").then(() => true),
      // /healthz gives each check at most HEALTH_TIMEOUT_MS.
      redis: () => redis.ping().then((r) => r === "PONG"),
    },
    routes: extraRoutes(services, extras),
    log,
  });
  const server = await listen(app, config.PORT, config.HOST);
  log.info(
    `GraphQL on http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}/graphql (health: /healthz; listening on ${config.HOST})`,
  );

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info(
      `${why}: no new connections; finishing the requests in flight (at most ${config.SHUTDOWN_GRACE / 1000} s), then closing`,
    );
    if (!(await drain(server, config.SHUTDOWN_GRACE)))
      log.warn(`requests still running after ${config.SHUTDOWN_GRACE / 1000} s were cut`);
    await apollo.stop().catch(() => {});
    await extras.close().catch(() => {});
    redis.disconnect();
    services.loginThrottle.close();
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
