import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, uid, unit, user } from "../support/factories";
import type { SignedIn } from "../support/factories";
import { save, start } from "../support/flow";
import { Api, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const PAGE = `query($f: TaskFilter, $n: Int, $after: String) {
  tasks(filter: $f, first: $n, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id kind status overdue version
      campaign { year }
      venue { id name type unit { id name } }
      unit { id name parent { id } }
      assignee { id username unit { id name } }
      score { total deducted bonus indicators { indicatorCode score } }
      findings { indicatorCode deduction evidence { id } }
      problems { id }
      history { action actor { username } }
    }
  }
}`;

/** SQL statements the API sends to answer one request. */
async function cost(token: string, variables: Record<string, unknown>) {
  const before = api.queries();
  const r = ok(await api.gql(PAGE, variables, token));
  return { queries: api.queries() - before, page: r.tasks };
}

/** `count` more professional sub-centres in two districts, each with a scored unified assessment by one of three assessors. */
async function bigCity(count: number) {
  const c = await city(api);
  const districtB = await unit(api, c.admin, "DISTRICT", c.cityId);
  const tag = uid();
  const values = Array.from({ length: count }, (_x, i) => [
    `qc-${tag}-${i}`,
    `分中心 ${i}`,
    "PROFESSIONAL_SUBCENTER",
    Number(i % 2 ? c.districtId : districtB),
  ]);
  await api.ds.query("INSERT INTO venue (code, name, type, unit_id) VALUES ?", [values]);
  const assessors = await Promise.all(
    [c.districtId, c.districtId, districtB].map((unitId) => user(api, "ASSESSOR", { unitId })),
  );
  const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
  for (const [i, districtId] of [c.districtId, districtB].entries()) {
    const n = ok(
      await api.gql(
        `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
        {
          i: {
            campaignId: c.campaignId,
            kind: "UNIFIED_ASSESSMENT",
            unitId: districtId,
            venueTypes: ["PROFESSIONAL_SUBCENTER"],
            assigneeId: assessors[i === 0 ? 0 : 2]!.id,
          },
        },
        c.admin.token,
      ),
    ).assignTasks;
    expect(n, `district ${i}`).toBe(i === 0 ? count / 2 + 1 : count / 2);
  }
  // Hand some of district A's tasks to the second assessor, then score every task through the API.
  await api.ds.query("UPDATE task SET assignee_id = ? WHERE assignee_id = ? AND MOD(id, 3) = 0", [
    Number(assessors[1]!.id),
    Number(assessors[0]!.id),
  ]);
  const tasks: { id: number; assignee_id: number }[] = await api.ds.query(
    "SELECT id, assignee_id FROM task WHERE assignee_id IN (?) ORDER BY id",
    [assessors.map((a) => Number(a.id))],
  );
  const byId = new Map<number, SignedIn>(assessors.map((a) => [Number(a.id), a]));
  for (let i = 0; i < tasks.length; i += 20) {
    await Promise.all(
      tasks.slice(i, i + 20).map(async (t) => {
        const a = byId.get(t.assignee_id)!;
        await start(api, a, String(t.id));
        await save(api, a, String(t.id), [
          { indicatorCode: "I01", ruleCode: "R1" },
          { indicatorCode: "I02", ruleCode: "R2", occurrences: t.id % 7 },
        ]);
      }),
    );
  }
  return { ...c, districtB, manager, assessors };
}

describe("a page of tasks with its nested fields", () => {
  it("costs the same number of SQL statements for 10 tasks as for 100 (DataLoader)", async () => {
    const c = await bigCity(110);
    const filter = { f: { unitId: c.cityId, kind: "UNIFIED_ASSESSMENT" } };
    const ten = await cost(c.admin.token, { ...filter, n: 10 });
    const hundred = await cost(c.admin.token, { ...filter, n: 100 });
    expect(ten.page.nodes).toHaveLength(10);
    expect(hundred.page.nodes).toHaveLength(100);
    expect(hundred.page.totalCount).toBe(111);
    // The page really has what it should: venues of both districts, three assessors, scores.
    expect(new Set(hundred.page.nodes.map((t: { venue: { unit: { id: string } } }) => t.venue.unit.id)).size).toBe(2);
    expect(new Set(hundred.page.nodes.map((t: { assignee: { id: string } }) => t.assignee.id)).size).toBe(3);
    expect(
      hundred.page.nodes.every((t: { score: { total: number } | null }) => t.score !== null && t.score.total <= 97),
    ).toBe(true);
    expect(hundred.queries).toBe(ten.queries);
    expect(hundred.queries).toBeLessThanOrEqual(16);
    console.log(
      `a page of tasks with nested fields: ${ten.queries} SQL statements for 10 tasks, ${hundred.queries} for 100`,
    );

    // The next page costs the same again.
    const next = await cost(c.admin.token, { ...filter, n: 100, after: hundred.page.pageInfo.endCursor });
    expect(next.page.nodes).toHaveLength(11);
    expect(next.queries).toBe(hundred.queries);
  });

  it("costs the same for a manager, whose scope is part of the query", async () => {
    const c = await bigCity(40);
    const filter = { f: { kind: "UNIFIED_ASSESSMENT" } };
    const ten = await cost(c.manager.token, { ...filter, n: 10 });
    const all = await cost(c.manager.token, { ...filter, n: 100 });
    expect(all.page.totalCount).toBe(21);
    expect(all.page.nodes).toHaveLength(21);
    expect(all.queries).toBe(ten.queries);
  });

  it("reads venue, unit and assignee with the page when only their own fields are asked, answering as the loaders do", async () => {
    const c = await bigCity(20);
    const own =
      "venue { id code name type active community } unit { id code name kind active } assignee { id username displayName role active }";
    // A computed field (Venue.unit, Unit.parent, User.unit) leaves the relation to the loaders.
    const computed =
      "venue { id code name type active community unit { id } } unit { id code name kind active parent { id } } assignee { id username displayName role active unit { id } }";
    const list = (fields: string) =>
      `query($f: TaskFilter) { tasks(filter: $f, first: 100) { nodes { id ${fields} } } }`;
    const strip = (
      nodes: { venue: { unit?: unknown } | null; unit: { parent?: unknown } | null; assignee: { unit?: unknown } }[],
    ) =>
      nodes.map((t) => ({
        ...t,
        venue: t.venue && { ...t.venue, unit: undefined },
        unit: t.unit && { ...t.unit, parent: undefined },
        assignee: { ...t.assignee, unit: undefined },
      }));
    for (const reader of [c.admin, c.manager]) {
      const statements = async (fields: string) => {
        const before = api.queries();
        const r = ok(await api.gql(list(fields), { f: { kind: "UNIFIED_ASSESSMENT" } }, reader.token));
        return { n: api.queries() - before, nodes: r.tasks.nodes };
      };
      const joined = await statements(own);
      const loaded = await statements(computed);
      expect(joined.nodes.length).toBeGreaterThan(10);
      expect(strip(joined.nodes)).toEqual(strip(loaded.nodes));
      expect(joined.n).toBeLessThan(loaded.n);
    }
  });
});
