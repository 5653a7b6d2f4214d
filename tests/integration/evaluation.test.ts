import { ANNUAL_EVALUATION_JOB, PayloadError, QueueUnavailableError } from "@assess/jobs";
import { DEFAULT_POLICY } from "@assess/domain";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BY_TYPE_HEADERS, PENALTY_HEADERS, RANKING_HEADERS } from "../../apps/api/src/evaluation/evaluation-export";
import { evaluateInProcess } from "../../apps/worker/src/evaluation/evaluation";
import { HANDLERS } from "../../apps/worker/src/handlers";
import type { RunningWorker } from "../../apps/worker/src/worker";
import { campaign, unit, user, venue, type SignedIn } from "../support/factories";
import { assign, completeScoring, review, start, submit, type Finding } from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";
import { dropQueue, settled, startTestWorker } from "../support/worker";

/*
 * One city built through the API: districts A, B and E and a department D, with unified assessments, rectifications
 * (one still open past its due date, one completed late), a failed re-check, a recurring problem and problems from an
 * unannounced inspection. The evaluation is computed by the BullMQ flow in small parts and checked against the policy
 * worked out by hand here, against an in-process run, and against the exported spreadsheet.
 */
let api: Api;
let worker: RunningWorker;
let w: Awaited<ReturnType<typeof build>>;

beforeAll(async () => {
  api = await startApi({ EVALUATION_BATCH_SIZE: "2" });
  worker = await startTestWorker(api);
  w = await build();
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await dropQueue(api.config.REDIS_URL, api.config.QUEUE_PREFIX);
  await api?.close();
});

const POLICY = {
  weights: {
    COMPREHENSIVE_CENTER: 0.5,
    PROFESSIONAL_SUBCENTER: 0.3,
    CONVENIENCE_CENTER: 0.2,
    CONVENIENCE_STATION: 0.2,
  },
  penalties: {
    overdueRectification: 1.5,
    failedRecheck: 2,
    recurringProblem: 1,
    unannouncedProblem: 0.5,
    inflatedSelfCheck: 1,
  },
  penaltyCap: 20,
  graceDays: 15,
  selfCheckGap: 10,
};
const EVALUATION = `query($c: ID!) { annualEvaluation(campaignId: $c) { id computedAt asOf policy inputs jobRunId campaign { id year }
  entries { unit { id name kind } rank score assessmentScore penalty venueCount overdueRectifications failedRechecks recurringProblems unannouncedProblems breakdown } } }`;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function build() {
  api.clock.set("2024-06-01T02:00:00Z");
  const admin = await user(api, "CITY_ADMIN");
  const cityId = await unit(api, admin, "CITY", null, "某市");
  const a = await unit(api, admin, "DISTRICT", cityId, "甲区");
  const b = await unit(api, admin, "DISTRICT", cityId, "乙区");
  const e = await unit(api, admin, "DISTRICT", cityId, "丙区");
  const d = await unit(api, admin, "DEPARTMENT", cityId, "市自然资源局");
  const townA = await unit(api, admin, "TOWNSHIP", a, "甲区某街道");
  const v = {
    cityCentre: await venue(api, admin, "COMPREHENSIVE_CENTER", cityId),
    cA: await venue(api, admin, "COMPREHENSIVE_CENTER", a),
    ccA: await venue(api, admin, "CONVENIENCE_CENTER", townA),
    cB: await venue(api, admin, "COMPREHENSIVE_CENTER", b),
    sB: await venue(api, admin, "PROFESSIONAL_SUBCENTER", b),
    sD: await venue(api, admin, "PROFESSIONAL_SUBCENTER", d),
    cE: await venue(api, admin, "COMPREHENSIVE_CENTER", e),
  };
  const campaignId = await campaign(api, admin);
  const assessor = await user(api, "ASSESSOR");
  const staffA = await user(api, "VENUE_STAFF", { venueId: v.cA });
  const staffB = await user(api, "VENUE_STAFF", { venueId: v.cB });
  const staffD = await user(api, "VENUE_STAFF", { venueId: v.sD });
  const managerA = await user(api, "UNIT_MANAGER", { unitId: a });
  const townManager = await user(api, "UNIT_MANAGER", { unitId: townA });
  const score = (
    venueId: string,
    findings: Finding[],
    kind: "UNIFIED_ASSESSMENT" | "SELF_CHECK" = "UNIFIED_ASSESSMENT",
    assignee = assessor,
  ) => completeScoring(api, { campaignId, kind, venueId, assigner: admin, assignee, findings });

  // Unified assessments; the centre of A twice, the later one counts.
  const t = {
    cityCentre: await score(v.cityCentre, [{ indicatorCode: "I01", ruleCode: "R1" }]),
    cA1: await score(v.cA, [{ indicatorCode: "I01", ruleCode: "R1" }]),
    ccA: await score(v.ccA, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I04", ruleCode: "R1", occurrences: 2 },
    ]),
    cB: await score(v.cB, [{ indicatorCode: "I02", ruleCode: "R2", occurrences: 3 }]),
    sB: await score(v.sB, [{ indicatorCode: "I05", ruleCode: "R1" }]),
    // D: the self-check finds I01/R1, the assessment finds it again while it is still open: the same problem found
    // again, not a recurrence (contract, amended).
    sDSelf: await score(v.sD, [{ indicatorCode: "I01", ruleCode: "R1" }], "SELF_CHECK", staffD),
    sD: await score(v.sD, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I04", ruleCode: "R1", occurrences: 1 },
    ]),
  };
  // A: the first assessment's problem is rectified and re-checked resolved; the second finds it again (相同问题反复出现).
  const ids = t.cA1.problems.map((p) => p.id);
  const fix = await assign(api, admin, { campaignId, kind: "RECTIFICATION", problemIds: ids, assigneeId: staffA.id });
  await start(api, staffA, fix.id);
  await submit(api, staffA, fix.id, { report: "已整改" });
  await review(api, admin, fix.id, true);
  const check = await assign(api, admin, { campaignId, kind: "RECHECK", problemIds: ids, assigneeId: assessor.id });
  await start(api, assessor, check.id);
  await submit(api, assessor, check.id, { verdicts: ids.map((problemId) => ({ problemId, resolved: true })) });
  await review(api, admin, check.id, true);
  api.clock.advanceHours(1);
  const cA2 = await score(v.cA, [
    { indicatorCode: "I01", ruleCode: "R1" },
    { indicatorCode: "I01", ruleCode: "R2" },
  ]);

  // A: one rectification left open past its due date, one completed after it (敷衍推诿 twice).
  const due = new Date(api.clock.now().getTime() + 3_600_000).toISOString();
  const open = await assign(api, admin, {
    campaignId,
    kind: "RECTIFICATION",
    problemIds: [cA2.problems[0]!.id],
    assigneeId: staffA.id,
    dueAt: due,
  });
  const late = await assign(api, admin, {
    campaignId,
    kind: "RECTIFICATION",
    problemIds: [cA2.problems[1]!.id],
    assigneeId: staffA.id,
    dueAt: due,
  });
  api.clock.advanceHours(2);
  await start(api, staffA, late.id);
  await submit(api, staffA, late.id, { report: "已整改（逾期）" });
  await review(api, admin, late.id, true);

  // B: rectified in time, but the re-check finds it not done (整改落实不到位).
  const rect = await assign(api, admin, {
    campaignId,
    kind: "RECTIFICATION",
    problemIds: [t.cB.problems[0]!.id],
    assigneeId: staffB.id,
  });
  await start(api, staffB, rect.id);
  await submit(api, staffB, rect.id, { report: "已整改" });
  await review(api, admin, rect.id, true);
  const recheck = await assign(api, admin, {
    campaignId,
    kind: "RECHECK",
    problemIds: [t.cB.problems[0]!.id],
    assigneeId: assessor.id,
  });
  await start(api, assessor, recheck.id);
  await submit(api, assessor, recheck.id, { verdicts: [{ problemId: t.cB.problems[0]!.id, resolved: false }] });
  await review(api, admin, recheck.id, true);

  // E: never assessed; an unannounced inspection reports two problems (明察暗访).
  const inspection = await assign(api, admin, {
    campaignId,
    kind: "UNANNOUNCED_INSPECTION",
    venueId: v.cE,
    assigneeId: assessor.id,
  });
  await start(api, assessor, inspection.id);
  for (const [indicatorCode, ruleCode] of [
    ["I01", "R1"],
    ["I06", "R1"],
  ]) {
    ok(
      await api.gql(
        `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`,
        { i: { taskId: inspection.id, indicatorCode, ruleCode, description: "暗访发现" } },
        assessor.token,
      ),
    );
  }
  api.clock.advanceHours(1);
  return {
    admin,
    assessor,
    managerA,
    townManager,
    units: { a, b, d, e, cityId },
    v,
    t: { ...t, cA2 },
    campaignId,
    open,
  };
}

/** The policy applied by hand to what was built: the expected ranking. */
function expected() {
  const total = (x: { score: { total: number } | null }) => x.score!.total;
  const { t } = w;
  const p = POLICY;
  const a =
    (p.weights.COMPREHENSIVE_CENTER * total(t.cA2) + p.weights.CONVENIENCE_CENTER * total(t.ccA)) /
    (p.weights.COMPREHENSIVE_CENTER + p.weights.CONVENIENCE_CENTER);
  const b =
    (p.weights.COMPREHENSIVE_CENTER * total(t.cB) + p.weights.PROFESSIONAL_SUBCENTER * total(t.sB)) /
    (p.weights.COMPREHENSIVE_CENTER + p.weights.PROFESSIONAL_SUBCENTER);
  const d = total(t.sD);
  const rows = [
    // A: the second assessment repeats I01/R1 of the first (1 recurring); 2 overdue rectifications.
    {
      id: w.units.a,
      assessmentScore: r3(a),
      penalty: 2 * p.penalties.overdueRectification + 1 * p.penalties.recurringProblem,
      venueCount: 2,
      overdue: 2,
      failed: 0,
      recurring: 1,
      unannounced: 0,
    },
    {
      id: w.units.b,
      assessmentScore: r3(b),
      penalty: 1 * p.penalties.failedRecheck,
      venueCount: 2,
      overdue: 0,
      failed: 1,
      recurring: 0,
      unannounced: 0,
    },
    // D: the assessment found the self-check's problem while it was open: found again, no recurrence.
    {
      id: w.units.d,
      assessmentScore: r3(d),
      penalty: 0,
      venueCount: 1,
      overdue: 0,
      failed: 0,
      recurring: 0,
      unannounced: 0,
    },
    // E: the inspection's I01/R1 repeats nothing of E; two unannounced problems.
    {
      id: w.units.e,
      assessmentScore: 0,
      penalty: 2 * p.penalties.unannouncedProblem,
      venueCount: 1,
      overdue: 0,
      failed: 0,
      recurring: 0,
      unannounced: 2,
    },
  ].map((r) => ({ ...r, score: r3(r.assessmentScore - r.penalty) }));
  rows.sort((x, y) => y.score - x.score);
  return rows.map((r, i) => ({ ...r, rank: rows.findIndex((o) => o.score === r.score) + 1 || i + 1 }));
}

async function evaluate(by: SignedIn = w.admin) {
  const queued = ok(
    await api.gql(
      `mutation($c: ID!) { requestAnnualEvaluation(campaignId: $c) { id name state } }`,
      { c: w.campaignId },
      by.token,
    ),
  ).requestAnnualEvaluation;
  expect(queued.name).toBe("annual-evaluation");
  return settled(api, by.token, queued.id);
}

const mine = (entries: { unit: { id: string } }[]) => entries.filter((e) => Object.values(w.units).includes(e.unit.id));

describe("the annual comprehensive evaluation", () => {
  it("is null before the first run, and requested by the city admin only", async () => {
    expect(ok(await api.gql(EVALUATION, { c: w.campaignId }, w.admin.token)).annualEvaluation).toBeNull();
    const q = `mutation($c: ID!) { requestAnnualEvaluation(campaignId: $c) { id } }`;
    expect(code(await api.gql(q, { c: w.campaignId }, w.managerA.token))).toBe("FORBIDDEN");
    const token = ok(await api.gql(`mutation { createApiToken(name: "eval") }`, {}, w.admin.token)).createApiToken;
    expect(code(await api.gql(q, { c: w.campaignId }, token))).toBe("FORBIDDEN");
    expect(code(await api.gql(q, { c: "424242" }, w.admin.token))).toBe("NOT_FOUND");
  });

  it("ranks the districts and departments as the policy says, in parts on BullMQ", async () => {
    ok(
      await api.gql(
        `mutation($c: ID!, $p: JSON!) { setEvaluationPolicy(campaignId: $c, policy: $p) { id } }`,
        { c: w.campaignId, p: POLICY },
        w.admin.token,
      ),
    );
    const run = await evaluate();
    expect(run).toMatchObject({ state: "COMPLETED", failedReason: null });
    expect(run.result).toMatchObject({ units: 4, venues: 6, parts: 4 }); // 7 venues in batches of 2; the city's own centre counts in no unit

    const ev = ok(await api.gql(EVALUATION, { c: w.campaignId }, w.admin.token)).annualEvaluation;
    expect(ev.policy).toEqual(POLICY);
    expect(ev.jobRunId).toBe(run.id);
    expect(ev.campaign.year).toBe(2024);
    expect(ev.asOf).toBe(api.clock.now().toISOString());
    expect(ev.inputs).toMatchObject({
      units: 4,
      venues: 6,
      assessedVenues: 5,
      overdueRectifications: 2,
      failedRechecks: 1,
      recurringProblems: 1,
      unannouncedProblems: 2,
      unassignedProblems: 0,
      inflatedSelfChecks: 0,
    });
    const got = mine(ev.entries).map((e: any) => ({
      id: e.unit.id,
      rank: e.rank,
      score: e.score,
      assessmentScore: e.assessmentScore,
      penalty: e.penalty,
      venueCount: e.venueCount,
      overdue: e.overdueRectifications,
      failed: e.failedRechecks,
      recurring: e.recurringProblems,
      unannounced: e.unannouncedProblems,
    }));
    expect(got).toEqual(
      expected().map(
        ({ id, rank, score, assessmentScore, penalty, venueCount, overdue, failed, recurring, unannounced }) => ({
          id,
          rank,
          score,
          assessmentScore,
          penalty,
          venueCount,
          overdue,
          failed,
          recurring,
          unannounced,
        }),
      ),
    );
    expect(ev.entries.map((e: { rank: number }) => e.rank)).toEqual([1, 2, 3, 4]);
    const a = ev.entries.find((e: { unit: { id: string } }) => e.unit.id === w.units.a);
    expect(a.unit).toMatchObject({ name: "甲区", kind: "DISTRICT" });
    expect(a.breakdown.byType).toEqual({
      COMPREHENSIVE_CENTER: { venues: 1, assessed: 1, mean: w.t.cA2.score!.total, weight: 0.5, share: r3(0.5 / 0.7) },
      CONVENIENCE_CENTER: { venues: 1, assessed: 1, mean: w.t.ccA.score!.total, weight: 0.2, share: r3(0.2 / 0.7) },
    });
    expect(a.breakdown.penalties.overdueRectification).toEqual({ count: 2, points: 3 });

    // The same inputs computed in one process, without Redis, give the same entries.
    const inProcess = await evaluateInProcess(api.ds, {
      campaignId: Number(w.campaignId),
      asOf: api.clock.now(),
      batchSize: 3,
      clock: api.clock.now,
    });
    const [x, y] = await Promise.all(
      [run.result.evaluationRunId, inProcess.evaluationRunId].map((id) =>
        api.ds.query(
          "SELECT unit_id, `rank`, score, assessment_score, penalty, venue_count, overdue_rectifications, failed_rechecks, recurring_problems, unannounced_problems, breakdown FROM evaluation_entry WHERE run_id = ? ORDER BY unit_id",
          [id],
        ),
      ),
    );
    expect(y).toEqual(x);
  });

  it("shows each reader the entries they may see, with the city-wide ranks", async () => {
    const all = ok(await api.gql(EVALUATION, { c: w.campaignId }, w.admin.token)).annualEvaluation.entries;
    const forA = ok(await api.gql(EVALUATION, { c: w.campaignId }, w.managerA.token)).annualEvaluation.entries;
    expect(forA.map((e: { unit: { id: string }; rank: number }) => [e.unit.id, e.rank])).toEqual([
      [w.units.a, all.find((e: { unit: { id: string } }) => e.unit.id === w.units.a).rank],
    ]);
    expect(ok(await api.gql(EVALUATION, { c: w.campaignId }, w.townManager.token)).annualEvaluation.entries).toEqual(
      [],
    );
    const cityToken = ok(
      await api.gql(`mutation { createApiToken(name: "city-integrator") }`, {}, w.admin.token),
    ).createApiToken;
    expect(ok(await api.gql(EVALUATION, { c: w.campaignId }, cityToken)).annualEvaluation.entries).toHaveLength(
      all.length,
    );
    const aToken = ok(
      await api.gql(`mutation { createApiToken(name: "a-integrator") }`, {}, w.managerA.token),
    ).createApiToken;
    expect(ok(await api.gql(EVALUATION, { c: w.campaignId }, aToken)).annualEvaluation.entries).toHaveLength(1);
    expect(code(await api.gql(EVALUATION, { c: w.campaignId }, w.assessor.token))).toBe("FORBIDDEN");
    expect(code(await api.gql(EVALUATION, { c: w.campaignId }))).toBe("UNAUTHENTICATED");
  });

  it("exports the ranking as an .xlsx with the same numbers, to those who may read it", async () => {
    const url = `${api.url}/exports/evaluation/${w.campaignId}.xlsx`;
    const get = (token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get()).status).toBe(401);
    const forbidden = await get(w.assessor.token);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: "FORBIDDEN" });
    expect(
      (
        await fetch(`${api.url}/exports/evaluation/424242.xlsx`, {
          headers: { authorization: `Bearer ${w.admin.token}` },
        })
      ).status,
    ).toBe(404);

    const res = await get(w.admin.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const body = Buffer.from(await res.arrayBuffer());
    const rows = await readSheet(body);
    expect(rows[0]).toEqual(RANKING_HEADERS);
    const entries = ok(await api.gql(EVALUATION, { c: w.campaignId }, w.admin.token)).annualEvaluation.entries;
    const col = (name: string) => RANKING_HEADERS.indexOf(name);
    expect(
      rows
        .slice(1)
        .map((r) => [
          r[col("排名")],
          r[col("单位")],
          r[col("单位类别")],
          r[col("综合得分")],
          r[col("考核得分")],
          r[col("扣分")],
          r[col("场所数")],
          r[col("逾期整改（件）")],
          r[col("复检未通过（次）")],
          r[col("问题反复出现（个）")],
          r[col("明察暗访问题（个）")],
        ]),
    ).toEqual(
      entries.map((e: any) => [
        e.rank,
        e.unit.name,
        e.unit.kind === "DISTRICT" ? "县（市、区）" : "市直部门",
        e.score,
        e.assessmentScore,
        e.penalty,
        e.venueCount,
        e.overdueRectifications,
        e.failedRechecks,
        e.recurringProblems,
        e.unannouncedProblems,
      ]),
    );
    // Each venue type's mean and each penalty's points on sheets of their own, by rank and unit as well.
    const byType = await readSheet(body, "各类场所得分");
    const penalties = await readSheet(body, "扣分明细");
    expect([byType[0], penalties[0]]).toEqual([BY_TYPE_HEADERS, PENALTY_HEADERS]);
    const a = byType.find((r) => r[1] === "甲区")!;
    const aPenalties = penalties.find((r) => r[1] === "甲区")!;
    expect([
      a[BY_TYPE_HEADERS.indexOf("综合政务服务中心平均分")],
      a[BY_TYPE_HEADERS.indexOf("便民服务中心平均分")],
      aPenalties[PENALTY_HEADERS.indexOf("逾期整改扣分")],
    ]).toEqual([w.t.cA2.score!.total, w.t.ccA.score!.total, 3]);

    const forA = await readSheet(Buffer.from(await (await get(w.managerA.token)).arrayBuffer()));
    expect(forA.slice(1).map((r) => r[col("单位")])).toEqual(["甲区"]);

    // The run behind the result is the reader's to see too; a run that is no evaluation of this campaign says what it is.
    const runId = ok(await api.gql(EVALUATION, { c: w.campaignId }, w.admin.token)).annualEvaluation.jobRunId;
    const JOB = `query($id: ID!) { jobRun(id: $id) { id name state } }`;
    expect(ok(await api.gql(JOB, { id: runId }, w.managerA.token)).jobRun).toMatchObject({
      id: runId,
      name: "annual-evaluation",
      state: "COMPLETED",
    });
    expect(code(await api.gql(JOB, { id: runId }, w.assessor.token))).toBe("NOT_FOUND");
    const escalation = ok(await api.gql(`mutation { triggerEscalation { id } }`, {}, w.admin.token)).triggerEscalation
      .id;
    const wrong = await fetch(`${url}?jobRunId=${escalation}`, {
      headers: { authorization: `Bearer ${w.admin.token}` },
    });
    expect(wrong.status).toBe(404);
    expect(((await wrong.json()) as { message: string }).message).toBe(
      `jobRunId: job run ${escalation} is not an annual evaluation (it is escalation)`,
    );
  });

  it("keeps every run with the policy it used; the latest answers annualEvaluation", async () => {
    const before = ok(await api.gql(EVALUATION, { c: w.campaignId }, w.admin.token)).annualEvaluation;
    ok(
      await api.gql(
        `mutation($c: ID!, $p: JSON!) { setEvaluationPolicy(campaignId: $c, policy: $p) { id } }`,
        { c: w.campaignId, p: { ...POLICY, penaltyCap: 0.5 } },
        w.admin.token,
      ),
    );
    const run = await evaluate();
    const latest = ok(await api.gql(EVALUATION, { c: w.campaignId }, w.admin.token)).annualEvaluation;
    expect(latest.jobRunId).toBe(run.id);
    expect(latest.policy.penaltyCap).toBe(0.5);
    expect(mine(latest.entries).every((e: any) => e.penalty <= 0.5)).toBe(true);
    const history = ok(
      await api.gql(
        `query($c: ID!) { annualEvaluations(campaignId: $c) { id jobRunId policy } }`,
        { c: w.campaignId },
        w.admin.token,
      ),
    ).annualEvaluations;
    expect(history[0].jobRunId).toBe(run.id);
    expect(history.find((h: { id: string }) => h.id === before.id).policy).toEqual(POLICY);
    ok(
      await api.gql(
        `mutation($c: ID!, $p: JSON!) { setEvaluationPolicy(campaignId: $c, policy: $p) { id } }`,
        { c: w.campaignId, p: POLICY },
        w.admin.token,
      ),
    );
  });
});

describe("failures", () => {
  const newRun = async (payload: unknown) => {
    const r = await api.ds.query(
      "INSERT INTO job_run (name, state, payload, requested_by_id) VALUES ('annual-evaluation', 'QUEUED', ?, ?)",
      [JSON.stringify(payload), Number(w.admin.id)],
    );
    return r.insertId as number;
  };

  it("a job that cannot succeed ends FAILED at once, its reason visible through jobRun", async () => {
    const id = await newRun({});
    await api.services.producer.enqueue(
      ANNUAL_EVALUATION_JOB,
      { jobRunId: id, campaignId: 999_999, asOf: api.clock.now().toISOString(), policy: DEFAULT_POLICY },
      { jobId: `annual-evaluation.${id}` },
    );
    expect(await settled(api, w.admin.token, String(id))).toMatchObject({
      state: "FAILED",
      failedReason: "campaign 999999 not found",
      attempts: 1,
    });
  });

  it("payloads are checked when queued and again when run", async () => {
    await expect(
      api.services.producer.enqueue(ANNUAL_EVALUATION_JOB, {
        jobRunId: 1,
        campaignId: 1,
        asOf: "soon",
        policy: {},
      } as never),
    ).rejects.toThrow(PayloadError);
    const id = await newRun({});
    const queue = await api.services.producer.ready();
    await queue.add("annual-evaluation", { jobRunId: id, campaignId: "one" });
    const run = await settled(api, w.admin.token, String(id));
    expect(run.state).toBe("FAILED");
    expect(run.failedReason).toMatch(
      /^the payload of job "annual-evaluation" is invalid: campaignId: .*; asOf: .*; policy/,
    );
  });

  it("a part that fails every attempt fails the run with its reason, and nothing is stored", async () => {
    await worker.close();
    const failing = await startTestWorker(api, {
      handlers: { ...HANDLERS, "evaluation-part": async () => Promise.reject(new Error("disk on fire")) },
    });
    try {
      const run = await evaluate();
      expect(run).toMatchObject({ state: "FAILED", failedReason: "disk on fire", attempts: 3 });
      expect(await api.ds.query("SELECT id FROM evaluation_run WHERE job_run_id = ?", [Number(run.id)])).toEqual([]);
    } finally {
      await failing.close();
      worker = await startTestWorker(api);
    }
  }, 30_000);

  it("when Redis does not answer, the request fails fast: the run is FAILED and says why", async () => {
    const { JobProducer } = await import("@assess/jobs");
    const dead = new JobProducer({
      redisUrl: "redis://127.0.0.1:1",
      prefix: api.config.QUEUE_PREFIX,
      readyTimeoutMs: 500,
    });
    const t0 = Date.now();
    await expect(
      dead.enqueue(ANNUAL_EVALUATION_JOB, {
        jobRunId: 1,
        campaignId: 1,
        asOf: api.clock.now().toISOString(),
        policy: {},
      }),
    ).rejects.toThrow(QueueUnavailableError);
    await expect(
      dead.enqueue(ANNUAL_EVALUATION_JOB, {
        jobRunId: 1,
        campaignId: 1,
        asOf: api.clock.now().toISOString(),
        policy: {},
      }),
    ).rejects.toThrow(/Redis at redis:\/\/127.0.0.1:1 does not answer/);
    expect(Date.now() - t0).toBeLessThan(3_000);
    await dead.close();
  });
});

async function readSheet(buffer: Buffer, name = "综合评价排名"): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  const sheet = wb.getWorksheet(name)!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
