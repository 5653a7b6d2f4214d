import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { city, user } from "../support/factories";
import { assessedSubcenter, assign, cancel, examineAll, raw, review, start, submit } from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());
beforeEach(() => api.clock.set("2024-05-10T02:00:00Z"));

interface Event {
  at: string;
  actor: { id: string } | null;
  action: string;
  detail: string | null;
}

async function history(taskId: string, token: string): Promise<Event[]> {
  return ok(
    await api.gql(
      `query($id: ID!) { task(id: $id) { history { at actor { id } action detail } } }`,
      { id: taskId },
      token,
    ),
  ).task.history;
}

/** Moves the test clock on by an hour, so that each event has its own time. */
const tick = () => api.clock.advanceHours(1);

describe("the task's history", () => {
  it("records who did what, when, with the comment, for every state change of a scoring task", async () => {
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
    const t = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.station,
      assigneeId: assessor.id,
    });
    tick();
    await start(api, assessor, t.id);
    tick();
    await examineAll(api, assessor, t.id, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    tick();
    await submit(api, assessor, t.id);
    tick();
    await review(api, manager, t.id, false, "请补拍现场照片");
    tick();
    await start(api, assessor, t.id);
    tick();
    await submit(api, assessor, t.id);
    tick();
    // A refused change leaves no trace.
    expect(code(await raw.review(api, assessor, t.id, true))).toBe("FORBIDDEN");
    await review(api, manager, t.id, true, "同意");

    const h = await history(t.id, manager.token);
    expect(h.map((e) => [e.action, e.actor?.id, e.at])).toEqual([
      ["ASSIGNED", manager.id, "2024-05-10T02:00:00.000Z"],
      ["STARTED", assessor.id, "2024-05-10T03:00:00.000Z"],
      ["FINDINGS_SAVED", assessor.id, "2024-05-10T04:00:00.000Z"],
      ["SUBMITTED", assessor.id, "2024-05-10T05:00:00.000Z"],
      ["RETURNED", manager.id, "2024-05-10T06:00:00.000Z"],
      ["RESUMED", assessor.id, "2024-05-10T07:00:00.000Z"],
      ["SUBMITTED", assessor.id, "2024-05-10T08:00:00.000Z"],
      ["APPROVED", manager.id, "2024-05-10T09:00:00.000Z"],
    ]);
    expect(h[0]!.detail).toMatch(/UNIFIED_ASSESSMENT/);
    expect(h[2]!.detail).toBe("1 findings, 20 of 20 indicators examined, total 95");
    expect(h[4]!.detail).toBe("请补拍现场照片");
    expect(h[7]!.detail).toBe("同意");
    // The history is visible to whoever sees the task, here the assessor.
    expect(await history(t.id, assessor.token)).toEqual(h);
  });

  it("records a cancellation with its reason", async () => {
    const c = await city(api);
    const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.cityCenter });
    const t = await assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "SELF_CHECK",
      venueId: c.venues.cityCenter,
      assigneeId: staff.id,
    });
    tick();
    await cancel(api, c.admin, t.id, "  场所停业整顿  ");
    const h = await history(t.id, c.admin.token);
    expect(h.map((e) => [e.action, e.actor?.id, e.detail])).toEqual([
      ["ASSIGNED", c.admin.id, expect.stringMatching(/SELF_CHECK/)],
      ["CANCELLED", c.admin.id, "场所停业整顿"],
    ]);
    expect(h[1]!.at).toBe("2024-05-10T03:00:00.000Z");
  });

  it("records a rectification's report and a re-check's verdicts", async () => {
    const c = await assessedSubcenter(api, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I02", ruleCode: "R1" },
    ]);
    const { manager, assessor, staff } = c;
    const [p1, p2] = c.problemIds as [string, string];
    const rect = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: [p1, p2],
      assigneeId: staff.id,
    });
    await start(api, staff, rect.id);
    await submit(api, staff, rect.id, { report: "已整改" });
    const rc = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "RECHECK",
      problemIds: [p1, p2],
      assigneeId: assessor.id,
    });
    await start(api, assessor, rc.id);
    await submit(api, assessor, rc.id, {
      verdicts: [
        { problemId: p1, resolved: true },
        { problemId: p2, resolved: false, note: "制度仍未公开" },
      ],
    });

    const rh = await history(rect.id, manager.token);
    expect(rh.map((e) => e.action)).toEqual(["ASSIGNED", "STARTED", "SUBMITTED"]);
    expect(rh[0]!.detail).toMatch(/RECTIFICATION/);
    expect(rh[2]).toMatchObject({ actor: { id: staff.id }, detail: "已整改" });
    const ch = await history(rc.id, manager.token);
    expect(ch.map((e) => e.action)).toEqual(["ASSIGNED", "STARTED", "SUBMITTED"]);
    expect(ch[2]!.detail).toContain(`problem ${p1}: resolved`);
    expect(ch[2]!.detail).toContain(`problem ${p2}: not resolved (制度仍未公开)`);
  });

  it("records each task of a bulk assignment and each problem reported from an inspection", async () => {
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
    const n = ok(
      await api.gql(
        `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
        {
          i: {
            campaignId: c.campaignId,
            kind: "UNANNOUNCED_INSPECTION",
            unitId: c.townshipId,
            assigneeId: assessor.id,
          },
        },
        manager.token,
      ),
    ).assignTasks;
    expect(n).toBe(2);
    const tasks = ok(
      await api.gql(
        `query($f: TaskFilter) { tasks(filter: $f) { nodes { id venue { id } history { at actor { id } action detail } } } }`,
        { f: { unitId: c.townshipId } },
        manager.token,
      ),
    ).tasks.nodes;
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(t.history).toEqual([
        {
          at: "2024-05-10T02:00:00.000Z",
          actor: { id: manager.id },
          action: "ASSIGNED",
          detail: expect.stringMatching(/UNANNOUNCED_INSPECTION/),
        },
      ]);
    }
    const t = tasks.find((x: { venue: { id: string } }) => x.venue.id === c.venues.station);
    await start(api, assessor, t.id);
    tick();
    ok(
      await api.gql(
        `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`,
        { i: { taskId: t.id, indicatorCode: "I20", ruleCode: "R1", description: "未公示" } },
        assessor.token,
      ),
    );
    const h = await history(t.id, manager.token);
    expect(h.map((e) => [e.action, e.actor?.id])).toEqual([
      ["ASSIGNED", manager.id],
      ["STARTED", assessor.id],
      ["PROBLEM_REPORTED", assessor.id],
    ]);
    expect(h[2]!.detail).toMatch(/^I20\/R1/);
    expect(h[2]!.at).toBe("2024-05-10T03:00:00.000Z");
  });
});
