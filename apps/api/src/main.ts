import "reflect-metadata";
import { ConfigError, loadConfig } from "@assess/config";
import { openDatabase, withDatabaseSecret } from "@assess/data";
import { loadRubrics } from "@assess/rubrics";
import { connectRedis, evictionWarning } from "@assess/jobs";
import { createApp, listen } from "./app";
import { extraRoutes, startExtras } from "./main.extra";
import { createServices } from "./services";

/** `npm start`: configuration, database (created and migrated), bootstrap admin, then HTTP. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`[api] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const rubrics = loadRubrics();
  const ds = await openDatabase(config.DATABASE_URL, { connectTimeoutMs: config.DB_CONNECT_TIMEOUT, queryTimeoutMs: config.DB_QUERY_TIMEOUT });
  config = await withDatabaseSecret(ds, config);
  const redis = connectRedis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on("error", () => {});
  // BullMQ's jobs live in this Redis: say loudly when it may evict them.
  redis
    .connect()
    .then(() => evictionWarning(redis))
    .then((w) => w && console.warn(`[api] WARNING: ${w}`))
    .catch(() => {});
  const services = createServices({ ds, config, rubrics, clock: () => new Date() });
  const extras = await startExtras(services, config);
  const admin = await services.auth.bootstrapAdmin();
  if (admin) console.log(`[api] created the city admin "${admin.username}" from ADMIN_USERNAME`);
  if (admin && config.admin!.password.length < 8) console.warn("[api] ADMIN_PASSWORD is shorter than 8 characters: change it after signing in (changePassword).");
  const { app, apollo } = await createApp({
    services,
    health: {
      db: () => ds.query("SELECT 1").then(() => true),
      redis: () => Promise.race([redis.ping().then((r) => r === "PONG"), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]),
    },
    routes: extraRoutes(services, extras),
  });
  const server = await listen(app, config.PORT, config.HOST);
  console.log(`[api] GraphQL on http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}/graphql (health: /healthz; listening on ${config.HOST})`);

  const stop = async (signal: string) => {
    console.log(`[api] ${signal}: closing`);
    server.close();
    await apollo.stop().catch(() => {});
    await extras.close().catch(() => {});
    redis.disconnect();
    services.loginThrottle.close();
    await ds.destroy().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  console.error("[api] could not start:", e instanceof Error ? e.message : e);
  process.exit(1);
});
