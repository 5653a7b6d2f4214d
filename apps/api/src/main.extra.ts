import type { Config } from "@assess/config";
import type { Services } from "./services";

/** Hooks for the worker issue: job producers and export routes. */
export async function startExtras(_services: Services, _config: Config) {
  return { close: async () => {} };
}

export function extraRoutes(_services: Services, _extras: Awaited<ReturnType<typeof startExtras>>) {
  return undefined;
}
