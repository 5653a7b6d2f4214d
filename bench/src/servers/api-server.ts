import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { loadConfig } from "@assess/config";
import { openDatabase, queryCounter } from "@assess/data";
import { createLogger } from "@assess/log";
import { loadRubrics } from "@assess/rubrics";
import { createApp, listen } from "../../../apps/api/dist/app";
import { extraRoutes, startExtras } from "../../../apps/api/dist/main.extra";
import { createServices } from "../../../apps/api/dist/services";

async function main() {
  const config = loadConfig(process.env);
  const ds = await openDatabase(config.DATABASE_URL);
  const services = createServices({ ds, config, rubrics: loadRubrics(), clock: () => new Date() });
  const extras = await startExtras(services, config);
  const { app } = await createApp({
    services,
    health: { db: async () => true, redis: async () => true },
    routes: extraRoutes(services, extras),
    log: createLogger({ app: "api", level: "silent" }),
  });
  const server = await listen(app, 0);
  process.on("message", (m) => {
    if (m === "count") process.send!({ count: queryCounter(ds).count });
  });
  process.send!({ port: (server.address() as AddressInfo).port });
}

main().catch((e) => {
  console.error("[bench api]", e);
  process.exit(1);
});
