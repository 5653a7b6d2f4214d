import { DEFAULT_POLICY } from "@assess/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateInProcess } from "../../apps/worker/src/evaluation/evaluation";
import { city, user } from "../support/factories";
import { assign, cancel, completeScoring, examineAll, raw, review, start, submit } from "../support/flow";
import { code, ok, startApi, type Api } from "../support/harness";

const DAY = 86_400_000;
/** Three late rectifications cost 6 points: enough to decide the rank between the district and the department. */
const POLICY = { ...DEFAULT_POLICY, penalties: { ...DEFAULT_POLICY.penalties, overdueRectification: 2 } };

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const REDATE = `mutation($id: ID!, $d: DateTime!, $r: String!) { redateTask(id: $id, dueAt: $d, reason: $r) { id lateAt } }`;
const ENTRIES = `query($c: ID!) { annualEvaluation(campaignId: $c) { entries { unit { id } rank score penalty overdueRectifications } } }`;

/**
 * Issue 9, the bending sequence: a district manager who wants a better rank tries, with ordinary API calls, each move
 * the issue names. Each is refused, or the evaluation comes out the same.
 */
describe("a ranking the ranked cannot bend", () => {
  it("refuses the district manager's moves, or leaves the ranking as it was: self-approval, cancelled and re-dated late rectifications, a re-check by the venue's own staff", async () => {
    api.clock.set("2024-06-01T02:00:00Z");
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
    const cityAssessor = await user(api, "ASSESSOR", { unitId: c.cityId });
    const byCity = (venueId: string, findings: { indicatorCode: string; ruleCode: string; occurrences?: number }[]) =>
      completeScoring(api, {
        campaignId: c.campaignId,
        kind: "UNIFIED_ASSESSMENT",
        venueId,
        assigner: c.admin,
        assignee: cityAssessor,
        findings,
      });

    // The city's assessments: the district's sub-centre 94 with three problems, its convenience centre with one; the
    // department's sub-centre 93.
    const sub = await byCity(c.venues.districtSubcenter, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I02", ruleCode: "R2", occurrences: 2 },
      { indicatorCode: "I03", ruleCode: "R1" },
    ]);
    expect(sub.score!.total).toBe(94);
    const cc = await byCity(c.venues.convenienceCenter, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    expect(cc.score!.total).toBeLessThan(100);
    expect(
      (
        await byCity(c.venues.departmentSubcenter, [
          { indicatorCode: "I01", ruleCode: "R1" },
          { indicatorCode: "I03", ruleCode: "R1", occurrences: 2 },
        ])
      ).score!.total,
    ).toBe(93);

    // The district gives each problem a rectification due in three days; five days on, none is done.
    const due = new Date(api.clock.now().getTime() + 3 * DAY).toISOString();
    const rects = [];
    for (const p of sub.problems)
      rects.push(
        await assign(api, manager, {
          campaignId: c.campaignId,
          kind: "RECTIFICATION",
          problemIds: [p.id],
          assigneeId: staff.id,
          dueAt: due,
        }),
      );
    api.clock.advanceHours(5 * 24);
    const asOf = api.clock.now();

    const ranking = async () => {
      await evaluateInProcess(api.ds, {
        campaignId: Number(c.campaignId),
        asOf,
        policy: POLICY,
        clock: () => api.clock.now(),
      });
      const entries = ok(await api.gql(ENTRIES, { c: c.campaignId }, c.admin.token)).annualEvaluation.entries;
      return entries.map((e: { unit: { id: string } }) => ({ ...e, unit: e.unit.id }));
    };
    const before = await ranking();
    const district = before.find((e: { unit: string }) => e.unit === c.districtId);
    // Three late rectifications: the district ranks below the department.
    expect(district).toMatchObject({ rank: 2, overdueRectifications: 3, penalty: 6 });

    // 1. Re-date one late rectification and cancel the other two; give their problems new rectifications, in 2099
    //    (refused: past the campaign's rectification period) and then within it.
    const redated = ok(
      await api.gql(
        REDATE,
        { id: rects[0]!.id, d: new Date(asOf.getTime() + 20 * DAY).toISOString(), r: "延后" },
        manager.token,
      ),
    ).redateTask;
    expect(redated.lateAt).toBe(due);
    for (const r of rects.slice(1)) await cancel(api, manager, r.id, "重新安排");
    const again = (dueAt: string) =>
      raw.assign(api, manager, {
        campaignId: c.campaignId,
        kind: "RECTIFICATION",
        problemIds: [sub.problems[1]!.id],
        assigneeId: staff.id,
        dueAt,
      });
    const far = await again("2099-12-31T00:00:00.000Z");
    expect(code(far)).toBe("BAD_USER_INPUT");
    expect(far.errors![0]!.message).toMatch(/^dueAt: /);
    ok(await again(new Date(asOf.getTime() + 10 * DAY).toISOString()));
    const cancelled = ok(
      await api.gql(`query($id: ID!) { task(id: $id) { status lateAt } }`, { id: rects[1]!.id }, manager.token),
    ).task;
    expect(cancelled).toEqual({ status: "CANCELLED", lateAt: due });

    // 2. Assess the convenience centre oneself, untouched, and approve it: the approval is refused.
    const self = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.convenienceCenter,
      assigneeId: manager.id,
    });
    await start(api, manager, self.id);
    expect((await examineAll(api, manager, self.id)).score!.total).toBe(100);
    await submit(api, manager, self.id);
    expect(code(await raw.review(api, manager, self.id, true))).toBe("FORBIDDEN");

    // 3. Have the venue's own staff re-check their rectification, or inspect themselves "unannounced": refused.
    await start(api, staff, rects[0]!.id);
    await submit(api, staff, rects[0]!.id, { report: "已整改" });
    await review(api, manager, rects[0]!.id, true);
    const recheckInput = (assigneeId: string) => ({
      campaignId: c.campaignId,
      kind: "RECHECK" as const,
      problemIds: [sub.problems[0]!.id],
      assigneeId,
    });
    // The city found the problem: the district neither re-checks it (not even with the venue's staff) nor has it re-checked.
    for (const who of [staff.id, manager.id])
      expect(code(await raw.assign(api, manager, recheckInput(who)))).toBe("FORBIDDEN");
    // Nor does the city give it to the venue's own staff.
    const byStaff = await raw.assign(api, c.admin, recheckInput(staff.id));
    expect(code(byStaff)).toBe("BAD_USER_INPUT");
    expect(byStaff.errors![0]!.message).toMatch(/^assigneeId: /);
    const inspection = await raw.assign(api, manager, {
      campaignId: c.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: c.venues.districtSubcenter,
      assigneeId: staff.id,
    });
    expect(code(inspection)).toBe("BAD_USER_INPUT");
    // The city's assessor's re-check resolves nothing until the city approves it.
    const recheck = await assign(api, c.admin, recheckInput(cityAssessor.id));
    await start(api, cityAssessor, recheck.id);
    await submit(api, cityAssessor, recheck.id, { verdicts: [{ problemId: sub.problems[0]!.id, resolved: true }] });
    const problem = ok(
      await api.gql(`query($id: ID!) { problem(id: $id) { status } }`, { id: sub.problems[0]!.id }, manager.token),
    ).problem;
    expect(problem.status).toBe("AWAITING_RECHECK");
    expect(code(await raw.review(api, manager, recheck.id, true))).toBe("FORBIDDEN");

    // The evaluation as of the same moment: nothing moved.
    expect(await ranking()).toEqual(before);
  });
});
