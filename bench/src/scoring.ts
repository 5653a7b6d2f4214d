import { scoreSheet, type FindingLike } from "@assess/domain";
import { loadRubrics } from "@assess/rubrics";
import { gql } from "./lib/child";
import type { BenchContext } from "./lib/context";
import type { Servers } from "./graphql-list";
import { load } from "./lib/load";
import { fmt, median, type Report } from "./lib/report";

/** A plausible sheet of the comprehensive centre's rubric: eight findings, per-occurrence and fixed rules, a bonus. */
const FINDINGS: FindingLike[] = [
  { indicatorCode: "I01", ruleCode: "R1", occurrences: 1 },
  { indicatorCode: "I02", ruleCode: "R2", occurrences: 3 },
  { indicatorCode: "I04", ruleCode: "R2", occurrences: 2 },
  { indicatorCode: "I05", ruleCode: "R1", occurrences: 6 },
  { indicatorCode: "I08", ruleCode: "R2", occurrences: 1 },
  { indicatorCode: "I13", ruleCode: "R1", occurrences: 4 },
  { indicatorCode: "I21", ruleCode: "R1", occurrences: 2 },
  { indicatorCode: "I24", ruleCode: "R2", occurrences: 1 },
];
const RUBRIC = "2024-comprehensive-center";

const PREVIEW = `query Preview($c: String!, $f: [FindingInput!]!) {
  previewScore(rubricCode: $c, findings: $f) { total deducted bonus indicators { indicatorCode points deducted score } }
}`;

/** scoreSheet alone, for `ms` milliseconds: previews per second. */
function engineRate(ms: number): number {
  const rubric = loadRubrics().byCode(RUBRIC)!;
  let n = 0;
  let sink = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) sink += scoreSheet(rubric, FINDINGS).total;
    n += 200;
  }
  if (sink === 0) throw new Error("unreachable");
  return n / (ms / 1000);
}

export async function scoringBench(ctx: BenchContext, s: Servers): Promise<Report> {
  const answer = await gql(s.api.url, PREVIEW, { c: RUBRIC, f: FINDINGS }, s.token);
  const expected = scoreSheet(loadRubrics().byCode(RUBRIC)!, FINDINGS);
  if (answer.errors || answer.data.previewScore.total !== expected.total)
    throw new Error(`previewScore answers ${JSON.stringify(answer)}, the engine ${expected.total}`);
  const seconds = ctx.quick ? 2 : 5;
  const body = JSON.stringify({ query: PREVIEW, variables: { c: RUBRIC, f: FINDINGS } });
  await load(s.api.url, { body, token: s.token, connections: 10, seconds: 1 });
  const engine: number[] = [];
  const http: number[] = [];
  const p95: number[] = [];
  for (let r = 0; r < ctx.rounds; r++) {
    engine.push(engineRate(seconds * 400));
    const l = await load(s.api.url, { body, token: s.token, connections: 10, seconds });
    http.push(l.rps);
    p95.push(l.p95);
  }
  const e = median(engine);
  const h = median(http);
  ctx.log(`scoring: engine ${fmt(e)}/s, previewScore over HTTP ${fmt(h)}/s`);
  return {
    title: "Scoring engine alone, and previewScore over HTTP",
    goal: "none set: how much of a preview's cost is the scoring itself",
    columns: ["what", "previews/s", "p95 ms", "ratio to the engine"],
    rows: [
      ["scoreSheet (libs/domain), one core", fmt(e), "—", "1×"],
      ["previewScore over HTTP (API, 10 connections)", fmt(h), fmt(median(p95)), `${(h / e).toPrecision(2)}×`],
    ],
    notes: [
      `One sheet of ${FINDINGS.length} findings on ${RUBRIC} (FIXED, PER_OCCURRENCE and a BONUS rule); medians of ${ctx.rounds} rounds.`,
      `Scoring is ${fmt(1e6 / e)} µs of a preview; the rest is HTTP, GraphQL parsing and validation, sign-in (a JWT check and one SELECT) and serialisation.`,
    ],
  };
}
