import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, uid, user } from "../support/factories";
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
      findings: [
        { indicatorCode: "I01", ruleCode: "R1" },
        { indicatorCode: "I02", ruleCode: "R1" },
      ],
    });
    const report = ok(
      await api.gql(
        `mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`,
        { i: { campaignId: c.campaignId, kind: "ANNUAL_REPORT", unitId: c.districtId, assigneeId: c.manager.id } },
        c.admin.token,
      ),
    ).assignTask;
    const TASKS = `query($f: TaskFilter) { tasks(filter: $f, first: 100) { totalCount nodes { id } } }`;
    const tasks = async (f: Record<string, unknown>) =>
      ok(await api.gql(TASKS, { f: { unitId: c.districtId, ...f } }, c.manager.token)).tasks;
    expect(ids((await tasks({ venueType: "CONVENIENCE_STATION" })).nodes)).toEqual([station.id]);
    expect(ids((await tasks({ venueType: "PROFESSIONAL_SUBCENTER" })).nodes)).toEqual([c.assessment.id]);
    expect((await tasks({ venueType: "PROFESSIONAL_SUBCENTER" })).totalCount).toBe(1);
    expect((await tasks({ venueType: "COMPREHENSIVE_CENTER" })).nodes).toEqual([]);
    expect(ids((await tasks({})).nodes)).toEqual(ids([station, c.assessment, report]));
    expect((await tasks({ venueType: "CONVENIENCE_STATION", kind: "SELF_CHECK" })).nodes).toEqual([]);

    const PROBLEMS = `query($f: ProblemFilter) { problems(filter: $f, first: 100) { totalCount nodes { id venue { type } } } }`;
    const problems = async (f: Record<string, unknown>, token = c.manager.token) =>
      ok(await api.gql(PROBLEMS, { f: { campaignId: c.campaignId, ...f } }, token)).problems;
    const atStation = await problems({ venueType: "CONVENIENCE_STATION" });
    expect(ids(atStation.nodes)).toEqual(ids(station.problems));
    expect(atStation.totalCount).toBe(2);
    expect(ids((await problems({ venueType: "PROFESSIONAL_SUBCENTER" })).nodes)).toEqual(c.problemIds.sort());
    // The subcentre's staff still see only their own venue's problems.
    expect((await problems({ venueType: "CONVENIENCE_STATION" }, c.staff.token)).nodes).toEqual([]);
    expect(code(await api.gql(PROBLEMS, { f: { venueType: "SHOP" } }, c.manager.token))).toBe("BAD_USER_INPUT");
  });
});

describe("users for an assignee picker", () => {
  it("filters by role and by a search in the username or display name, within the reader's scope", async () => {
    const c = await city(api);
    const tag = uid();
    const [a1, a2, m1] = [
      await user(api, "ASSESSOR", { unitId: c.districtId }),
      await user(api, "ASSESSOR", { unitId: c.townshipId }),
      await user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    ];
    const elsewhere = await user(api, "ASSESSOR", { unitId: c.departmentId });
    await api.ds.query("UPDATE user SET display_name = ? WHERE id = ?", [`考核员${tag}甲`, Number(a1.id)]);
    await api.ds.query("UPDATE user SET display_name = ? WHERE id = ?", [`考核员${tag}乙`, Number(elsewhere.id)]);
    const USERS = `query($u: ID, $r: Role, $s: String) { users(unitId: $u, role: $r, search: $s, first: 100) { nodes { id role } } }`;
    const users = async (by: { token: string }, v: Record<string, unknown>) =>
      ok(await api.gql(USERS, v, by.token)).users.nodes as { id: string; role: string }[];

    expect(ids(await users(c.admin, { u: c.districtId, r: "ASSESSOR" }))).toEqual(ids([a1, a2]));
    expect(ids(await users(c.admin, { u: c.districtId, r: "UNIT_MANAGER" }))).toEqual([m1.id]);
    expect(ids(await users(c.admin, { s: tag }))).toEqual(ids([a1, elsewhere]));
    expect(ids(await users(c.admin, { s: a2.username.toUpperCase(), r: "ASSESSOR" }))).toEqual([a2.id]);
    // A district's manager: their subtree only, whatever the search.
    expect(ids(await users(m1, { s: tag }))).toEqual([a1.id]);
    expect(ids(await users(m1, { r: "ASSESSOR" }))).toEqual(ids([a1, a2]));
    // Others see only themselves.
    expect(ids(await users(a2, { r: "ASSESSOR" }))).toEqual([a2.id]);
    expect(await users(a2, { r: "UNIT_MANAGER" })).toEqual([]);
    expect(await users(c.admin, { s: `${tag}%` })).toEqual([]);
    const blank = await api.gql(USERS, { s: " " }, c.admin.token);
    expect([code(blank), blank.errors![0]!.extensions!.field]).toEqual(["BAD_USER_INPUT", "search"]);
  });
  it("pages users like the other lists: every one once, in id order, with a total and no silent cap", async () => {
    const c = await city(api);
    const made = await Promise.all(Array.from({ length: 7 }, () => user(api, "ASSESSOR", { unitId: c.townshipId })));
    const PAGE = `query($u: ID, $after: String) { users(unitId: $u, first: 3, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = ok(await api.gql(PAGE, { u: c.townshipId, after }, c.admin.token)).users;
      expect(page.totalCount).toBe(7);
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((u) => u.id).sort((a, b) => Number(a) - Number(b)));
    const big = await api.gql(`{ users(first: 101) { totalCount } }`, {}, c.admin.token);
    expect(big.errors?.[0]?.extensions?.field).toBe("first");
    // A unit out of sight is as unknown as one that does not exist: in every list, an empty page, never NOT_FOUND.
    const other = await user(api, "UNIT_MANAGER", { unitId: c.departmentId });
    const unknown = "987654321";
    for (const u of [c.townshipId, unknown]) {
      expect(ok(await api.gql(PAGE, { u, after: null }, other.token)).users.totalCount).toBe(0);
      for (const list of ["tasks", "problems", "venues"]) {
        const r = ok(
          await api.gql(
            `query($u: ID) { ${list}(first: 5, filter: { unitId: $u }) { totalCount } }`,
            { u },
            other.token,
          ),
        );
        expect([list, u, r[list].totalCount]).toEqual([list, u, 0]);
      }
    }
  });
});
