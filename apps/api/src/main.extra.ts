import type { Config } from "@assess/config";
import type express from "express";
import type { Request } from "express";
import type { Principal } from "./common/principal";
import { exportRouter } from "./documents/exports.routes";
import type { Services } from "./services";

/** Hooks for the worker issue: the job producer's life cycle and the export routes. */
export async function startExtras(services: Services, _config: Config) {
  return { close: () => services.producer.close() };
}

export function extraRoutes(services: Services, _extras: Awaited<ReturnType<typeof startExtras>>) {
  return (app: express.Express, principalOf: (req: Request) => Promise<Principal | null>) => {
    app.use("/exports", exportRouter(services, principalOf));
  };
}
