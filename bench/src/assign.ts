import { loadConfig } from "@assess/config";
import { loadRubrics } from "@assess/rubrics";
import { createServices } from "../../apps/api/dist/services";
import { insertMany, type InsertRows } from "./lib/insert";
import { timed, type BenchContext } from "./lib/context";
import { fmt, median, ratio, verdict } from "./lib/report";

export interface RateRow {
  what: string;
  rows: number;
  ms: number;
  baselineMs: number;
}

const TASK_COLUMNS = [
  "campaign_id",
  "kind",
  "status",
  "venue_id",
  "unit_id",
  "assignee_id",
  "assigned_by_id",
  "due_at",
  "rubric_code",
  "version",
  "escalation_level",
  "created_at",
  "updated_at",
];

/**
 * assignTasks (SELF_CHECK of every venue, each to its own staff) through the API's service, city by city as a
 * province admin would, against a multi-row INSERT of exactly the task rows it created (5,000 rows a statement,
 * one transaction). Rows are removed after each round.
 */
export async function assignBench(ctx: BenchContext): Promise<RateRow> {
  const { ds } = ctx;
  const config = loadConfig({
    DATABASE_URL: ctx.databaseUrl,
    JWT_SECRET: ctx.jwtSecret,
    LOG_LEVEL: "silent",
    QUEUE_PREFIX: "assess-bench",
  });
  const services = createServices({ ds, config, rubrics: loadRubrics(), clock: () => new Date() });
  const cities: { id: number }[] = await ds.query("SELECT id FROM unit WHERE kind = 'CITY' ORDER BY id");
  const input = (unitId: number) => ({
    campaignId: ctx.campaignId,
    kind: "SELF_CHECK" as const,
    unitId,
    venueTypes: null,
    assigneeId: null,
    dueAt: null,
  });
  const maxId = async () => Number((await ds.query("SELECT COALESCE(MAX(id), 0) AS m FROM task"))[0].m);
  const remove = async (above: number) => {
    await ds.query("DELETE FROM task_event WHERE task_id > ?", [above]);
    await ds.query("DELETE FROM task WHERE id > ?", [above]);
  };

  const service: number[] = [];
  const baseline: number[] = [];
  let created = 0;
  let rows: InsertRows | null = null;
  try {
    for (let r = 0; r < ctx.rounds; r++) {
      const before = await maxId();
      const t = await timed(async () => {
        let n = 0;
        for (const c of cities) n += await services.bulk.assignTasks(ctx.admin, input(c.id));
        return n;
      });
      created = t.value;
      service.push(t.ms);
      if (!rows)
        rows = {
          table: "task",
          columns: TASK_COLUMNS,
          rows: (await ds.query(`SELECT ${TASK_COLUMNS.join(", ")} FROM task WHERE id > ? ORDER BY id`, [before])).map(
            (x: Record<string, unknown>) => TASK_COLUMNS.map((c) => x[c]),
          ),
        };
      await remove(before);
      const b = await timed(() => insertMany(ctx.databaseUrl, [rows!], 5000));
      baseline.push(b.ms);
      await remove(before);
    }
  } finally {
    await services.producer.close().catch(() => {});
  }
  ctx.log(
    `assignTasks: ${created} tasks in ${service.map((x) => x.toFixed(0)).join("/")} ms; multi-row INSERT ${baseline.map((x) => x.toFixed(0)).join("/")} ms`,
  );
  return {
    what: `assignTasks (${cities.length} calls, one per city)`,
    rows: created,
    ms: median(service),
    baselineMs: median(baseline),
  };
}

export function rateRow(r: RateRow): (string | number)[] {
  const rate = r.rows / (r.ms / 1000);
  const base = r.rows / (r.baselineMs / 1000);
  return [r.what, fmt(r.rows), fmt(r.ms / 1000), fmt(rate), fmt(base), ratio(rate / base), verdict(rate / base >= 0.5)];
}

export const RATE_COLUMNS = ["what", "rows", "s", "rows/s", "baseline rows/s", "ratio", "≥ 0.5×"];
