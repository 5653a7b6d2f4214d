import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { startServer, gql, type Server } from "./lib/child";
import type { BenchContext } from "./lib/context";
import { load, type LoadResult } from "./lib/load";
import { fmt, median, ratio, verdict, type Report } from "./lib/report";

export const LIST_QUERY = `query List($first: Int!, $after: String) {
  tasks(first: $first, after: $after) {
    nodes { id kind status dueAt venue { id name } unit { id name } assignee { id displayName } score { total } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface Servers {
  api: Server;
  baseline: Server;
  token: string;
  stop(): Promise<void>;
}

/** The API as `npm start` runs it and the baseline, each in a process of its own, on the bench database. */
export async function startServers(ctx: BenchContext): Promise<Servers> {
  // NODE_ENV=production as infra/Dockerfile runs the API (graphql-js then skips its development-time checks).
  const env = {
    DATABASE_URL: ctx.databaseUrl,
    JWT_SECRET: ctx.jwtSecret,
    LOG_LEVEL: "silent",
    QUEUE_PREFIX: "assess-bench",
    DEMO: "0",
    NODE_ENV: "production",
  };
  const api = await startServer(join(__dirname, "servers", "api-server.js"), env);
  const baseline = await startServer(join(__dirname, "servers", "baseline-server.js"), env);
  const signedIn = await gql(
    api.url,
    `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
    { u: ctx.admin.username, p: ctx.admin.password },
  );
  if (!signedIn.data) throw new Error(`bench: could not sign in: ${JSON.stringify(signedIn.errors)}`);
  return {
    api,
    baseline,
    token: signedIn.data.login.token,
    stop: async () => void (await Promise.all([api.stop(), baseline.stop()])),
  };
}

/** Both servers must give the same answer, on the first page and the next, before their speed is compared. */
async function sameAnswers(s: Servers): Promise<void> {
  let after: string | null = null;
  for (const first of [10, 50, 100]) {
    const [a, b]: { data?: any; errors?: unknown[] }[] = await Promise.all(
      [s.api, s.baseline].map((server) => gql(server.url, LIST_QUERY, { first, after }, s.token)),
    );
    if (a.errors || b.errors || !isDeepStrictEqual(a, b)) {
      throw new Error(
        `bench: the API and the baseline answer tasks(first: ${first}) differently:\n${JSON.stringify(a).slice(0, 400)}\n${JSON.stringify(b).slice(0, 400)}`,
      );
    }
    after = a.data.tasks.pageInfo.endCursor;
  }
}

/** SQL statements one request costs, by page size. */
async function statementsPerRequest(server: Server, token: string, first: number): Promise<number> {
  const before = await server.statements();
  const r = await gql(server.url, LIST_QUERY, { first }, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return (await server.statements()) - before;
}

export async function listBench(ctx: BenchContext, s: Servers): Promise<Report[]> {
  await sameAnswers(s);
  const sizes = [10, 50, 100];
  const statements: number[][] = [];
  for (const first of sizes)
    statements.push([
      first,
      await statementsPerRequest(s.api, s.token, first),
      await statementsPerRequest(s.baseline, s.token, first),
    ]);
  const constant = statements.every((r) => r[1] === statements[0]![1]);

  const body = JSON.stringify({ query: LIST_QUERY, variables: { first: 50 } });
  const seconds = ctx.quick ? 2 : 5;
  const rows: (string | number)[][] = [];
  for (const connections of [1, 10, 50]) {
    const o = { body, token: s.token, connections, seconds };
    await load(s.api.url, { ...o, seconds: 1 });
    await load(s.baseline.url, { ...o, seconds: 1 });
    const api: LoadResult[] = [];
    const base: LoadResult[] = [];
    for (let r = 0; r < ctx.rounds; r++) {
      api.push(await load(s.api.url, o));
      base.push(await load(s.baseline.url, o));
    }
    const m = (xs: LoadResult[], k: keyof LoadResult) => median(xs.map((x) => x[k]));
    const rpsRatio = m(api, "rps") / m(base, "rps");
    const p95Ratio = m(api, "p95") / m(base, "p95");
    ctx.log(
      `list, ${connections} connections: API ${fmt(m(api, "rps"))} req/s p95 ${fmt(m(api, "p95"))} ms; baseline ${fmt(m(base, "rps"))} req/s p95 ${fmt(m(base, "p95"))} ms`,
    );
    rows.push([
      connections,
      fmt(m(api, "rps")),
      fmt(m(base, "rps")),
      ratio(rpsRatio),
      verdict(rpsRatio >= 0.8),
      fmt(m(api, "p95")),
      fmt(m(base, "p95")),
      ratio(p95Ratio),
      verdict(p95Ratio <= 1.25),
    ]);
  }
  const [{ n }] = await ctx.ds.query("SELECT COUNT(*) AS n FROM task");
  return [
    {
      title: "GraphQL list: tasks(first: 50) with venue, unit, assignee and score, under load",
      goal: "requests/s ≥ 0.8× the baseline, p95 latency ≤ 1.25× the baseline's, at every concurrency",
      columns: [
        "connections",
        "API req/s",
        "baseline req/s",
        "ratio",
        "≥ 0.8×",
        "API p95 ms",
        "baseline p95 ms",
        "ratio",
        "≤ 1.25×",
      ],
      rows,
      notes: [
        `${Number(n).toLocaleString("en-US")} tasks in the database; the city admin's view (every task); autocannon for ${seconds} s per round, medians of ${ctx.rounds} rounds, API and baseline alternating.`,
        "API: `apps/api` exactly as `npm start` builds it (Apollo Server 5 with graphql-jit as its executor, type-graphql, TypeORM, DataLoader), in its own process, with NODE_ENV=production as infra/Dockerfile runs it (so does the baseline); neither gets other Node flags.",
        "Baseline: node:http + graphql-js `execute` (parse and validation cached) + one hand-written mysql2 JOIN for the page; it verifies the same session JWT and reads the principal like the API. Both answers are checked to be identical (pages of 10, 50 and 100) before timing.",
      ],
    },
    {
      title: "GraphQL list: SQL statements per request by page size",
      goal: "constant in the page size",
      columns: ["first", "API statements", "baseline statements"],
      rows: statements.map((r) => [r[0]!, r[1]!, r[2]!]),
      notes: [
        `${constant ? "PASS" : "**MISS**"}: the API sends ${constant ? "the same number of" : "a varying number of"} statements whatever the page size: sign-in and the page, which joins venue, unit and assignee when only their own fields are asked (a computed field, e.g. venue { unit }, leaves that relation to one batched query); the count only when totalCount is asked for.`,
      ],
    },
  ];
}
