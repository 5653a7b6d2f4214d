import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateInProcess } from "../../apps/worker/src/evaluation/evaluation";
import { runEscalation } from "../../apps/worker/src/escalation/escalation.service";
import { city, uid, unit, user, venue, type SignedIn } from "../support/factories";
import {
  assessedSubcenter,
  assign,
  cancel,
  completeScoring,
  examineAll,
  review,
  start,
  submit,
  type Finding,
} from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const HOUR = 3_600_000;

const DASHBOARD = `query($c: ID!) {
  dashboard(campaignId: $c) {
    campaign { id year }
    scope { id }
    deadlines { key dueAt daysLeft }
    phases { kind total assigned inProgress submitted returned completed cancelled overdue }
    units { unit { id name } kind total assigned inProgress submitted returned completed cancelled overdue }
    escalations { level count }
    scores { venueType venues assessed average min max selfCheckAverage }
    evaluation { id entries { rank unit { id } } }
  }
}`;

interface Counts {
  total: number;
  assigned: number;
  inProgress: number;
  submitted: number;
  returned: number;
  completed: number;
  cancelled: number;
  overdue: number;
}

/** Counts with every status at 0 but those given. */
const counts = (c: Partial<Counts>): Counts => ({
  total: 0,
  assigned: 0,
  inProgress: 0,
  submitted: 0,
  returned: 0,
  completed: 0,
  cancelled: 0,
  overdue: 0,
  ...c,
});

const dashboard = async (on: Api, by: SignedIn | string, campaignId: string) =>
  ok(await on.gql(DASHBOARD, { c: campaignId }, typeof by === "string" ? by : by.token)).dashboard;

/** The rows per unit as [unit id, kind, counts]. */
const rows = (d: { units: ({ unit: { id: string }; kind: string } & Counts)[] }) =>
  d.units.map(({ unit: u, kind, ...c }) => [u.id, kind, c]);

const noScore = { assessed: 0, average: null, min: null, max: null, selfCheckAverage: null };
const mean = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100;

/** Each venue's task of a kind, as the city admin lists them. */
async function taskOfVenue(on: Api, admin: SignedIn, kind: string, unitId: string): Promise<Map<string, string>> {
  const nodes: { id: string; venue: { id: string } }[] = ok(
    await on.gql(
      `query($f: TaskFilter) { tasks(filter: $f, first: 100) { nodes { id venue { id } } } }`,
      { f: { kind, unitId } },
      admin.token,
    ),
  ).tasks.nodes;
  return new Map(nodes.map((t) => [t.venue.id, t.id]));
}

const scored = (
  on: Api,
  c: { campaignId: string; admin: SignedIn },
  assessor: SignedIn,
  kind: "SELF_CHECK" | "UNIFIED_ASSESSMENT",
  venueId: string,
  findings: Finding[],
) =>
  completeScoring(on, {
    campaignId: c.campaignId,
    kind,
    venueId,
    assigner: c.admin,
    assignee: assessor,
    findings,
  }).then((t) => t.score!.total);

describe("the city admin's dashboard", () => {
  // A database of its own: the city admin sees every task in it, so the numbers are exactly what this test made.
  let own: Api;
  beforeAll(async () => {
    own = await startApi();
  });
  afterAll(async () => own?.close());

  it("counts every status and what is overdue by the clock, per phase and per district and department (the city's own venues under the city), with the scores of each venue type", async () => {
    own.clock.set("2024-05-10T02:00:00Z");
    const c = await city(own);
    const districtB = await unit(own, c.admin, "DISTRICT", c.cityId);
    const centreB = await venue(own, c.admin, "COMPREHENSIVE_CENTER", districtB);
    const assessor = await user(own, "ASSESSOR", { unitId: c.cityId });
    const v = c.venues;

    // Self-checks of all seven venues, taken to every status.
    const n = ok(
      await own.gql(
        `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
        { i: { campaignId: c.campaignId, kind: "SELF_CHECK", unitId: c.cityId, assigneeId: assessor.id } },
        c.admin.token,
      ),
    );
    expect(n.assignTasks).toBe(7);
    const selfCheck = await taskOfVenue(own, c.admin, "SELF_CHECK", c.cityId);
    const sc = (venueId: string) => selfCheck.get(venueId)!;
    await start(own, assessor, sc(v.cityCenter));
    await examineAll(own, assessor, sc(v.cityCenter), [{ indicatorCode: "I01", ruleCode: "R1" }]);
    await submit(own, assessor, sc(v.cityCenter));
    const citySelfCheck = (await review(own, c.admin, sc(v.cityCenter), true)).score!.total;
    await start(own, assessor, sc(v.districtCenter));
    await start(own, assessor, sc(v.districtSubcenter));
    await examineAll(own, assessor, sc(v.districtSubcenter));
    await submit(own, assessor, sc(v.districtSubcenter));
    await start(own, assessor, sc(v.departmentSubcenter));
    await examineAll(own, assessor, sc(v.departmentSubcenter));
    await submit(own, assessor, sc(v.departmentSubcenter));
    await review(own, c.admin, sc(v.departmentSubcenter), false, "补充材料");
    await cancel(own, c.admin, sc(v.convenienceCenter), "重复下达");

    // Unified assessments: two centres and the station twice (the later one counts); one left assigned.
    const centreScore = await scored(own, c, assessor, "UNIFIED_ASSESSMENT", v.districtCenter, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I04", ruleCode: "R1", occurrences: 2 },
    ]);
    const centreBScore = await scored(own, c, assessor, "UNIFIED_ASSESSMENT", centreB, [
      { indicatorCode: "I01", ruleCode: "R1" },
    ]);
    await scored(own, c, assessor, "UNIFIED_ASSESSMENT", v.station, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I02", ruleCode: "R1" },
    ]);
    own.clock.advanceHours(1);
    const stationScore = await scored(own, c, assessor, "UNIFIED_ASSESSMENT", v.station, [
      { indicatorCode: "I04", ruleCode: "R1", occurrences: 3 },
    ]);
    await assign(own, c.admin, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: v.districtSubcenter,
      assigneeId: assessor.id,
    });
    // A station assessed and then deactivated: its task still counts, the venue and its score no longer do.
    const gone = await venue(own, c.admin, "CONVENIENCE_STATION", c.villageId);
    await scored(own, c, assessor, "UNIFIED_ASSESSMENT", gone, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    ok(
      await own.gql(
        `mutation($id: ID!) { updateVenue(id: $id, input: { active: false }) { id } }`,
        { id: gone },
        c.admin.token,
      ),
    );
    expect([centreScore, centreBScore, stationScore]).toEqual([93, 97, 97]);

    // Past the self-check's due date (31 May): the five self-checks still open are overdue.
    own.clock.set("2024-06-05T02:00:00Z");
    const d = await dashboard(own, c.admin, c.campaignId);
    expect(d.campaign).toEqual({ id: c.campaignId, year: 2024 });
    expect(d.scope).toBeNull();
    expect(d.deadlines).toEqual([
      { key: "selfCheckDue", dueAt: "2024-05-31T15:59:59.999Z", daysLeft: -5 },
      { key: "unifiedAssessmentDue", dueAt: "2024-06-15T15:59:59.999Z", daysLeft: 10 },
      { key: "convenienceAssessmentDue", dueAt: "2024-09-30T15:59:59.999Z", daysLeft: 117 },
      { key: "recheckDue", dueAt: "2024-10-31T15:59:59.999Z", daysLeft: 148 },
      { key: "annualReportDue", dueAt: "2024-10-31T15:59:59.999Z", daysLeft: 148 },
    ]);
    expect(d.phases).toEqual([
      {
        kind: "SELF_CHECK",
        ...counts({
          total: 7,
          assigned: 2,
          inProgress: 1,
          submitted: 1,
          returned: 1,
          completed: 1,
          cancelled: 1,
          overdue: 5,
        }),
      },
      { kind: "UNIFIED_ASSESSMENT", ...counts({ total: 6, assigned: 1, completed: 5 }) },
    ]);
    // The districts and the department below the city; the city's own centre under the city.
    expect(rows(d)).toEqual([
      [c.cityId, "SELF_CHECK", counts({ total: 1, completed: 1 })],
      [
        c.districtId,
        "SELF_CHECK",
        counts({ total: 4, assigned: 1, inProgress: 1, submitted: 1, cancelled: 1, overdue: 3 }),
      ],
      [c.districtId, "UNIFIED_ASSESSMENT", counts({ total: 5, assigned: 1, completed: 4 })],
      [c.departmentId, "SELF_CHECK", counts({ total: 1, returned: 1, overdue: 1 })],
      [districtB, "SELF_CHECK", counts({ total: 1, assigned: 1, overdue: 1 })],
      [districtB, "UNIFIED_ASSESSMENT", counts({ total: 1, completed: 1 })],
    ]);
    expect(d.escalations).toEqual([
      { level: 0, count: 0 },
      { level: 1, count: 0 },
      { level: 2, count: 0 },
    ]);
    expect(d.scores).toEqual([
      {
        venueType: "COMPREHENSIVE_CENTER",
        venues: 3,
        assessed: 2,
        average: mean([centreScore, centreBScore]),
        min: 93,
        max: 97,
        selfCheckAverage: citySelfCheck,
      },
      { venueType: "PROFESSIONAL_SUBCENTER", venues: 2, ...noScore },
      { venueType: "CONVENIENCE_CENTER", venues: 1, ...noScore },
      {
        venueType: "CONVENIENCE_STATION",
        venues: 1,
        assessed: 1,
        average: stationScore,
        min: stationScore,
        max: stationScore,
        selfCheckAverage: null,
      },
    ]);
    expect(d.evaluation).toBeNull();

    // With a stored evaluation, the dashboard answers it as annualEvaluation does: every district and department.
    await evaluateInProcess(own.ds, { campaignId: Number(c.campaignId), asOf: own.clock.now(), clock: own.clock.now });
    const after = await dashboard(own, c.admin, c.campaignId);
    const latest = ok(
      await own.gql(
        `query($c: ID!) { annualEvaluation(campaignId: $c) { id entries { rank unit { id } } } }`,
        { c: c.campaignId },
        c.admin.token,
      ),
    ).annualEvaluation;
    expect(after.evaluation).toEqual(latest);
    expect(after.evaluation.entries.map((e: { unit: { id: string } }) => e.unit.id).sort()).toEqual(
      [c.districtId, c.departmentId, districtB].sort(),
    );
  });
});

describe("a district manager's dashboard", () => {
  it("covers the district only: a row per township and the district's own, rectifications by escalation level", async () => {
    api.clock.set("2024-06-20T02:00:00Z");
    const findings: Finding[] = ["I01:R1", "I01:R2", "I02:R1", "I03:R1", "I04:R1"].map((f) => ({
      indicatorCode: f.split(":")[0]!,
      ruleCode: f.split(":")[1]!,
    }));
    const c = await assessedSubcenter(api, findings);
    const v = c.venues;
    // Outside the district: another district of the city, and another city, each with work of their own.
    const districtB = await unit(api, c.admin, "DISTRICT", c.cityId);
    const centreB = await venue(api, c.admin, "COMPREHENSIVE_CENTER", districtB);
    await assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "SELF_CHECK",
      venueId: centreB,
      assigneeId: c.assessor.id,
    });
    const other = await city(api);
    await assign(api, other.admin, {
      campaignId: other.campaignId,
      kind: "SELF_CHECK",
      venueId: other.venues.districtCenter,
      assigneeId: other.admin.id,
    });

    // The district's four venues self-check (due 31 May: already overdue); the annual report is the district's own.
    const n = ok(
      await api.gql(
        `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
        { i: { campaignId: c.campaignId, kind: "SELF_CHECK", unitId: c.districtId, assigneeId: c.assessor.id } },
        c.manager.token,
      ),
    );
    expect(n.assignTasks).toBe(4);
    await assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "ANNUAL_REPORT",
      unitId: c.districtId,
      assigneeId: c.manager.id,
    });

    // Five rectifications of the assessment's problems: two escalated to level 1 (one then cancelled), one on to level 2,
    // two past due and not escalated yet (level 0).
    const T0 = api.clock.now().getTime();
    const rect = (problemId: string, dueInHours: number) =>
      assign(api, c.manager, {
        campaignId: c.campaignId,
        kind: "RECTIFICATION",
        problemIds: [problemId],
        assigneeId: c.staff.id,
        dueAt: new Date(T0 + dueInHours * HOUR).toISOString(),
      });
    const [a, b, cc, dd, e] = [
      await rect(c.problemIds[0]!, 1),
      await rect(c.problemIds[1]!, 40),
      await rect(c.problemIds[2]!, 100),
      await rect(c.problemIds[3]!, 100),
      await rect(c.problemIds[4]!, 1),
    ];
    const scan = () =>
      runEscalation(api.ds, api.clock.now(), {
        everyMs: api.config.ESCALATION_EVERY,
        stepHours: api.config.ESCALATION_STEP_HOURS,
      });
    api.clock.set(new Date(T0 + 2 * HOUR));
    await scan(); // a and e: level 1
    await cancel(api, c.manager, e.id, "并入其他整改");
    api.clock.set(new Date(T0 + 41 * HOUR));
    await scan(); // b: level 1
    api.clock.set(new Date(T0 + 99 * HOUR));
    await scan(); // a: level 2 (97 h at level 1)
    api.clock.set(new Date(T0 + 101 * HOUR)); // c and d: past due, no scan since
    const levels: { id: number; escalation_level: number }[] = await api.ds.query(
      "SELECT id, escalation_level FROM task WHERE id IN (?) ORDER BY id",
      [[a, b, cc, dd, e].map((t) => Number(t.id))],
    );
    expect(levels.map((l) => l.escalation_level)).toEqual([2, 1, 0, 0, 1]);

    const d = await dashboard(api, c.manager, c.campaignId);
    expect(d.scope).toEqual({ id: c.districtId });
    expect(d.phases).toEqual([
      { kind: "SELF_CHECK", ...counts({ total: 4, assigned: 4, overdue: 4 }) },
      { kind: "UNIFIED_ASSESSMENT", ...counts({ total: 1, completed: 1 }) },
      { kind: "RECTIFICATION", ...counts({ total: 5, assigned: 4, cancelled: 1, overdue: 4 }) },
      { kind: "ANNUAL_REPORT", ...counts({ total: 1, assigned: 1 }) },
    ]);
    // The district's own venues and report under the district; the township holds its village's station.
    expect(rows(d)).toEqual([
      [c.districtId, "SELF_CHECK", counts({ total: 2, assigned: 2, overdue: 2 })],
      [c.districtId, "UNIFIED_ASSESSMENT", counts({ total: 1, completed: 1 })],
      [c.districtId, "RECTIFICATION", counts({ total: 5, assigned: 4, cancelled: 1, overdue: 4 })],
      [c.districtId, "ANNUAL_REPORT", counts({ total: 1, assigned: 1 })],
      [c.townshipId, "SELF_CHECK", counts({ total: 2, assigned: 2, overdue: 2 })],
    ]);
    expect(d.escalations).toEqual([
      { level: 0, count: 2 },
      { level: 1, count: 1 },
      { level: 2, count: 1 },
    ]);
    const subcenterScore = c.assessment.score!.total;
    expect(d.scores).toEqual([
      { venueType: "COMPREHENSIVE_CENTER", venues: 1, ...noScore },
      {
        venueType: "PROFESSIONAL_SUBCENTER",
        venues: 1,
        assessed: 1,
        average: subcenterScore,
        min: subcenterScore,
        max: subcenterScore,
        selfCheckAverage: null,
      },
      { venueType: "CONVENIENCE_CENTER", venues: 1, ...noScore },
      { venueType: "CONVENIENCE_STATION", venues: 1, ...noScore },
    ]);

    // A change in the data changes the numbers: d's rectification is done, a self-check is started,
    // and the convenience centre moves to the other district with the task the manager gave it.
    await start(api, c.staff, dd.id);
    await submit(api, c.staff, dd.id, { report: "已整改" });
    await review(api, c.manager, dd.id, true);
    const stationCheck = (await taskOfVenue(api, c.admin, "SELF_CHECK", c.districtId)).get(v.station)!;
    await start(api, c.assessor, stationCheck);
    const townshipB = await unit(api, c.admin, "TOWNSHIP", districtB);
    ok(
      await api.gql(
        `mutation($id: ID!, $u: ID!) { updateVenue(id: $id, input: { unitId: $u }) { id } }`,
        { id: v.convenienceCenter, u: townshipB },
        c.admin.token,
      ),
    );
    const changed = await dashboard(api, c.manager, c.campaignId);
    expect(changed.escalations.map((x: { count: number }) => x.count)).toEqual([1, 1, 1]);
    expect(rows(changed)).toEqual([
      [c.districtId, "SELF_CHECK", counts({ total: 2, assigned: 2, overdue: 2 })],
      [c.districtId, "UNIFIED_ASSESSMENT", counts({ total: 1, completed: 1 })],
      [c.districtId, "RECTIFICATION", counts({ total: 5, assigned: 3, completed: 1, cancelled: 1, overdue: 3 })],
      [c.districtId, "ANNUAL_REPORT", counts({ total: 1, assigned: 1 })],
      [c.townshipId, "SELF_CHECK", counts({ total: 1, inProgress: 1, overdue: 1 })],
    ]);
    expect(changed.scores.find((s: { venueType: string }) => s.venueType === "CONVENIENCE_CENTER").venues).toBe(0);

    // The evaluation as annualEvaluation answers it for this manager: their district's entry only.
    await evaluateInProcess(api.ds, { campaignId: Number(c.campaignId), asOf: api.clock.now(), clock: api.clock.now });
    const withRun = await dashboard(api, c.manager, c.campaignId);
    expect(withRun.evaluation.entries.map((x: { unit: { id: string } }) => x.unit.id)).toEqual([c.districtId]);
  });
});

describe("assessors' and venue staff's dashboards", () => {
  it("count only the tasks they may see, with no rows per unit and no evaluation", async () => {
    api.clock.set("2024-05-10T02:00:00Z");
    const c = await city(api);
    const v = c.venues;
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const [mine, theirs] = [
      await user(api, "ASSESSOR", { unitId: c.districtId }),
      await user(api, "ASSESSOR", { unitId: c.districtId }),
    ];
    const staff = await user(api, "VENUE_STAFF", { venueId: v.station });
    const a = (kind: "SELF_CHECK" | "UNIFIED_ASSESSMENT" | "UNANNOUNCED_INSPECTION", venueId: string, to: SignedIn) =>
      assign(api, manager, { campaignId: c.campaignId, kind, venueId, assigneeId: to.id });
    const assessment = await a("UNIFIED_ASSESSMENT", v.convenienceCenter, mine);
    await start(api, mine, assessment.id);
    await a("UNANNOUNCED_INSPECTION", v.station, mine);
    await a("UNIFIED_ASSESSMENT", v.station, theirs);
    await a("SELF_CHECK", v.districtCenter, theirs);
    const own = await a("SELF_CHECK", v.station, staff);
    await start(api, staff, own.id);
    await examineAll(api, staff, own.id, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    await submit(api, staff, own.id);
    const selfScore = (await review(api, manager, own.id, true)).score!.total;
    await evaluateInProcess(api.ds, { campaignId: Number(c.campaignId), asOf: api.clock.now(), clock: api.clock.now });

    const forAssessor = await dashboard(api, mine, c.campaignId);
    expect(forAssessor.phases).toEqual([
      { kind: "UNIFIED_ASSESSMENT", ...counts({ total: 1, inProgress: 1 }) },
      { kind: "UNANNOUNCED_INSPECTION", ...counts({ total: 1, assigned: 1 }) },
    ]);
    expect([forAssessor.scope, forAssessor.units, forAssessor.evaluation]).toEqual([null, [], null]);
    // The venues of their tasks: the convenience centre and the station, neither assessed.
    expect(forAssessor.scores.map((s: { venues: number }) => s.venues)).toEqual([0, 0, 1, 1]);

    // The station's staff: their own self-check, not the other assessor's open assessment of their venue, nor the
    // unannounced inspection.
    const forStaff = await dashboard(api, staff, c.campaignId);
    expect(forStaff.phases).toEqual([{ kind: "SELF_CHECK", ...counts({ total: 1, completed: 1 }) }]);
    expect([forStaff.scope, forStaff.units, forStaff.evaluation]).toEqual([null, [], null]);
    expect(forStaff.scores[3]).toEqual({
      venueType: "CONVENIENCE_STATION",
      venues: 1,
      ...noScore,
      selfCheckAverage: selfScore,
    });
    expect(forStaff.scores.slice(0, 3).map((s: { venues: number }) => s.venues)).toEqual([0, 0, 0]);
    expect(forStaff.escalations.map((x: { count: number }) => x.count)).toEqual([0, 0, 0]);
  });
});

describe("asking for a dashboard", () => {
  it("costs a fixed number of SQL statements whatever the size of the data", async () => {
    api.clock.set("2024-06-20T02:00:00Z");
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    await evaluateInProcess(api.ds, { campaignId: Number(c.campaignId), asOf: api.clock.now(), clock: api.clock.now });
    const cost = async (by: SignedIn) => {
      const before = api.queries();
      const d = await dashboard(api, by, c.campaignId);
      return { statements: api.queries() - before, d };
    };
    const small = { admin: await cost(c.admin), manager: await cost(c.manager) };

    // Ten more townships of five stations each, every one with a self-check and an assessment.
    const tag = uid();
    for (let i = 0; i < 10; i++) {
      const township = await unit(api, c.admin, "TOWNSHIP", c.districtId);
      const village = await unit(api, c.admin, "VILLAGE", township);
      await api.ds.query("INSERT INTO venue (code, name, type, unit_id) VALUES ?", [
        Array.from({ length: 5 }, (_x, j) => [
          `dq-${tag}-${i}-${j}`,
          `站 ${i}-${j}`,
          "CONVENIENCE_STATION",
          Number(village),
        ]),
      ]);
    }
    for (const kind of ["SELF_CHECK", "UNIFIED_ASSESSMENT"]) {
      ok(
        await api.gql(
          `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
          { i: { campaignId: c.campaignId, kind, unitId: c.districtId, assigneeId: c.assessor.id } },
          c.manager.token,
        ),
      );
    }
    const large = { admin: await cost(c.admin), manager: await cost(c.manager) };
    expect(large.manager.d.units.length).toBeGreaterThan(small.manager.d.units.length + 10);
    expect(large.admin.d.units.length).toBeGreaterThan(small.admin.d.units.length);
    // The principal, the campaign, the tasks, the scores, the latest evaluation, its entries, the units of the rows
    // and the units of the entries; a district manager's one entry is their own unit, loaded already as the scope.
    expect(small.admin.statements).toBe(8);
    expect(small.manager.statements).toBe(7);
    expect(large.admin.statements).toBe(small.admin.statements);
    expect(large.manager.statements).toBe(small.manager.statements);
    console.log(
      `a dashboard: ${small.admin.statements} SQL statements for the city admin, ${small.manager.statements} for a district manager`,
    );
  });

  it("is for every role, an API token too; an unknown campaign is NOT_FOUND naming campaignId", async () => {
    const c = await city(api);
    const token = ok(await api.gql(`mutation { createApiToken(name: "dashboard") }`, {}, c.admin.token))
      .createApiToken as string;
    const viaToken = await dashboard(api, token, c.campaignId);
    const asAdmin = await dashboard(api, c.admin, c.campaignId);
    expect(viaToken.phases).toEqual(asAdmin.phases);
    expect(viaToken.scope).toBeNull();
    const missing = await api.gql(DASHBOARD, { c: "999999" }, c.admin.token);
    expect(code(missing)).toBe("NOT_FOUND");
    expect(missing.errors![0]!.extensions!.field).toBe("campaignId");
    expect(code(await api.gql(DASHBOARD, { c: "x" }, c.admin.token))).toBe("BAD_USER_INPUT");
    expect(code(await api.gql(DASHBOARD, { c: c.campaignId }))).toBe("UNAUTHENTICATED");
  });
});
