import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "../support/factories";
import {
  assessedSubcenter,
  assign,
  examineAll,
  raw,
  rowCounts,
  start,
  stateFingerprint,
  submit,
} from "../support/flow";
import { code, ok, startApi, type Api } from "../support/harness";

const DAY = 86_400_000;

/**
 * Separation of duties and binding due dates (issue 9; plan 五(二)(三), 六(三)): who may review, take, cancel and
 * re-date what, so that the ranked cannot bend their own ranking.
 */
describe("separation of duties", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const unchanged = async (run: () => Promise<unknown>) => {
    const [rows, state] = [await rowCounts(api), await stateFingerprint(api)];
    await run();
    expect(await rowCounts(api)).toEqual(rows);
    expect(await stateFingerprint(api)).toBe(state);
  };

  it("nobody reviews a task assigned to themselves: another manager of the unit or the city does", async () => {
    const c = await assessedSubcenter(api, []);
    const colleague = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const t = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.convenienceCenter,
      assigneeId: c.manager.id,
    });
    await start(api, c.manager, t.id);
    await examineAll(api, c.manager, t.id, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    await submit(api, c.manager, t.id);
    await unchanged(async () => {
      const self = await raw.review(api, c.manager, t.id, true);
      expect(code(self)).toBe("FORBIDDEN");
      expect(self.errors![0]!.message).toMatch(/^id: nobody reviews a task assigned to themselves/);
    });
    expect(ok(await raw.review(api, colleague, t.id, true)).reviewTask.status).toBe("COMPLETED");
  });

  it("never gives a venue's own staff its unified assessment, inspection or re-check, one by one or in bulk", async () => {
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    for (const kind of ["UNIFIED_ASSESSMENT", "UNANNOUNCED_INSPECTION"] as const) {
      await unchanged(async () => {
        const r = await raw.assign(api, c.manager, {
          campaignId: c.campaignId,
          kind,
          venueId: c.venues.districtSubcenter,
          assigneeId: c.staff.id,
        });
        expect(code(r)).toBe("BAD_USER_INPUT");
        expect(r.errors![0]!.message).toMatch(/^assigneeId: /);
        const bulk = await api.gql(
          `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
          { i: { campaignId: c.campaignId, kind, unitId: c.districtId } },
          c.manager.token,
        );
        expect(code(bulk)).toBe("BAD_USER_INPUT");
        expect(bulk.errors![0]!.message).toMatch(/^assigneeId: /);
      });
    }
    const rect = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: c.problemIds,
      assigneeId: c.staff.id,
    });
    await start(api, c.staff, rect.id);
    await submit(api, c.staff, rect.id, { report: "已整改" });
    await raw.review(api, c.manager, rect.id, true);
    await unchanged(async () => {
      const r = await raw.assign(api, c.manager, {
        campaignId: c.campaignId,
        kind: "RECHECK",
        problemIds: c.problemIds,
        assigneeId: c.staff.id,
      });
      expect(code(r)).toBe("BAD_USER_INPUT");
    });
    // Their own self-check and rectification are theirs.
    expect(
      (
        await assign(api, c.manager, {
          campaignId: c.campaignId,
          kind: "SELF_CHECK",
          venueId: c.venues.districtSubcenter,
          assigneeId: c.staff.id,
        })
      ).status,
    ).toBe("ASSIGNED");
  });

  it("leaves what the city assigned in a district to the city: the district neither cancels, re-dates nor reviews it", async () => {
    const c = await assessedSubcenter(api, []);
    const cityAssessor = await user(api, "ASSESSOR", { unitId: c.cityId });
    const t = await assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.convenienceCenter,
      assigneeId: cityAssessor.id,
    });
    const can = ok(
      await api.gql(
        `query($id: ID!) { task(id: $id) { viewerCan { cancel redate review } } }`,
        { id: t.id },
        c.manager.token,
      ),
    ).task.viewerCan;
    expect(can).toEqual({ cancel: false, redate: false, review: false });
    await unchanged(async () => {
      expect(code(await raw.cancel(api, c.manager, t.id, "重新安排"))).toBe("FORBIDDEN");
      const later = new Date(api.clock.now().getTime() + 5 * DAY).toISOString();
      expect(
        code(
          await api.gql(
            `mutation($id: ID!, $d: DateTime!) { redateTask(id: $id, dueAt: $d, reason: "x") { id } }`,
            { id: t.id, d: later },
            c.manager.token,
          ),
        ),
      ).toBe("FORBIDDEN");
    });
    await start(api, cityAssessor, t.id);
    await examineAll(api, cityAssessor, t.id);
    await submit(api, cityAssessor, t.id);
    await unchanged(async () => expect(code(await raw.review(api, c.manager, t.id, true))).toBe("FORBIDDEN"));
    expect(ok(await raw.review(api, c.admin, t.id, true)).reviewTask.status).toBe("COMPLETED");
  });

  it("keeps the city's unannounced inspection of a district's venue from the district until it has found something", async () => {
    const c = await assessedSubcenter(api, []);
    const cityAssessor = await user(api, "ASSESSOR", { unitId: c.cityId });
    const t = await assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: c.venues.districtSubcenter,
      assigneeId: cityAssessor.id,
    });
    const own = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: c.venues.convenienceCenter,
      assigneeId: c.assessor.id,
    });
    const listed = async () =>
      ok(
        await api.gql(
          `{ tasks(first: 100, filter: { kind: UNANNOUNCED_INSPECTION }) { nodes { id } } }`,
          {},
          c.manager.token,
        ),
      ).tasks.nodes.map((n: { id: string }) => n.id);
    expect(await listed()).toEqual([own.id]);
    expect(code(await api.gql(`query($id: ID!) { task(id: $id) { id } }`, { id: t.id }, c.manager.token))).toBe(
      "NOT_FOUND",
    );
    await start(api, cityAssessor, t.id);
    ok(
      await api.gql(
        `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`,
        { i: { taskId: t.id, indicatorCode: "I01", ruleCode: "R1", description: "暗访发现窗口无人" } },
        cityAssessor.token,
      ),
    );
    expect((await listed()).sort()).toEqual([own.id, t.id].sort());
  });
});

describe("binding due dates", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const day = (n: number) => new Date(api.clock.now().getTime() + n * DAY).toISOString();
  const REDATE = `mutation($id: ID!, $d: DateTime!, $r: String!) { redateTask(id: $id, dueAt: $d, reason: $r) { id dueAt history { action detail } } }`;

  it("gives a rectification a due date within the campaign's period: never before now, later only by the city", async () => {
    const c = await assessedSubcenter(api, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I02", ruleCode: "R1" },
    ]);
    const input = (dueAt: string, problem = 0) => ({
      campaignId: c.campaignId,
      kind: "RECTIFICATION" as const,
      problemIds: [c.problemIds[problem]!],
      assigneeId: c.staff.id,
      dueAt,
    });
    for (const d of [day(45), day(-1)]) {
      const r = await raw.assign(api, c.manager, input(d));
      expect(code(r)).toBe("BAD_USER_INPUT");
      expect(r.errors![0]!.message).toMatch(/^dueAt: /);
    }
    expect((await assign(api, c.manager, input(day(20)))).dueAt).toBe(day(20));
    expect((await assign(api, c.admin, input(day(60), 1))).dueAt).toBe(day(60));
  });

  it("re-dates within the period by the assigning manager, later by the city; each in the history with its reason", async () => {
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    const t = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: c.problemIds,
      assigneeId: c.staff.id,
      dueAt: day(10),
    });
    const beyond = await api.gql(REDATE, { id: t.id, d: day(60), r: "工程量大" }, c.manager.token);
    expect(code(beyond)).toBe("BAD_USER_INPUT");
    const within = ok(await api.gql(REDATE, { id: t.id, d: day(25), r: "等待设备到货" }, c.manager.token)).redateTask;
    expect(within.dueAt).toBe(day(25));
    expect(within.history.at(-1)).toMatchObject({ action: "REDATED", detail: expect.stringContaining("等待设备到货") });
    expect(ok(await api.gql(REDATE, { id: t.id, d: day(60), r: "市级同意" }, c.admin.token)).redateTask.dueAt).toBe(
      day(60),
    );
  });

  it("moves a rectification past its period only by an extension the city grants, asked for with a reason", async () => {
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    const t = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: c.problemIds,
      assigneeId: c.staff.id,
      dueAt: day(20),
    });
    const ASK = `mutation($id: ID!, $d: DateTime!, $r: String!) { requestExtension(taskId: $id, dueAt: $d, reason: $r) { id status requestedDueAt } }`;
    const DECIDE = `mutation($id: ID!, $g: Boolean!, $c: String) { decideExtension(id: $id, grant: $g, comment: $c) { id status } }`;
    expect(
      ok(
        await api.gql(
          `query($id: ID!) { task(id: $id) { viewerCan { requestExtension } } }`,
          { id: t.id },
          c.manager.token,
        ),
      ).task.viewerCan.requestExtension,
    ).toBe(true);
    const asked = ok(
      await api.gql(ASK, { id: t.id, d: day(50), r: "需要重新装修大厅" }, c.manager.token),
    ).requestExtension;
    expect(asked.status).toBe("REQUESTED");
    expect(code(await api.gql(ASK, { id: t.id, d: day(55), r: "再延" }, c.manager.token))).toBe("CONFLICT");
    expect(code(await api.gql(DECIDE, { id: asked.id, g: true }, c.manager.token))).toBe("FORBIDDEN");
    const cityHeard = ok(
      await api.gql(`{ notifications(unreadOnly: true) { nodes { kind task { id } } } }`, {}, c.admin.token),
    ).notifications.nodes;
    expect(cityHeard).toContainEqual({ kind: "EXTENSION_REQUESTED", task: { id: t.id } });
    expect(ok(await api.gql(DECIDE, { id: asked.id, g: true, c: "同意" }, c.admin.token)).decideExtension.status).toBe(
      "GRANTED",
    );
    const after = ok(
      await api.gql(
        `query($id: ID!) { task(id: $id) { dueAt history { action } extensions { status } } }`,
        { id: t.id },
        c.manager.token,
      ),
    ).task;
    expect(after.dueAt).toBe(day(50));
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(["EXTENSION_REQUESTED", "EXTENSION_GRANTED"]),
    );
    expect(after.extensions).toEqual([{ status: "GRANTED" }]);

    // Refused: the due date stays.
    const again = ok(await api.gql(ASK, { id: t.id, d: day(70), r: "再延一次" }, c.manager.token)).requestExtension;
    expect(
      ok(await api.gql(DECIDE, { id: again.id, g: false, c: "不同意" }, c.admin.token)).decideExtension.status,
    ).toBe("REFUSED");
    expect(
      ok(await api.gql(`query($id: ID!) { task(id: $id) { dueAt } }`, { id: t.id }, c.manager.token)).task.dueAt,
    ).toBe(day(50));
  });
});
