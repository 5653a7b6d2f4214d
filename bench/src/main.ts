import "reflect-metadata";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { dropDatabase, openDatabase } from "@assess/data";
import { parseArgs, withDatabase } from "../../scripts/dist/lib/args";
import { seedScale } from "../../scripts/dist/seed/scale";
import { RATE_COLUMNS, assignBench, rateRow, type RateRow } from "./assign";
import { dashboardBench } from "./dashboard";
import { escalationBench } from "./escalation";
import { evaluationBench, type EvaluationRun } from "./evaluation";
import { listBench, startServers } from "./graphql-list";
import type { BenchContext } from "./lib/context";
import { fmt, machine, machineLine, markdown, ratio, verdict, type Report } from "./lib/report";
import { scoringBench } from "./scoring";
import { seedRateBench } from "./seed-rate";

const BENCHES = ["seed", "list", "scoring", "dashboard", "assign", "evaluation", "escalation"] as const;
const DOCS = join(__dirname, "..", "..", "docs", "benchmarks.md");
const BEGIN = "<!-- bench:results:begin -->";
const END = "<!-- bench:results:end -->";

const USAGE = `usage: npm run bench [-- --quick] [-- --only list,evaluation] [-- --keep] [-- --no-write] [-- --country]
  Runs every benchmark against its baseline on a database of its own (BENCH_DATABASE_URL, default
  mysql://root@127.0.0.1:3306/assessment_bench, dropped at the end unless --keep), prints the tables and
  writes them into docs/benchmarks.md (a --quick run writes only with --write).
  --country also grows the data to 600,000 venues and runs the evaluation there (adds 15–25 minutes).
  benchmarks: ${BENCHES.join(", ")}`;

const log = (line: string) => console.error(`[bench] ${line}`);

function evaluationReport(runs: EvaluationRun[]): Report {
  const rows: (string | number)[][] = runs.map((r) => [
    fmt(r.venues),
    r.units,
    r.parts,
    fmt(r.workerMs / 1000),
    fmt(r.sqlMs / 1000),
    ratio(r.workerMs / r.sqlMs),
    verdict(r.workerMs / r.sqlMs <= 3),
    r.agree.same
      ? r.agree.roundingMoves
        ? `yes (${r.agree.roundingMoves} ties moved by a 0.001 rounding)`
        : "yes"
      : `**no** (max Δ ${r.agree.maxDelta})`,
  ]);
  const notes = runs.map(
    (r) =>
      `${fmt(r.venues)} venues: plan ${fmt(r.breakdown.plan)} ms, parts ${fmt(r.breakdown.parts)} ms, merge and store ${fmt(r.breakdown.finalize)} ms; ${fmt(r.diskReads)} InnoDB pages read from disk per run.`,
  );
  // 100,000 venues may take 6× the time of 20,000 (5× the venues): the same allowance between other sizes.
  const scaling = runs.slice(1).map((large, i) => {
    const small = runs[i]!;
    const allowed = (6 / 5) * (large.venues / small.venues);
    const scale = large.workerMs / small.workerMs;
    return `${verdict(scale <= allowed)}: ${fmt(large.venues)} venues take ${ratio(scale)} the time of ${fmt(small.venues)} (goal ≤ ${ratio(allowed)}, no worse than linear).`;
  });
  notes.unshift(...scaling);
  notes.push(
    "The worker runs in this process exactly as its BullMQ flow does (plan, parts of 2,000 venues 4 at a time, merge, store), without the queue round trips; the baseline is one SQL statement (bench/src/evaluation.ts) whose ranking is checked against the stored one.",
  );
  return {
    title: "Annual evaluation",
    goal: "time ≤ 3× one hand-written SQL aggregate of the same ranking; the larger size ≤ 6× the time of the province (no worse than linear)",
    columns: ["venues", "units ranked", "parts", "worker s", "SQL s", "ratio", "≤ 3×", "same ranking"],
    rows,
    notes,
  };
}

function rateReport(rows: RateRow[]): Report {
  return {
    title: "Inserts: assignTasks and seed:scale",
    goal: "rows/s ≥ 0.5× a multi-row INSERT of the same rows into the same tables",
    columns: RATE_COLUMNS,
    rows: rows.map(rateRow),
    notes: [
      "assignTasks: rows are the task rows it creates (it also writes one history event per task, not counted); the baseline inserts those same task rows, 5,000 a statement, in one transaction.",
      "seed:scale: all rows of all tables (units, venues, users, tasks, events, findings, problems, …) into an empty database, generation included; the baseline inserts the very rows it generated (recorded in memory first), 5,000 a statement, in one transaction.",
    ],
  };
}

function writeDocs(section: string): void {
  const template = `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const text = existsSync(DOCS) ? readFileSync(DOCS, "utf8") : template;
  const at = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    at >= 0 && end > at
      ? `${text.slice(0, at + BEGIN.length)}\n${section}\n${text.slice(end)}`
      : `${text.trimEnd()}\n\n${BEGIN}\n${section}\n${END}\n`;
  writeFileSync(DOCS, next);
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    quick: "boolean",
    only: "string",
    keep: "boolean",
    "no-write": "boolean",
    write: "boolean",
    help: "boolean",
    country: "boolean",
  });
  if (args.help) return console.log(USAGE);
  const only = new Set(
    args.only
      ? String(args.only)
          .split(",")
          .map((s) => s.trim())
      : BENCHES,
  );
  for (const o of only)
    if (!BENCHES.includes(o as never)) throw new Error(`unknown benchmark "${o}" (known: ${BENCHES.join(", ")})`);
  const quick = Boolean(args.quick);
  const size = quick
    ? { province: 2_000, large: 10_000, rectifications: 10_000, overdue: 1_000, country: 60_000 }
    : { province: 20_000, large: 100_000, rectifications: 100_000, overdue: 10_000, country: 600_000 };
  const rounds = 3;
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ||
    withDatabase(process.env.DATABASE_URL || "mysql://root@127.0.0.1:3306/assessment", "assessment_bench");
  const password = "bench-password-2024";
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  const reports: Report[] = [];
  const rates: RateRow[] = [];
  const evaluations: EvaluationRun[] = [];

  log(`${quick ? "quick" : "full"} run on ${databaseUrl.replace(/\/\/[^@]*@/, "//")}`);
  let seeded;
  if (only.has("seed")) {
    const r = await seedRateBench({ databaseUrl, venues: size.province, rounds, password, log });
    rates.push(r.row);
    seeded = r.seeded;
  } else {
    await dropDatabase(databaseUrl);
    seeded = await seedScale({ databaseUrl, venues: size.province, password });
  }
  log(`seeded ${seeded.venues} venues, ${seeded.rows} rows in ${(seeded.ms / 1000).toFixed(1)} s`);
  const ds = await openDatabase(databaseUrl, { poolSize: 10 });
  const m = { ...(await machine((sql) => ds.query(sql))), load: loadAtStart };
  const ctx: BenchContext = {
    quick,
    databaseUrl,
    ds,
    campaignId: seeded.campaignId,
    jwtSecret: "bench-secret-not-for-production",
    rounds,
    log,
    admin: {
      userId: seeded.admin.id,
      role: "CITY_ADMIN",
      unitId: null,
      unitPath: null,
      unitKind: null,
      venueId: null,
      viaApiToken: false,
      username: seeded.admin.username,
      password,
    },
  };
  try {
    if (only.has("list") || only.has("scoring")) {
      const servers = await startServers(ctx);
      try {
        if (only.has("list")) reports.push(...(await listBench(ctx, servers)));
        if (only.has("scoring")) reports.push(await scoringBench(ctx, servers));
      } finally {
        await servers.stop();
      }
    }
    // At the province's size, before the larger runs grow the data.
    if (only.has("dashboard")) reports.push(await dashboardBench(ctx));
    if (only.has("assign")) rates.push(await assignBench(ctx));
    if (only.has("evaluation")) evaluations.push(await evaluationBench(ctx));
    if (only.has("evaluation") || only.has("escalation")) {
      const more = await seedScale({ databaseUrl, venues: size.large - seeded.venues, password });
      log(`added ${more.venues} venues (${more.rows} rows) in ${(more.ms / 1000).toFixed(1)} s: ${size.large} in all`);
    }
    if (only.has("evaluation")) evaluations.push(await evaluationBench(ctx));
    if (only.has("escalation")) reports.push(await escalationBench(ctx, size.rectifications, size.overdue));
    if (args.country) {
      const more = await seedScale({ databaseUrl, venues: size.country - size.large, password });
      log(
        `added ${more.venues} venues (${more.rows} rows) in ${(more.ms / 1000).toFixed(1)} s: ${size.country} in all`,
      );
      evaluations.push(await evaluationBench(ctx));
    }
  } finally {
    await ds.destroy();
    if (!args.keep) await dropDatabase(databaseUrl);
  }

  const ordered = [
    ...reports.filter((r) => r.title.startsWith("GraphQL")),
    ...(evaluations.length ? [evaluationReport(evaluations)] : []),
    ...(rates.length ? [rateReport(rates)] : []),
    ...reports.filter((r) => !r.title.startsWith("GraphQL")),
  ];
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const section = [
    `Run of ${new Date().toISOString().slice(0, 10)} (\`npm run bench${quick ? " -- --quick" : ""}\`, ${minutes} min), on ${machineLine(m)}.`,
    `Province: ${fmt(size.province)} venues with a whole year of work (${fmt(seeded.rows)} rows); larger runs add venues up to ${fmt(args.country ? size.country : size.large)}.`,
    "",
    ...ordered.flatMap((r) => [markdown(r), ""]),
  ].join("\n");
  console.log(section);
  if (args.write || (!quick && !args["no-write"] && only.size === BENCHES.length)) {
    writeDocs(section);
    log(`written to ${DOCS}`);
  }
}

main().catch((e) => {
  console.error(`[bench] failed: ${e instanceof Error ? e.stack : e}`);
  process.exit(1);
});
