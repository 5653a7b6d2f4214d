import {
  isLate,
  lateSince,
  problemLateSince,
  type DueTask,
  type ProblemStatus,
  type TaskKind,
  type TaskStatus,
} from "@assess/domain";
import { lateProblem, lateTask } from "@assess/data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEscalation } from "../../apps/worker/src/escalation/escalation.service";
import { evaluateInProcess } from "../../apps/worker/src/evaluation/evaluation";
import { user } from "../support/factories";
import { assessedSubcenter, assign, completeScoring } from "../support/flow";
import { ok, startApi, type Api } from "../support/harness";

const DAY = 86_400_000;

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const ENTRIES = `query($c: ID!) { annualEvaluation(campaignId: $c) { entries { unit { id } score penalty overdueRectifications unassignedProblems inflatedSelfChecks breakdown } } }`;
const entryOf = async (campaignId: string, unitId: string, token: string) =>
  ok(await api.gql(ENTRIES, { c: campaignId }, token)).annualEvaluation.entries.find(
    (e: { unit: { id: string } }) => e.unit.id === unitId,
  );

describe("the SQL of overdue and late (libs/data lateness.ts)", () => {
  it("answers as the domain's isLate for every kind of case", async () => {
    const at = (d: number) => new Date(Date.UTC(2024, 5, 1) + d * DAY);
    const asOf = at(10);
    const cases: DueTask[] = [];
    for (const kind of ["RECTIFICATION", "RECHECK"] as TaskKind[])
      for (const status of ["ASSIGNED", "SUBMITTED", "COMPLETED", "CANCELLED"] as TaskStatus[])
        for (const dueAt of [at(5), at(10), at(15)])
          for (const completedAt of [null, at(4), at(7)])
            for (const lateAt of [null, at(5), at(12)]) cases.push({ kind, status, dueAt, completedAt, lateAt });
    const late = lateTask(asOf);
    for (const t of cases) {
      const rows = await api.ds.query(
        `SELECT COUNT(*) AS n FROM (SELECT ? AS kind, ? AS status, CAST(? AS DATETIME(3)) AS due_at, CAST(? AS DATETIME(3)) AS completed_at, CAST(? AS DATETIME(3)) AS late_at) t WHERE ${late.sql}`,
        [t.kind, t.status, t.dueAt, t.completedAt, t.lateAt, ...late.params],
      );
      expect([t, Number(rows[0].n) === 1]).toEqual([t, isLate(t, asOf)]);
    }
    expect(cases.filter((t) => lateSince(t, asOf)).length).toBeGreaterThan(0);
  });

  it("answers as the domain's problemLateSince for problems left without a rectification", async () => {
    const asOf = new Date("2024-07-01T00:00:00Z");
    for (const status of ["OPEN", "RECTIFYING", "RESOLVED"] as ProblemStatus[])
      for (const days of [10, 15, 16, 40])
        for (const lateAt of [null, new Date("2024-06-20T00:00:00Z"), new Date("2024-07-02T00:00:00Z")]) {
          const p = { status, openSince: new Date(asOf.getTime() - days * DAY), lateAt };
          const sql = lateProblem(asOf, 15);
          const rows = await api.ds.query(
            `SELECT COUNT(*) AS n FROM (SELECT ? AS status, CAST(? AS DATETIME(3)) AS open_since, CAST(? AS DATETIME(3)) AS late_at) pr WHERE ${sql.sql}`,
            [p.status, p.openSince, p.lateAt, ...sql.params],
          );
          const since = problemLateSince(p, 15, asOf);
          expect([p, Number(rows[0].n) === 1]).toEqual([p, since !== null && since.getTime() <= asOf.getTime()]);
        }
  });
});

describe("a problem left without a rectification (敷衍推诿)", () => {
  it("is escalated after the grace period like an overdue rectification, counted late by the evaluation, and stays late once assigned", async () => {
    api.clock.set("2024-06-01T02:00:00Z");
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    const [problemId] = c.problemIds;
    const settings = { everyMs: api.config.ESCALATION_EVERY, stepHours: api.config.ESCALATION_STEP_HOURS };
    const PROBLEM = `query($id: ID!) { problem(id: $id) { status openSince lateAt escalationLevel } }`;
    const found = ok(await api.gql(PROBLEM, { id: problemId }, c.manager.token)).problem;

    api.clock.advanceHours(15 * 24);
    expect((await runEscalation(api.ds, api.clock.now(), settings)).problems).toEqual({ level1: 0, level2: 0 });
    api.clock.advanceHours(24);
    expect((await runEscalation(api.ds, api.clock.now(), settings)).problems).toEqual({ level1: 1, level2: 0 });
    // However often the job runs: one step per interval.
    expect((await runEscalation(api.ds, api.clock.now(), settings)).problems).toEqual({ level1: 0, level2: 0 });
    const lateAt = new Date(new Date(found.openSince).getTime() + 15 * DAY).toISOString();
    expect(ok(await api.gql(PROBLEM, { id: problemId }, c.manager.token)).problem).toEqual({
      status: "OPEN",
      openSince: found.openSince,
      lateAt,
      escalationLevel: 1,
    });
    const notes = ok(
      await api.gql(`{ notifications(first: 10) { nodes { kind message problem { id } } } }`, {}, c.manager.token),
    ).notifications.nodes;
    expect(notes).toEqual([
      { kind: "PROBLEM_ESCALATION_1", message: expect.stringContaining("敷衍推诿"), problem: { id: problemId } },
    ]);

    // A rectification now does not erase it.
    await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: [problemId!],
      assigneeId: c.staff.id,
    });
    expect(ok(await api.gql(PROBLEM, { id: problemId }, c.manager.token)).problem).toMatchObject({
      status: "RECTIFYING",
      lateAt,
    });
    await evaluateInProcess(api.ds, { campaignId: Number(c.campaignId), clock: () => api.clock.now() });
    const entry = await entryOf(c.campaignId, c.districtId, c.admin.token);
    expect(entry).toMatchObject({ overdueRectifications: 0, unassignedProblems: 1 });
    expect(entry.breakdown.penalties.unassignedProblem).toEqual({ count: 1, points: 0.5 });
  });
});

describe("工作不实: a self-check well above the unified assessment", () => {
  it("flags the venue, costs its unit the policy's penalty, and names it in the breakdown; within the gap it does not", async () => {
    api.clock.set("2024-06-01T02:00:00Z");
    const c = await assessedSubcenter(api, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I03", ruleCode: "R1", occurrences: 4 },
      { indicatorCode: "I02", ruleCode: "R2", occurrences: 6 },
      { indicatorCode: "I05", ruleCode: "R1" },
    ]);
    const assessed = c.assessment.score!.total;
    expect(assessed).toBeLessThan(90);
    const self = await completeScoring(api, {
      campaignId: c.campaignId,
      kind: "SELF_CHECK",
      venueId: c.venues.districtSubcenter,
      assigner: c.manager,
      assignee: c.staff,
      findings: [],
    });
    expect(self.score!.total).toBe(100);
    api.clock.advanceHours(1);
    await evaluateInProcess(api.ds, { campaignId: Number(c.campaignId), clock: () => api.clock.now() });
    const flagged = await entryOf(c.campaignId, c.districtId, c.admin.token);
    expect(flagged.inflatedSelfChecks).toBe(1);
    expect(flagged.breakdown.penalties.inflatedSelfCheck).toEqual({ count: 1, points: 1 });
    expect(flagged.breakdown.inflatedSelfChecks).toEqual([
      {
        venueId: Number(c.venues.districtSubcenter),
        venueName: expect.any(String),
        selfCheck: 100,
        assessment: assessed,
      },
    ]);
    // Exactly as far above as the gap: not flagged.
    await evaluateInProcess(api.ds, {
      campaignId: Number(c.campaignId),
      policy: { selfCheckGap: 100 - assessed },
      clock: () => api.clock.now(),
    });
    const within = await entryOf(c.campaignId, c.districtId, c.admin.token);
    expect(within.inflatedSelfChecks).toBe(0);
    expect(within.score - flagged.score).toBe(1);
    // Other units' managers do not read this unit's entry.
    const other = await user(api, "UNIT_MANAGER", { unitId: c.departmentId });
    expect(await entryOf(c.campaignId, c.districtId, other.token)).toBeUndefined();
  });
});
