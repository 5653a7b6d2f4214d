import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessedSubcenter, completeScoring } from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

describe("the lists' venue type filter", () => {
  it("narrows tasks and problems to venues of one type, with the other filters and the scope", async () => {
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    const station = await completeScoring(api, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.station,
      assigner: c.manager,
      assignee: c.assessor,
      findings: [{ indicatorCode: "I01", ruleCode: "R1" }, { indicatorCode: "I02", ruleCode: "R1" }],
    });
    const report = ok(
      await api.gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, { i: { campaignId: c.campaignId, kind: "ANNUAL_REPORT", unitId: c.districtId, assigneeId: c.manager.id } }, c.admin.token),
    ).assignTask;
    const TASKS = `query($f: TaskFilter) { tasks(filter: $f, first: 100) { totalCount nodes { id } } }`;
    const tasks = async (f: Record<string, unknown>) => ok(await api.gql(TASKS, { f: { unitId: c.districtId, ...f } }, c.manager.token)).tasks;
    expect(ids((await tasks({ venueType: "CONVENIENCE_STATION" })).nodes)).toEqual([station.id]);
    expect(ids((await tasks({ venueType: "PROFESSIONAL_SUBCENTER" })).nodes)).toEqual([c.assessment.id]);
    expect((await tasks({ venueType: "PROFESSIONAL_SUBCENTER" })).totalCount).toBe(1);
    expect((await tasks({ venueType: "COMPREHENSIVE_CENTER" })).nodes).toEqual([]);
    expect(ids((await tasks({})).nodes)).toEqual(ids([station, c.assessment, report]));
    expect((await tasks({ venueType: "CONVENIENCE_STATION", kind: "SELF_CHECK" })).nodes).toEqual([]);

    const PROBLEMS = `query($f: ProblemFilter) { problems(filter: $f, first: 100) { totalCount nodes { id venue { type } } } }`;
    const problems = async (f: Record<string, unknown>, token = c.manager.token) => ok(await api.gql(PROBLEMS, { f: { campaignId: c.campaignId, ...f } }, token)).problems;
    const atStation = await problems({ venueType: "CONVENIENCE_STATION" });
    expect(ids(atStation.nodes)).toEqual(ids(station.problems));
    expect(atStation.totalCount).toBe(2);
    expect(ids((await problems({ venueType: "PROFESSIONAL_SUBCENTER" })).nodes)).toEqual(c.problemIds.sort());
    // The subcentre's staff still see only their own venue's problems.
    expect((await problems({ venueType: "CONVENIENCE_STATION" }, c.staff.token)).nodes).toEqual([]);
    expect(code(await api.gql(PROBLEMS, { f: { venueType: "SHOP" } }, c.manager.token))).toBe("BAD_USER_INPUT");
  });
});
