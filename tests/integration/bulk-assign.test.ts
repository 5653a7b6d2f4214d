import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, unit, user, venue } from "../support/factories";
import type { SignedIn } from "../support/factories";
import { cancel, rowCounts, stateFingerprint } from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const ASSIGN_MANY = `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`;

interface Listed {
  id: string;
  kind: string;
  status: string;
  dueAt: string;
  venue: { id: string; type: string };
  unit: { id: string };
  assignee: { id: string };
  rubric: { code: string };
  history: { action: string; actor: { id: string }; at: string }[];
}

async function tasksUnder(unitId: string, token: string, kind?: string): Promise<Listed[]> {
  const r = ok(
    await api.gql(
      `query($f: TaskFilter) { tasks(filter: $f, first: 100) { totalCount nodes { id kind status dueAt venue { id type } unit { id } assignee { id } rubric { code } history { action actor { id } at } } } }`,
      { f: { unitId, kind } },
      token,
    ),
  );
  return r.tasks.nodes;
}

/** A district of its own: the city's factory venues plus two more townships, each with a centre and two village stations. */
async function district() {
  const c = await city(api);
  const extra: string[] = [];
  for (let i = 0; i < 2; i++) {
    const township = await unit(api, c.admin, "TOWNSHIP", c.districtId);
    extra.push(await venue(api, c.admin, "CONVENIENCE_CENTER", township));
    for (let j = 0; j < 2; j++)
      extra.push(await venue(api, c.admin, "CONVENIENCE_STATION", await unit(api, c.admin, "VILLAGE", township)));
  }
  const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
  const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
  const convenience = [c.venues.convenienceCenter, c.venues.station, ...extra];
  return { ...c, manager, assessor, convenience };
}

const many = (who: SignedIn, i: Record<string, unknown>) => api.gql(ASSIGN_MANY, { i }, who.token);

describe("assignTasks", () => {
  it("assigns one task to every venue of the named types under a unit, with its rubric, due date and history", async () => {
    const d = await district();
    api.clock.set("2024-06-20T01:00:00Z");
    const n = ok(
      await many(d.manager, {
        campaignId: d.campaignId,
        kind: "UNIFIED_ASSESSMENT",
        unitId: d.districtId,
        venueTypes: ["CONVENIENCE_CENTER", "CONVENIENCE_STATION"],
        assigneeId: d.assessor.id,
      }),
    ).assignTasks;
    expect(n).toBe(8);
    const tasks = await tasksUnder(d.districtId, d.manager.token);
    expect(tasks).toHaveLength(8);
    expect(tasks.map((t) => t.venue.id).sort()).toEqual([...d.convenience].sort());
    for (const t of tasks) {
      expect(t).toMatchObject({
        kind: "UNIFIED_ASSESSMENT",
        status: "ASSIGNED",
        assignee: { id: d.assessor.id },
        dueAt: "2024-09-30T15:59:59.999Z",
      });
      expect(t.rubric.code).toBe(
        t.venue.type === "CONVENIENCE_CENTER" ? "2024-convenience-center" : "2024-convenience-station",
      );
      expect(t.history).toEqual([{ action: "ASSIGNED", actor: { id: d.manager.id }, at: "2024-06-20T01:00:00.000Z" }]);
    }
    // Nothing outside the unit: the city's own venues have no task.
    expect(
      await tasksUnder(d.cityId, d.admin.token).then((ts) => ts.filter((t) => t.venue.id === d.venues.cityCenter)),
    ).toEqual([]);
  });

  it("takes every type when none is named, and a given due date", async () => {
    const d = await district();
    const n = ok(
      await many(d.admin, {
        campaignId: d.campaignId,
        kind: "SELF_CHECK",
        unitId: d.districtId,
        assigneeId: d.assessor.id,
        dueAt: "2024-07-20T09:00:00.000Z",
      }),
    ).assignTasks;
    // The district's comprehensive centre and sub-centre, and the eight convenience venues.
    expect(n).toBe(10);
    const tasks = await tasksUnder(d.districtId, d.admin.token);
    expect(new Set(tasks.map((t) => t.venue.type))).toEqual(
      new Set(["COMPREHENSIVE_CENTER", "PROFESSIONAL_SUBCENTER", "CONVENIENCE_CENTER", "CONVENIENCE_STATION"]),
    );
    expect(new Set(tasks.map((t) => t.dueAt))).toEqual(new Set(["2024-07-20T09:00:00.000Z"]));
    // A due date given by hand is after the assignment.
    expect(
      code(
        await many(d.admin, {
          campaignId: d.campaignId,
          kind: "SELF_CHECK",
          unitId: d.districtId,
          assigneeId: d.assessor.id,
          dueAt: "2024-05-20T09:00:00.000Z",
        }),
      ),
    ).toBe("BAD_USER_INPUT");
  });

  it("skips venues with an open task of that kind in the campaign, and counts only what it assigned", async () => {
    const d = await district();
    const input = {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      unitId: d.townshipId,
      venueTypes: ["CONVENIENCE_CENTER", "CONVENIENCE_STATION"],
      assigneeId: d.assessor.id,
    };
    expect(ok(await many(d.manager, input)).assignTasks).toBe(2);
    expect(ok(await many(d.manager, input)).assignTasks).toBe(0);
    const [first] = await tasksUnder(d.townshipId, d.manager.token);
    await cancel(api, d.manager, first!.id, "re-assign");
    expect(ok(await many(d.manager, input)).assignTasks).toBe(1);
    const open = (await tasksUnder(d.townshipId, d.manager.token)).filter((t) => t.status === "ASSIGNED");
    expect(open.map((t) => t.venue.id).sort()).toEqual([d.venues.convenienceCenter, d.venues.station].sort());
    // Another kind is another matter.
    expect(ok(await many(d.manager, { ...input, kind: "SELF_CHECK" })).assignTasks).toBe(2);
  });

  it("gives each venue to its own staff when no assignee is named, and skips venues without staff or deactivated", async () => {
    const d = await district();
    const staffCentre = await user(api, "VENUE_STAFF", { venueId: d.venues.convenienceCenter });
    await user(api, "VENUE_STAFF", { venueId: d.venues.convenienceCenter });
    const staffStation = await user(api, "VENUE_STAFF", { venueId: d.convenience[3]! });
    const gone = await user(api, "VENUE_STAFF", { venueId: d.convenience[4]! });
    await api.ds.query("UPDATE user SET active = 0 WHERE id = ?", [Number(gone.id)]);
    ok(
      await api.gql(
        `mutation($id: ID!) { updateVenue(id: $id, input: { active: false }) { id } }`,
        { id: d.convenience[3] },
        d.manager.token,
      ),
    );
    const n = ok(
      await many(d.manager, {
        campaignId: d.campaignId,
        kind: "SELF_CHECK",
        unitId: d.districtId,
        venueTypes: ["CONVENIENCE_CENTER", "CONVENIENCE_STATION"],
      }),
    ).assignTasks;
    expect(n).toBe(1);
    const [t] = await tasksUnder(d.districtId, d.manager.token);
    expect(t).toMatchObject({ venue: { id: d.venues.convenienceCenter }, assignee: { id: staffCentre.id } });
    expect(staffStation.id).not.toBe(t!.assignee.id);
    // A named VENUE_STAFF assignee takes only their own venue, and never what judges it from outside.
    const staffOfStation = await user(api, "VENUE_STAFF", { venueId: d.venues.station });
    expect(
      ok(
        await many(d.manager, {
          campaignId: d.campaignId,
          kind: "SELF_CHECK",
          unitId: d.districtId,
          assigneeId: staffOfStation.id,
        }),
      ).assignTasks,
    ).toBe(1);
    expect(
      code(
        await many(d.manager, {
          campaignId: d.campaignId,
          kind: "UNANNOUNCED_INSPECTION",
          unitId: d.districtId,
          assigneeId: staffOfStation.id,
        }),
      ),
    ).toBe("BAD_USER_INPUT");
  });

  it("refuses types the caller may not assign, and writes nothing", async () => {
    const d = await district();
    const township = await user(api, "UNIT_MANAGER", { unitId: d.townshipId });
    const [rows, state] = [await rowCounts(api), await stateFingerprint(api)];
    const centres = await many(d.manager, {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      unitId: d.districtId,
      venueTypes: ["COMPREHENSIVE_CENTER", "CONVENIENCE_CENTER"],
      assigneeId: d.assessor.id,
    });
    expect(code(centres)).toBe("FORBIDDEN");
    expect(
      code(
        await many(township, {
          campaignId: d.campaignId,
          kind: "UNIFIED_ASSESSMENT",
          unitId: d.townshipId,
          assigneeId: d.assessor.id,
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(await rowCounts(api)).toEqual(rows);
    expect(await stateFingerprint(api)).toBe(state);
  });

  it("never gives a venue two open tasks when two assignments of one unit run at once", async () => {
    const d = await district();
    const other = await user(api, "UNIT_MANAGER", { unitId: d.districtId });
    const input = {
      campaignId: d.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      unitId: d.districtId,
      assigneeId: d.assessor.id,
    };
    const results = await Promise.all([many(d.manager, input), many(other, input), many(d.admin, input)]);
    expect(results.map((r) => r.errors?.[0]?.message ?? "ok")).toEqual(["ok", "ok", "ok"]);
    expect(results.reduce((sum, r) => sum + r.data!.assignTasks, 0)).toBe(10);
    const [row] = await api.ds.query(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT t.venue_id) AS venues FROM task t JOIN unit u ON u.id = t.unit_id WHERE u.path LIKE CONCAT((SELECT path FROM unit WHERE id = ?), '%') AND t.kind = 'UNANNOUNCED_INSPECTION'`,
      [Number(d.districtId)],
    );
    expect([Number(row.n), Number(row.venues)]).toEqual([10, 10]);
    const [events] = await api.ds.query(
      "SELECT COUNT(*) AS n FROM task_event e JOIN task t ON t.id = e.task_id JOIN unit u ON u.id = t.unit_id WHERE u.path LIKE CONCAT((SELECT path FROM unit WHERE id = ?), '%')",
      [Number(d.districtId)],
    );
    expect(Number(events.n)).toBe(10);
  });
});

const PREVIEW = `query($i: AssignTasksInput!) { previewAssignTasks(input: $i) { tasks venues skippedOpen withoutStaff } }`;
const preview = (who: SignedIn, i: Record<string, unknown>) => api.gql(PREVIEW, { i }, who.token);

describe("previewAssignTasks", () => {
  /** The preview, then assignTasks with the same input: the preview's tasks are what it created. */
  async function previewThenAssign(who: SignedIn, i: Record<string, unknown>) {
    const p = ok(await preview(who, i)).previewAssignTasks;
    const created = ok(await many(who, i)).assignTasks;
    expect(p.tasks, JSON.stringify(i)).toBe(created);
    expect(p.tasks).toBe(p.venues - p.skippedOpen - p.withoutStaff);
    return p;
  }

  it("tells what assignTasks then does: the types, venues with an open task, venues without staff, a named assignee", async () => {
    const d = await district();
    const convenience = {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      unitId: d.districtId,
      venueTypes: ["CONVENIENCE_CENTER", "CONVENIENCE_STATION"],
      assigneeId: d.assessor.id,
    };
    expect(await previewThenAssign(d.manager, convenience)).toEqual({
      tasks: 8,
      venues: 8,
      skippedOpen: 0,
      withoutStaff: 0,
    });
    expect(await previewThenAssign(d.manager, convenience)).toEqual({
      tasks: 0,
      venues: 8,
      skippedOpen: 8,
      withoutStaff: 0,
    });
    const [first] = await tasksUnder(d.townshipId, d.manager.token, "UNIFIED_ASSESSMENT");
    await cancel(api, d.manager, first!.id, "re-assign");
    expect(await previewThenAssign(d.manager, convenience)).toEqual({
      tasks: 1,
      venues: 8,
      skippedOpen: 7,
      withoutStaff: 0,
    });
    // Only the types asked for: the township's centre, not its station.
    expect(
      await previewThenAssign(d.manager, {
        ...convenience,
        kind: "SELF_CHECK",
        unitId: d.townshipId,
        venueTypes: ["CONVENIENCE_CENTER"],
      }),
    ).toEqual({
      tasks: 1,
      venues: 1,
      skippedOpen: 0,
      withoutStaff: 0,
    });

    // Each venue's own staff: venues without an active one are passed by; a deactivated venue is not among them.
    await user(api, "VENUE_STAFF", { venueId: d.venues.districtCenter });
    await user(api, "VENUE_STAFF", { venueId: d.venues.station });
    const gone = await user(api, "VENUE_STAFF", { venueId: d.convenience[2]! });
    await api.ds.query("UPDATE user SET active = 0 WHERE id = ?", [Number(gone.id)]);
    ok(
      await api.gql(
        `mutation($id: ID!) { updateVenue(id: $id, input: { active: false }) { id } }`,
        { id: d.convenience[3] },
        d.manager.token,
      ),
    );
    const selfChecks = { campaignId: d.campaignId, kind: "SELF_CHECK", unitId: d.districtId };
    // Ten venues less the deactivated one; the township's centre already holds a self-check; two have staff.
    expect(await previewThenAssign(d.manager, selfChecks)).toEqual({
      tasks: 2,
      venues: 9,
      skippedOpen: 1,
      withoutStaff: 6,
    });
    expect(await previewThenAssign(d.manager, selfChecks)).toEqual({
      tasks: 0,
      venues: 9,
      skippedOpen: 3,
      withoutStaff: 6,
    });

    // A named VENUE_STAFF assignee takes their own venue only; an assessment or inspection never (refused as assignTasks refuses it).
    const staffOfCentre = await user(api, "VENUE_STAFF", { venueId: d.venues.convenienceCenter });
    expect(await previewThenAssign(d.manager, { ...selfChecks, assigneeId: staffOfCentre.id })).toEqual({
      tasks: 0,
      venues: 1,
      skippedOpen: 1,
      withoutStaff: 0,
    });
    for (const kind of ["UNIFIED_ASSESSMENT", "UNANNOUNCED_INSPECTION"]) {
      expect(code(await preview(d.admin, { ...selfChecks, kind, assigneeId: staffOfCentre.id }))).toBe(
        "BAD_USER_INPUT",
      );
    }
  });

  it("writes nothing, and refuses what assignTasks refuses with the same code and field", async () => {
    const d = await district();
    const township = await user(api, "UNIT_MANAGER", { unitId: d.townshipId });
    const integrator = await user(api, "INTEGRATOR", { unitId: d.districtId });
    const base = { campaignId: d.campaignId, kind: "SELF_CHECK", unitId: d.districtId, assigneeId: d.assessor.id };
    const [rows, state] = [await rowCounts(api), await stateFingerprint(api)];
    expect(ok(await preview(d.manager, base)).previewAssignTasks).toEqual({
      tasks: 10,
      venues: 10,
      skippedOpen: 0,
      withoutStaff: 0,
    });
    expect(await rowCounts(api)).toEqual(rows);
    expect(await stateFingerprint(api)).toBe(state);

    const refused: [SignedIn, Record<string, unknown>, string, string | undefined][] = [
      [d.assessor, base, "FORBIDDEN", undefined],
      [integrator, base, "FORBIDDEN", undefined],
      [township, { ...base, unitId: d.townshipId }, "FORBIDDEN", undefined],
      [
        d.manager,
        { ...base, kind: "UNIFIED_ASSESSMENT", venueTypes: ["COMPREHENSIVE_CENTER"] },
        "FORBIDDEN",
        undefined,
      ],
      [d.manager, { ...base, kind: "RECTIFICATION" }, "BAD_USER_INPUT", "kind"],
      [d.manager, { ...base, campaignId: "999999" }, "NOT_FOUND", "campaignId"],
      [d.manager, { ...base, unitId: "999999" }, "NOT_FOUND", "unitId"],
      [d.manager, { ...base, unitId: d.cityId }, "NOT_FOUND", "unitId"],
      [d.manager, { ...base, assigneeId: "999999" }, "NOT_FOUND", "assigneeId"],
      [d.admin, { ...base, assigneeId: integrator.id }, "BAD_USER_INPUT", "assigneeId"],
      [d.manager, { ...base, unitId: "x" }, "BAD_USER_INPUT", "unitId"],
    ];
    for (const [who, input, want, field] of refused) {
      const [p, a] = [await preview(who, input), await many(who, input)];
      expect([code(p), p.errors?.[0]?.extensions?.field], JSON.stringify(input)).toEqual([want, field]);
      expect([code(a), a.errors?.[0]?.extensions?.field]).toEqual([want, field]);
    }
    ok(
      await api.gql(
        `mutation($id: ID!, $i: UpdateUnitInput!) { updateUnit(id: $id, input: $i) { id } }`,
        { id: d.townshipId, i: { active: false } },
        d.manager.token,
      ),
    );
    const off = await preview(d.manager, { ...base, unitId: d.villageId });
    expect([code(off), off.errors?.[0]?.extensions?.field]).toEqual(["BAD_USER_INPUT", "unitId"]);
    expect(await rowCounts(api)).toEqual(rows);
  });
});
