import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { loadConfig } from "@assess/config";
import { openDatabase, queryCounter } from "@assess/data";
import { loadRubrics } from "@assess/rubrics";
import { createApp, listen } from "../../../apps/api/dist/app";
import { extraRoutes, startExtras } from "../../../apps/api/dist/main.extra";
import { createServices } from "../../../apps/api/dist/services";
import { TaskQueryService } from "../../../apps/api/dist/tasks/task-query.service";

interface Where {
  sql: string;
  params: unknown[];
}

/**
 * BENCH_WHAT_IF=list: the list's two costly statements changed as docs/benchmarks.md proposes, to measure what that
 * would buy — the page is read in the task table's primary-key order (STRAIGHT_JOIN: tasks first, then their unit)
 * and the count is skipped (the benchmark's query does not ask for totalCount). Benchmark only, never shipped.
 */
function patchList(): void {
  const proto = TaskQueryService.prototype as unknown as {
    page(this: { ds: { query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> } }, from: string, alias: string, where: Where[], page: { first: number; afterId: number | null }): Promise<{ rows: Record<string, unknown>[]; total: number }>;
  };
  proto.page = async function (from, alias, where, page) {
    const sql = where.map((w) => w.sql).join(" AND ");
    const after = page.afterId !== null ? ` AND ${alias}.id > ?` : "";
    const rows = await this.ds.query(`SELECT ${alias}.* FROM ${from.replace(" JOIN ", " STRAIGHT_JOIN ")} WHERE ${sql}${after} ORDER BY ${alias}.id LIMIT ?`, [
      ...where.flatMap((w) => w.params),
      ...(page.afterId !== null ? [page.afterId] : []),
      page.first + 1,
    ]);
    return { rows, total: -1 };
  };
}

/**
 * The product's API exactly as `npm start` builds it (apps/api/src/main.ts), in a process of its own on a free port.
 * The parent asks for the number of SQL statements sent so far with the message "count".
 */
async function main() {
  if (process.env.BENCH_WHAT_IF === "list") patchList();
  const config = loadConfig(process.env);
  const ds = await openDatabase(config.DATABASE_URL);
  const services = createServices({ ds, config, rubrics: loadRubrics(), clock: () => new Date() });
  const extras = await startExtras(services, config);
  const { app } = await createApp({
    services,
    health: { db: async () => true, redis: async () => true },
    routes: extraRoutes(services, extras),
    log: () => {},
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
