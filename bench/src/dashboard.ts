import { join } from "node:path";
import { createPool, type Pool, type RowDataPacket } from "mysql2/promise";
import { dashboardStatements } from "../../apps/api/dist/dashboard/dashboard.sql";
import { evaluateInProcess } from "../../apps/worker/dist/evaluation/evaluation";
import { gql, startServer, type Server } from "./lib/child";
import { timed, type BenchContext } from "./lib/context";
import { fmt, median, percentile, ratio, verdict, type Report } from "./lib/report";

const COUNTS = "total assigned inProgress submitted returned completed cancelled overdue";

/** What the console's dashboard page asks for: everything, the evaluation's entries with their units included. */
export const DASHBOARD_QUERY = `query Dashboard($c: ID!) {
  dashboard(campaignId: $c) {
    campaign { id year name }
    scope { id name }
    deadlines { key dueAt daysLeft }
    phases { kind ${COUNTS} }
    units { unit { id name kind } kind ${COUNTS} }
    escalations { level count }
    scores { venueType venues assessed average min max selfCheckAverage }
    evaluation { id computedAt entries { rank score unit { id name } } }
  }
}`;

const GOAL_MS = 300;

/**
 * The baseline: the statements the API sends for one dashboard, sent directly with mysql2 and in the same order and
 * concurrency (the principal and the campaign; the tasks, the scores and the latest evaluation at once; the units of
 * the rows and the evaluation's entries at once; the units of the entries not among them). The tasks and scores statements are the
 * API's own (dashboardStatements), the others are the loaders' and services' text.
 */
async function baseline(pool: Pool, ctx: BenchContext): Promise<{ tasks: number; statements: number }> {
  let statements = 0;
  const query = async (sql: string, params: unknown[]) => {
    statements++;
    return (await pool.query<RowDataPacket[]>(sql, params))[0];
  };
  await query(
    "SELECT u.id, u.role, u.unit_id, u.venue_id, un.path, un.kind FROM user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = ? AND u.active = 1",
    [ctx.admin.userId],
  );
  await query("SELECT * FROM campaign WHERE id = ? LIMIT 1", [ctx.campaignId]);
  const q = dashboardStatements(ctx.admin, ctx.campaignId, new Date());
  const [tasks, , runs] = await Promise.all([
    query(q.tasks.sql, q.tasks.params),
    query(q.scores.sql, q.scores.params),
    query("SELECT * FROM evaluation_run WHERE campaign_id = ? ORDER BY job_run_id DESC LIMIT 1", [ctx.campaignId]),
  ]);
  const unitIds = [...new Set(tasks.map((r) => Number(String(r.row_path).split("/").filter(Boolean).at(-1))))];
  const [, entries] = await Promise.all([
    query("SELECT * FROM `unit` WHERE id IN (?)", [unitIds]),
    runs[0]
      ? query(
          "SELECT e.*, un.name AS unit_name, un.kind AS unit_kind FROM evaluation_entry e JOIN unit un ON un.id = e.unit_id WHERE e.run_id = ? AND 1=1 ORDER BY e.`rank`, e.unit_id",
          [runs[0].id],
        )
      : Promise.resolve([] as RowDataPacket[]),
  ]);
  // Those not loaded already with the rows (the loader's cache).
  const more = entries.map((e) => Number(e.unit_id)).filter((id) => !unitIds.includes(id));
  if (more.length) await query("SELECT * FROM `unit` WHERE id IN (?)", [more]);
  return { tasks: tasks.reduce((s, r) => s + Number(r.n), 0), statements };
}

/** dashboard(campaignId) over HTTP as the city admin, against the same SQL statements sent directly, alternately. */
export async function dashboardBench(ctx: BenchContext): Promise<Report> {
  const env = {
    DATABASE_URL: ctx.databaseUrl,
    JWT_SECRET: ctx.jwtSecret,
    LOG_LEVEL: "silent",
    QUEUE_PREFIX: "assess-bench",
    DEMO: "0",
    NODE_ENV: "production",
  };
  // The dashboard shows the latest annual evaluation: there is one, as there would be in the autumn.
  const [{ n: runs }] = await ctx.ds.query("SELECT COUNT(*) AS n FROM evaluation_run WHERE campaign_id = ?", [
    ctx.campaignId,
  ]);
  if (!Number(runs)) await evaluateInProcess(ctx.ds, { campaignId: ctx.campaignId, asOf: new Date(), concurrency: 4 });
  const url = new URL(ctx.databaseUrl);
  const pool = createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username) || "root",
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    connectionLimit: 10,
    timezone: "Z",
    charset: "utf8mb4_unicode_ci",
  });
  let api: Server | undefined;
  try {
    api = await startServer(join(__dirname, "servers", "api-server.js"), env);
    const signedIn = await gql(
      api.url,
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
      { u: ctx.admin.username, p: ctx.admin.password },
    );
    if (!signedIn.data) throw new Error(`bench: could not sign in: ${JSON.stringify(signedIn.errors)}`);
    const token: string = signedIn.data.login.token;
    const request = async () => {
      const r = await gql(api!.url, DASHBOARD_QUERY, { c: String(ctx.campaignId) }, token);
      if (r.errors || !r.data) throw new Error(`bench: dashboard failed: ${JSON.stringify(r.errors)}`);
      return r.data.dashboard as { phases: { total: number }[]; units: unknown[] };
    };

    // The two count the same tasks, and send as many statements, before their speed is compared.
    const before = await api.statements();
    const answer = await request();
    const apiStatements = (await api.statements()) - before;
    const direct = await baseline(pool, ctx);
    const apiTasks = answer.phases.reduce((s, p) => s + p.total, 0);
    if (apiTasks !== direct.tasks || apiStatements !== direct.statements) {
      throw new Error(
        `bench: the API counts ${apiTasks} tasks in ${apiStatements} statements, the baseline ${direct.tasks} in ${direct.statements}`,
      );
    }

    const perRound = ctx.quick ? 5 : 10;
    for (let i = 0; i < 3; i++) await Promise.all([request(), baseline(pool, ctx)].map((p) => p.then(() => undefined)));
    const apiMs: number[] = [];
    const sqlMs: number[] = [];
    for (let r = 0; r < ctx.rounds; r++) {
      for (let i = 0; i < perRound; i++) apiMs.push((await timed(request)).ms);
      for (let i = 0; i < perRound; i++) sqlMs.push((await timed(() => baseline(pool, ctx))).ms);
    }
    const [{ venues }] = await ctx.ds.query("SELECT COUNT(*) AS venues FROM venue WHERE active = 1");
    const [{ tasks }] = await ctx.ds.query("SELECT COUNT(*) AS tasks FROM task WHERE campaign_id = ?", [
      ctx.campaignId,
    ]);
    const m = median(apiMs);
    const b = median(sqlMs);
    ctx.log(
      `dashboard at ${fmt(Number(venues))} venues: API median ${fmt(m)} ms (p95 ${fmt(percentile(apiMs, 95))}), SQL ${fmt(b)} ms, ${apiStatements} statements`,
    );
    return {
      title: "GraphQL dashboard: dashboard(campaignId) for the city admin",
      goal: `median ≤ ${GOAL_MS} ms over HTTP for the whole city; the ratio to the same SQL statements sent directly shows what the API adds`,
      columns: [
        "venues",
        "tasks",
        "unit rows",
        "API median ms",
        "API p95 ms",
        "SQL median ms",
        "ratio",
        `≤ ${GOAL_MS} ms`,
        "statements",
      ],
      rows: [
        [
          fmt(Number(venues)),
          fmt(Number(tasks)),
          answer.units.length,
          fmt(m),
          fmt(percentile(apiMs, 95)),
          fmt(b),
          ratio(m / b),
          verdict(m <= GOAL_MS),
          apiStatements,
        ],
      ],
      notes: [
        `${perRound} requests a round, ${ctx.rounds} rounds, API and baseline alternating by round; medians over every request. The API runs as in the list benchmark (its own process, NODE_ENV=production); the request asks for every field, the evaluation's entries with their units included (a stored evaluation is made first when there is none).`,
        "Baseline: the statements the API sends for that request (principal, campaign; the grouped tasks, the grouped scores and the latest evaluation at once; the rows' units and the entries at once; the entries' units not loaded with the rows) sent directly over a mysql2 pool, with no HTTP, GraphQL or ORM. Both count the same tasks in the same number of statements, checked before timing.",
      ],
    };
  } finally {
    await api?.stop();
    await pool.end();
  }
}
