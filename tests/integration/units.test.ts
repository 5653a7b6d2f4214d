import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, uid, unit, user } from "../support/factories";
import { assign, raw } from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const UPDATE_UNIT = `mutation($id: ID!, $i: UpdateUnitInput!) { updateUnit(id: $id, input: $i) { id name active parent { id } } }`;
const UPDATE_VENUE = `mutation($id: ID!, $i: UpdateVenueInput!) { updateVenue(id: $id, input: $i) { id name active unit { id } } }`;

async function twoDistricts() {
  const c = await city(api);
  const districtB = await unit(api, c.admin, "DISTRICT", c.cityId);
  const [managerA, managerB, assessorA] = await Promise.all([
    user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    user(api, "UNIT_MANAGER", { unitId: districtB }),
    user(api, "ASSESSOR", { unitId: c.districtId }),
  ]);
  return { ...c, districtB, managerA, managerB, assessorA };
}

const sees = async (token: string, query: string, vars: Record<string, unknown>) =>
  !(await api.gql(query, vars, token)).errors;

describe("moving and deactivating units and venues", () => {
  it("moves a township with its villages and venues to another district, and scope follows", async () => {
    const d = await twoDistricts();
    const t = await assign(api, d.managerA, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venues.station,
      assigneeId: d.assessorA.id,
    });
    const moved = ok(
      await api.gql(UPDATE_UNIT, { id: d.townshipId, i: { parentId: d.districtB } }, d.admin.token),
    ).updateUnit;
    expect(moved.parent).toEqual({ id: d.districtB });
    const [village] = await api.ds.query(
      "SELECT u.path, p.path AS parent FROM unit u JOIN unit p ON p.id = ? WHERE u.id = ?",
      [Number(d.districtB), Number(d.villageId)],
    );
    expect(village.path).toBe(`${village.parent}${d.townshipId}/${d.villageId}/`);
    const unitQ = `query($id: ID!) { unit(id: $id) { id } }`;
    const taskQ = `query($id: ID!) { task(id: $id) { id } }`;
    expect(await sees(d.managerB.token, unitQ, { id: d.villageId })).toBe(true);
    expect(await sees(d.managerA.token, unitQ, { id: d.villageId })).toBe(false);
    expect(await sees(d.managerB.token, taskQ, { id: t.id })).toBe(true);
    // The task stays visible to whoever assigned it.
    expect(await sees(d.managerA.token, taskQ, { id: t.id })).toBe(true);
    // A unit never moves under itself or its own subtree.
    expect(code(await api.gql(UPDATE_UNIT, { id: d.townshipId, i: { parentId: d.townshipId } }, d.admin.token))).toBe(
      "BAD_USER_INPUT",
    );
  });

  it("moves a venue with its tasks and its staff: the new district's manager assigns them, the old one no longer can", async () => {
    const d = await twoDistricts();
    const staff = await user(api, "VENUE_STAFF", { venueId: d.venues.districtSubcenter });
    const t = await assign(api, d.managerA, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venues.districtSubcenter,
      assigneeId: staff.id,
    });
    ok(await api.gql(UPDATE_VENUE, { id: d.venues.districtSubcenter, i: { unitId: d.districtB } }, d.admin.token));
    const task = ok(
      await api.gql(
        `query($id: ID!) { task(id: $id) { unit { id } venue { unit { id } } } }`,
        { id: t.id },
        d.managerB.token,
      ),
    ).task;
    expect(task).toEqual({ unit: { id: d.districtB }, venue: { unit: { id: d.districtB } } });
    const me = ok(await api.gql(`{ me { unit { id } venue { id } } }`, {}, staff.token)).me;
    expect(me).toEqual({ unit: { id: d.districtB }, venue: { id: d.venues.districtSubcenter } });
    // The new district's manager manages the moved self-check, and gives the staff a new one.
    ok(
      await api.gql(
        `mutation($id: ID!) { cancelTask(id: $id, reason: "moved") { id } }`,
        { id: t.id },
        d.managerB.token,
      ),
    );
    const input = {
      campaignId: d.campaignId,
      kind: "SELF_CHECK" as const,
      venueId: d.venues.districtSubcenter,
      assigneeId: staff.id,
    };
    expect((await assign(api, d.managerB, input)).venue).toEqual({ id: d.venues.districtSubcenter });
    expect(code(await raw.assign(api, d.managerA, input))).toBe("NOT_FOUND");
  });

  it("deactivates a venue: no new tasks, bulk assignment passes it by, its history stays", async () => {
    const d = await twoDistricts();
    const t = await assign(api, d.managerA, {
      campaignId: d.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: d.venues.convenienceCenter,
      assigneeId: d.assessorA.id,
    });
    const off = ok(
      await api.gql(UPDATE_VENUE, { id: d.venues.convenienceCenter, i: { active: false } }, d.managerA.token),
    ).updateVenue;
    expect(off.active).toBe(false);
    expect(
      code(
        await raw.assign(api, d.managerA, {
          campaignId: d.campaignId,
          kind: "SELF_CHECK",
          venueId: d.venues.convenienceCenter,
          assigneeId: d.assessorA.id,
        }),
      ),
    ).toBe("BAD_USER_INPUT");
    const n = ok(
      await api.gql(
        `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
        { i: { campaignId: d.campaignId, kind: "SELF_CHECK", unitId: d.townshipId, assigneeId: d.assessorA.id } },
        d.managerA.token,
      ),
    ).assignTasks;
    expect(n).toBe(1);
    expect(
      ok(await api.gql(`query($id: ID!) { task(id: $id) { venue { active } } }`, { id: t.id }, d.managerA.token)).task
        .venue.active,
    ).toBe(false);
    // A manager does not change their own unit, only those below it.
    expect(code(await api.gql(UPDATE_UNIT, { id: d.districtId, i: { active: false } }, d.managerA.token))).toBe(
      "FORBIDDEN",
    );
    expect(
      ok(await api.gql(UPDATE_UNIT, { id: d.townshipId, i: { name: "新名" } }, d.managerA.token)).updateUnit.name,
    ).toBe("新名");
  });
  it("deactivates a township: its venues take no new tasks, bulk assignment passes them by, nothing new goes under it", async () => {
    const d = await twoDistricts();
    ok(await api.gql(UPDATE_UNIT, { id: d.townshipId, i: { active: false } }, d.managerA.token));
    const single = await raw.assign(api, d.managerA, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venues.station,
      assigneeId: d.assessorA.id,
    });
    expect(code(single)).toBe("BAD_USER_INPUT");
    expect(single.errors![0]!.extensions!.field).toBe("venueId");
    const bulk = (unitId: string) =>
      api.gql(
        `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
        { i: { campaignId: d.campaignId, kind: "SELF_CHECK", unitId, assigneeId: d.assessorA.id } },
        d.managerA.token,
      );
    // The district's own two venues only: the township's convenience centre and the village's station are passed by.
    expect(ok(await bulk(d.districtId)).assignTasks).toBe(2);
    expect(code(await bulk(d.villageId))).toBe("BAD_USER_INPUT");
    const underIt = await api.gql(
      `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`,
      { i: { code: `v-${d.villageId}-x`, name: "新村", kind: "VILLAGE", parentId: d.townshipId } },
      d.managerA.token,
    );
    expect(code(underIt)).toBe("BAD_USER_INPUT");
    // Reactivated, it takes tasks again.
    ok(await api.gql(UPDATE_UNIT, { id: d.townshipId, i: { active: true } }, d.managerA.token));
    expect(ok(await bulk(d.townshipId)).assignTasks).toBe(2);
  });
});

describe("a searchable tree of units", () => {
  const SEARCH = `query($s: String, $p: ID) { units(search: $s, parentId: $p) { id name code childCount ancestors { id } } }`;
  const search = async (by: { token: string }, s: string, p?: string) =>
    ok(await api.gql(SEARCH, { s, p }, by.token)).units as {
      id: string;
      name: string;
      childCount: number;
      ancestors: { id: string }[];
    }[];

  it("finds the units you may see by name or code, anywhere in scope, ordered by path; with parentId, below that unit", async () => {
    const d = await twoDistricts();
    const tag = uid();
    const a1 = await unit(api, d.admin, "TOWNSHIP", d.districtId, `搜索${tag}镇一`);
    const a2 = await unit(api, d.admin, "VILLAGE", d.townshipId, `搜索${tag}村`);
    const b1 = await unit(api, d.admin, "TOWNSHIP", d.districtB, `搜索${tag}镇二`);
    const ids = (us: { id: string }[]) => us.map((u) => u.id);
    const paths = new Map<string, string>(
      (await api.ds.query("SELECT id, path FROM unit WHERE id IN (?)", [[a1, a2, b1].map(Number)])).map(
        (r: { id: number; path: string }) => [String(r.id), r.path],
      ),
    );
    const byPath = (...us: string[]) => us.sort((x, y) => (paths.get(x)! < paths.get(y)! ? -1 : 1));
    // The manager of district A finds A's two, not B's; the admin finds all three.
    expect(ids(await search(d.managerA, tag))).toEqual(byPath(a1, a2));
    expect(ids(await search(d.admin, `  ${tag} `))).toEqual(byPath(a1, a2, b1));
    expect(ids(await search(d.admin, tag, d.districtId))).toEqual(byPath(a1, a2));
    expect(ids(await search(d.admin, tag, d.townshipId))).toEqual([a2]);
    // By code, and LIKE's wildcards match only themselves.
    const [{ code: townshipCode }] = await api.ds.query("SELECT code FROM unit WHERE id = ?", [Number(d.townshipId)]);
    expect(ids(await search(d.managerA, townshipCode))).toEqual([d.townshipId]);
    expect(await search(d.admin, `${tag}%`)).toEqual([]);
    const blank = await api.gql(SEARCH, { s: "   " }, d.admin.token);
    expect([code(blank), blank.errors![0]!.extensions!.field]).toEqual(["BAD_USER_INPUT", "search"]);
    // An assessor sees their own unit only.
    expect(ids(await search(d.assessorA, tag))).toEqual([]);
  });

  it("answers at most 50, and the child counts and ancestors of any number in a fixed number of statements", async () => {
    const d = await twoDistricts();
    const tag = uid();
    // 60 villages under the township, written directly.
    await api.ds.query("INSERT INTO unit (code, name, kind, parent_id, path) VALUES ?", [
      Array.from({ length: 60 }, (_x, i) => [
        `many-${tag}-${i}`,
        `多${tag}村${i}`,
        "VILLAGE",
        Number(d.townshipId),
        "/",
      ]),
    ]);
    await api.ds.query(
      "UPDATE unit SET path = CONCAT((SELECT p.path FROM (SELECT path FROM unit WHERE id = ?) p), id, '/') WHERE code LIKE ?",
      [Number(d.townshipId), `many-${tag}-%`],
    );
    const cost = async (s: string) => {
      const before = api.queries();
      const found = await search(d.managerA, s);
      return { found, statements: api.queries() - before };
    };
    const many = await cost(`多${tag}`);
    expect(many.found).toHaveLength(50);
    const few = await cost(`多${tag}村5`);
    expect(few.found.map((u) => u.name).sort()).toEqual(
      [`多${tag}村5`, ...Array.from({ length: 10 }, (_x, i) => `多${tag}村5${i}`)].sort(),
    );
    expect(many.statements).toBe(few.statements);
    // The manager of the district sees the district and the township above each village, not the city.
    expect(new Set(many.found.map((u) => JSON.stringify(u.ancestors)))).toEqual(
      new Set([JSON.stringify([{ id: d.districtId }, { id: d.townshipId }])]),
    );
    expect(many.found.every((u) => u.childCount === 0)).toBe(true);

    const TREE = `query($id: ID!) { unit(id: $id) { childCount ancestors { id } children { id } } }`;
    const township = async (by: { token: string }) => ok(await api.gql(TREE, { id: d.townshipId }, by.token)).unit;
    const asAdmin = await township(d.admin);
    expect(asAdmin.childCount).toBe(61);
    expect(asAdmin.children).toHaveLength(61);
    expect(asAdmin.ancestors).toEqual([{ id: d.cityId }, { id: d.districtId }]);
    const asManager = await township(d.managerA);
    expect([asManager.childCount, asManager.ancestors]).toEqual([61, [{ id: d.districtId }]]);
    // The city's children, counted as each reader may see them.
    const city = async (by: { token: string }) =>
      (await api.gql(`query($id: ID!) { unit(id: $id) { childCount } }`, { id: d.cityId }, by.token)).data?.unit;
    expect(await city(d.admin)).toEqual({ childCount: 3 });
    expect(await city(d.managerA)).toBeNull();
  });
});
