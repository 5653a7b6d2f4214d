import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, SignedIn, city, uid, user } from "../support/factories";
import { assign, completeScoring, rowCounts, start, stateFingerprint, submit } from "../support/flow";
import { Api, GqlResult, code, ok, startApi } from "../support/harness";

/**
 * Bad input for every mutation (unknown ids, wrong kinds, out-of-range numbers, empty strings) is answered
 * with BAD_USER_INPUT or NOT_FOUND, and nothing is written: row counts and row versions stay as they were.
 */

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const UNKNOWN = "2000000000";
const LONG = (n: number) => "长".repeat(n);

/** A district with people and a task in each state the mutations below start from. */
async function fixture() {
  const c = await city(api);
  const [manager, assessor, staff, stationStaff] = await Promise.all([
    user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    user(api, "ASSESSOR", { unitId: c.districtId }),
    user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter }),
    user(api, "VENUE_STAFF", { venueId: c.venues.station }),
  ]);
  const integrator = ok(
    await api.gql(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      {
        i: {
          username: `int_${uid()}`,
          displayName: "对接",
          password: PASSWORD,
          role: "INTEGRATOR",
          unitId: c.districtId,
        },
      },
      c.admin.token,
    ),
  ).createUser.id as string;
  const started = async (venueId: string) => {
    const t = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId,
      assigneeId: assessor.id,
    });
    await start(api, assessor, t.id);
    return t;
  };
  // Independent chains run side by side.
  const [inspection, centreInspection, [problemId, rect, recheck], report, submitted, deactivated] = await Promise.all([
    started(c.venues.station),
    started(c.venues.districtCenter),
    (async () => {
      const ua = await completeScoring(api, {
        campaignId: c.campaignId,
        kind: "UNIFIED_ASSESSMENT",
        venueId: c.venues.districtSubcenter,
        assigner: manager,
        assignee: assessor,
        findings: [{ indicatorCode: "I01", ruleCode: "R1" }],
      });
      const pid = ua.problems[0]!.id;
      const r = await assign(api, manager, {
        campaignId: c.campaignId,
        kind: "RECTIFICATION",
        problemIds: [pid],
        assigneeId: staff.id,
      });
      await start(api, staff, r.id);
      await submit(api, staff, r.id, { report: "done" });
      const rc = await assign(api, manager, {
        campaignId: c.campaignId,
        kind: "RECHECK",
        problemIds: [pid],
        assigneeId: assessor.id,
      });
      await start(api, assessor, rc.id);
      return [pid, r, rc] as const;
    })(),
    (async () => {
      const t = await assign(api, c.admin, {
        campaignId: c.campaignId,
        kind: "ANNUAL_REPORT",
        unitId: c.districtId,
        assigneeId: manager.id,
      });
      await start(api, manager, t.id);
      return t;
    })(),
    (async () => {
      const t = await started(c.venues.convenienceCenter);
      await submit(api, assessor, t.id);
      return t;
    })(),
    (async () => {
      const id = ok(
        await api.gql(
          `mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`,
          { i: { code: `x-${uid()}`, name: "停用", type: "CONVENIENCE_CENTER", unitId: c.townshipId } },
          c.admin.token,
        ),
      ).createVenue.id as string;
      ok(
        await api.gql(
          `mutation($id: ID!) { updateVenue(id: $id, input: { active: false }) { id } }`,
          { id },
          c.admin.token,
        ),
      );
      ok(await api.gql(`mutation { createApiToken(name: "mine") }`, {}, manager.token));
      return id;
    })(),
  ]);
  return {
    ...c,
    manager,
    assessor,
    staff,
    stationStaff,
    integrator,
    inspection,
    centreInspection,
    problemId,
    rect,
    recheck,
    report,
    submitted,
    deactivated,
  };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

interface Bad {
  label: string;
  as: (f: Fixture) => SignedIn | null;
  query: string;
  vars: (f: Fixture) => Record<string, unknown>;
  expect: "BAD_USER_INPUT" | "NOT_FOUND";
}

const bad = (
  label: string,
  as: Bad["as"],
  query: string,
  vars: Bad["vars"],
  expected: Bad["expect"] = "BAD_USER_INPUT",
): Bad => ({ label, as, query, vars, expect: expected });
const admin = (f: Fixture) => f.admin;
const manager = (f: Fixture) => f.manager;
const assessor = (f: Fixture) => f.assessor;

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
const CREATE_UNIT = `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`;
const UPDATE_UNIT = `mutation($id: ID!, $i: UpdateUnitInput!) { updateUnit(id: $id, input: $i) { id } }`;
const CREATE_VENUE = `mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`;
const UPDATE_VENUE = `mutation($id: ID!, $i: UpdateVenueInput!) { updateVenue(id: $id, input: $i) { id } }`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
const CREATE_TOKEN = `mutation($n: String!) { createApiToken(name: $n) }`;
const REVOKE_TOKEN = `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`;
const DEACTIVATE_USER = `mutation($id: ID!) { deactivateUser(id: $id) { id } }`;
const RESET_PASSWORD = `mutation($id: ID!) { resetPassword(id: $id) }`;
const CREATE_WEBHOOK = `mutation($u: String!, $e: [WebhookEvent!]!) { createWebhook(url: $u, events: $e) { secret } }`;
const DELETE_WEBHOOK = `mutation($id: ID!) { deleteWebhook(id: $id) }`;
const UPDATE_USER = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }`;
const CHANGE_PASSWORD = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const CREATE_CAMPAIGN = `mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`;
const UPDATE_CAMPAIGN = `mutation($id: ID!, $i: UpdateCampaignInput!) { updateCampaign(id: $id, input: $i) { id } }`;
const SET_POLICY = `mutation($id: ID!, $p: JSON!, $v: Int) { setEvaluationPolicy(campaignId: $id, policy: $p, expectedVersion: $v) { id } }`;
const ASSIGN = `mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`;
const ASSIGN_MANY = `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`;
const START = `mutation($id: ID!) { startTask(id: $id) { id } }`;
const SAVE = `mutation($id: ID!, $f: [FindingInput!]!, $v: Int) { saveFindings(taskId: $id, findings: $f, expectedVersion: $v) { id } }`;
const SHEET = `mutation($id: ID!, $f: [FindingInput!]!, $e: [String!]!, $v: Int) { saveSheet(taskId: $id, findings: $f, examined: $e, expectedVersion: $v) { id } }`;
const REPORT = `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`;
const SUBMIT = `mutation($id: ID!, $i: SubmitTaskInput) { submitTask(id: $id, input: $i) { id } }`;
const REVIEW = `mutation($id: ID!, $a: Boolean!, $c: String) { reviewTask(id: $id, approve: $a, comment: $c) { id } }`;
const CANCEL = `mutation($id: ID!, $r: String!) { cancelTask(id: $id, reason: $r) { id } }`;
const REDATE = `mutation($id: ID!, $d: DateTime!, $r: String!) { redateTask(id: $id, dueAt: $d, reason: $r) { id } }`;
const ASK = `mutation($id: ID!, $d: DateTime!, $r: String!) { requestExtension(taskId: $id, dueAt: $d, reason: $r) { id } }`;
const DECIDE = `mutation($id: ID!, $g: Boolean!, $c: String) { decideExtension(id: $id, grant: $g, comment: $c) { id } }`;
/** A day from the test clock's 2024-05-10. */
const inDays = (n: number) => new Date(Date.parse("2024-05-10T02:00:00Z") + n * 86_400_000).toISOString();

const unitInput = (f: Fixture, over: Record<string, unknown>) => ({
  i: { code: `u-${uid()}`, name: "单位", kind: "TOWNSHIP", parentId: f.districtId, ...over },
});
const venueInput = (f: Fixture, over: Record<string, unknown>) => ({
  i: { code: `v-${uid()}`, name: "场所", type: "CONVENIENCE_CENTER", unitId: f.townshipId, ...over },
});
const userInput = (f: Fixture, over: Record<string, unknown>) => ({
  i: {
    username: `n_${uid()}`,
    displayName: "新用户",
    password: "long-enough-1",
    role: "ASSESSOR",
    unitId: f.districtId,
    ...over,
  },
});
const assignInput = (f: Fixture, over: Record<string, unknown>) => ({
  i: {
    campaignId: f.campaignId,
    kind: "SELF_CHECK",
    venueId: f.venues.convenienceCenter,
    assigneeId: f.assessor.id,
    ...over,
  },
});
const manyInput = (f: Fixture, over: Record<string, unknown>) => ({
  i: {
    campaignId: f.campaignId,
    kind: "UNANNOUNCED_INSPECTION",
    unitId: f.townshipId,
    assigneeId: f.assessor.id,
    ...over,
  },
});
// The inspections are of a 村 station (附件4): I13 人员配置 and I18 服务制度 are assessed by 明察暗访, I01 on site only.
const finding = (over: Record<string, unknown>) => [{ indicatorCode: "I13", ruleCode: "R1", ...over }];
const reportInput = (f: Fixture, over: Record<string, unknown>) => ({
  i: { taskId: f.inspection.id, indicatorCode: "I13", ruleCode: "R1", description: "问题", ...over },
});

const CASES: Record<string, Bad[]> = {
  login: [
    bad(
      "empty username",
      () => null,
      LOGIN,
      () => ({ u: "", p: "whatever-1" }),
    ),
    bad(
      "empty password",
      () => null,
      LOGIN,
      (f) => ({ u: f.admin.username, p: "" }),
    ),
  ],
  createUnit: [
    bad("empty code", admin, CREATE_UNIT, (f) => unitInput(f, { code: "" })),
    bad("code with spaces", admin, CREATE_UNIT, (f) => unitInput(f, { code: "a b" })),
    bad("empty name", admin, CREATE_UNIT, (f) => unitInput(f, { name: "   " })),
    bad("name too long", admin, CREATE_UNIT, (f) => unitInput(f, { name: LONG(201) })),
    bad("unknown parent", admin, CREATE_UNIT, (f) => unitInput(f, { parentId: UNKNOWN }), "NOT_FOUND"),
    bad("parent id not a number", admin, CREATE_UNIT, (f) => unitInput(f, { parentId: "abc" })),
    bad("parent id 0", admin, CREATE_UNIT, (f) => unitInput(f, { parentId: "0" })),
    bad("parent id out of range", admin, CREATE_UNIT, (f) => unitInput(f, { parentId: "99999999999" })),
    bad("a village under a district", admin, CREATE_UNIT, (f) => unitInput(f, { kind: "VILLAGE" })),
    bad("a district without a parent", admin, CREATE_UNIT, (f) => unitInput(f, { kind: "DISTRICT", parentId: null })),
    bad("an unknown kind", admin, CREATE_UNIT, (f) => unitInput(f, { kind: "PROVINCE" })),
  ],
  updateUnit: [
    bad("unknown unit", admin, UPDATE_UNIT, () => ({ id: UNKNOWN, i: { name: "x" } }), "NOT_FOUND"),
    bad("empty id", admin, UPDATE_UNIT, () => ({ id: "", i: { name: "x" } })),
    bad("empty name", admin, UPDATE_UNIT, (f) => ({ id: f.townshipId, i: { name: "" } })),
    bad("unknown new parent", admin, UPDATE_UNIT, (f) => ({ id: f.townshipId, i: { parentId: UNKNOWN } }), "NOT_FOUND"),
    bad("a parent of the wrong kind", admin, UPDATE_UNIT, (f) => ({ id: f.townshipId, i: { parentId: f.cityId } })),
    bad("under its own child", admin, UPDATE_UNIT, (f) => ({ id: f.districtId, i: { parentId: f.townshipId } })),
  ],
  createVenue: [
    bad("empty code", admin, CREATE_VENUE, (f) => venueInput(f, { code: "" })),
    bad("empty name", admin, CREATE_VENUE, (f) => venueInput(f, { name: "" })),
    bad("a station in a township", admin, CREATE_VENUE, (f) => venueInput(f, { type: "CONVENIENCE_STATION" })),
    bad("an unknown type", admin, CREATE_VENUE, (f) => venueInput(f, { type: "SHOP" })),
    bad("unknown unit", admin, CREATE_VENUE, (f) => venueInput(f, { unitId: UNKNOWN }), "NOT_FOUND"),
    bad("unit id negative", admin, CREATE_VENUE, (f) => venueInput(f, { unitId: "-4" })),
    bad("a community that is not a station", admin, CREATE_VENUE, (f) => venueInput(f, { community: true })),
    bad("community not a Boolean", admin, CREATE_VENUE, (f) => venueInput(f, { community: "社区" })),
  ],
  updateVenue: [
    bad("unknown venue", admin, UPDATE_VENUE, () => ({ id: UNKNOWN, i: { name: "x" } }), "NOT_FOUND"),
    bad("empty name", admin, UPDATE_VENUE, (f) => ({ id: f.venues.station, i: { name: " " } })),
    bad(
      "unknown new unit",
      admin,
      UPDATE_VENUE,
      (f) => ({ id: f.venues.station, i: { unitId: UNKNOWN } }),
      "NOT_FOUND",
    ),
    bad("a unit of the wrong kind", admin, UPDATE_VENUE, (f) => ({
      id: f.venues.station,
      i: { unitId: f.districtId },
    })),
    bad("a community that is not a station", admin, UPDATE_VENUE, (f) => ({
      id: f.venues.districtSubcenter,
      i: { community: true },
    })),
  ],
  createUser: [
    bad("empty username", admin, CREATE_USER, (f) => userInput(f, { username: "" })),
    bad("username with spaces", admin, CREATE_USER, (f) => userInput(f, { username: "a b c" })),
    bad("empty display name", admin, CREATE_USER, (f) => userInput(f, { displayName: "" })),
    bad("short password", admin, CREATE_USER, (f) => userInput(f, { password: "short" })),
    bad("unknown role", admin, CREATE_USER, (f) => userInput(f, { role: "ROOT" })),
    bad("unknown unit", admin, CREATE_USER, (f) => userInput(f, { unitId: UNKNOWN }), "NOT_FOUND"),
    bad(
      "unknown venue",
      admin,
      CREATE_USER,
      (f) => userInput(f, { role: "VENUE_STAFF", unitId: null, venueId: UNKNOWN }),
      "NOT_FOUND",
    ),
    bad("venue staff without a venue", admin, CREATE_USER, (f) => userInput(f, { role: "VENUE_STAFF" })),
    bad("a manager without a unit", admin, CREATE_USER, (f) => userInput(f, { role: "UNIT_MANAGER", unitId: null })),
    bad("an assessor with a venue", admin, CREATE_USER, (f) =>
      userInput(f, { unitId: null, venueId: f.venues.station }),
    ),
    bad("a venue outside the unit", admin, CREATE_USER, (f) =>
      userInput(f, { role: "VENUE_STAFF", venueId: f.venues.station }),
    ),
  ],
  createApiToken: [
    bad("empty name", manager, CREATE_TOKEN, () => ({ n: "  " })),
    bad("name too long", manager, CREATE_TOKEN, () => ({ n: "x".repeat(101) })),
  ],
  createWebhook: [
    bad("not a URL", manager, CREATE_WEBHOOK, () => ({ u: "hook", e: ["TASK_ASSIGNED"] })),
    bad("not http", manager, CREATE_WEBHOOK, () => ({ u: "file:///etc/passwd", e: ["TASK_ASSIGNED"] })),
    bad("a loopback address", manager, CREATE_WEBHOOK, () => ({ u: "http://127.0.0.1:9/hook", e: ["TASK_ASSIGNED"] })),
    bad("a host that does not resolve", manager, CREATE_WEBHOOK, () => ({
      u: "https://no-such-host.invalid/hook",
      e: ["TASK_ASSIGNED"],
    })),
    bad("no events", manager, CREATE_WEBHOOK, () => ({ u: "https://93.184.216.34/hook", e: [] })),
    bad("an event that is none", manager, CREATE_WEBHOOK, () => ({
      u: "https://93.184.216.34/hook",
      e: ["TASK_EATEN"],
    })),
  ],
  deleteWebhook: [
    bad("unknown webhook", manager, DELETE_WEBHOOK, () => ({ id: UNKNOWN }), "NOT_FOUND"),
    bad("id not a number", manager, DELETE_WEBHOOK, () => ({ id: "abc" })),
  ],
  revokeApiToken: [
    bad("unknown token", manager, REVOKE_TOKEN, () => ({ id: UNKNOWN }), "NOT_FOUND"),
    bad("id not a number", manager, REVOKE_TOKEN, () => ({ id: "abc" })),
  ],
  changePassword: [
    bad("wrong current password", manager, CHANGE_PASSWORD, () => ({ c: "not-my-password", n: "a-new-password" })),
    bad("empty new password", manager, CHANGE_PASSWORD, () => ({ c: PASSWORD, n: "" })),
    bad("short new password", manager, CHANGE_PASSWORD, () => ({ c: PASSWORD, n: "1234567" })),
    bad("a common password", manager, CHANGE_PASSWORD, () => ({ c: PASSWORD, n: "password123" })),
    bad("longer than 72 bytes", manager, CHANGE_PASSWORD, () => ({ c: PASSWORD, n: "密".repeat(25) })),
  ],
  deactivateUser: [
    bad("unknown user", admin, DEACTIVATE_USER, () => ({ id: UNKNOWN }), "NOT_FOUND"),
    bad("id not a number", admin, DEACTIVATE_USER, () => ({ id: "abc" })),
  ],
  updateUser: [
    bad("unknown user", admin, UPDATE_USER, () => ({ id: UNKNOWN, i: { displayName: "x" } }), "NOT_FOUND"),
    bad("empty display name", manager, UPDATE_USER, (f) => ({ id: f.assessor.id, i: { displayName: " " } })),
    bad("unknown unit", manager, UPDATE_USER, (f) => ({ id: f.assessor.id, i: { unitId: UNKNOWN } }), "NOT_FOUND"),
    bad("unknown venue", admin, UPDATE_USER, (f) => ({ id: f.staff.id, i: { venueId: UNKNOWN } }), "NOT_FOUND"),
    bad("venue staff without a venue", manager, UPDATE_USER, (f) => ({
      id: f.assessor.id,
      i: { role: "VENUE_STAFF" },
    })),
    bad("a venue for an assessor", manager, UPDATE_USER, (f) => ({
      id: f.assessor.id,
      i: { venueId: f.venues.districtSubcenter },
    })),
    bad("an API token's account", admin, UPDATE_USER, (f) => ({ id: f.integrator, i: { displayName: "x" } })),
    bad("role not a Role", admin, UPDATE_USER, (f) => ({ id: f.assessor.id, i: { role: "KING" } })),
  ],
  resetPassword: [
    bad("unknown user", admin, RESET_PASSWORD, () => ({ id: UNKNOWN }), "NOT_FOUND"),
    bad("id not a number", admin, RESET_PASSWORD, () => ({ id: "abc" })),
  ],
  createCampaign: [
    bad("year out of range", admin, CREATE_CAMPAIGN, () => ({ i: { year: 1999, name: "x" } })),
    bad("a year without rubrics", admin, CREATE_CAMPAIGN, () => ({ i: { year: 2031, name: "x" } })),
    bad("empty name", admin, CREATE_CAMPAIGN, () => ({ i: { year: 2031, name: "" } })),
    bad("year not an Int", admin, CREATE_CAMPAIGN, () => ({ i: { year: 2024.5, name: "x" } })),
  ],
  updateCampaign: [
    bad("unknown campaign", admin, UPDATE_CAMPAIGN, () => ({ id: UNKNOWN, i: { name: "x" } }), "NOT_FOUND"),
    bad("empty name", admin, UPDATE_CAMPAIGN, (f) => ({ id: f.campaignId, i: { name: "" } })),
    bad("0 rectification days", admin, UPDATE_CAMPAIGN, (f) => ({ id: f.campaignId, i: { rectificationDays: 0 } })),
    bad("366 rectification days", admin, UPDATE_CAMPAIGN, (f) => ({ id: f.campaignId, i: { rectificationDays: 366 } })),
    bad("a version below 1", admin, UPDATE_CAMPAIGN, (f) => ({
      id: f.campaignId,
      i: { name: "x", expectedVersion: 0 },
    })),
    bad("a date that is not one", admin, UPDATE_CAMPAIGN, (f) => ({
      id: f.campaignId,
      i: { selfCheckDue: "end of May" },
    })),
  ],
  setEvaluationPolicy: [
    bad("unknown campaign", admin, SET_POLICY, () => ({ id: UNKNOWN, p: {} }), "NOT_FOUND"),
    bad("not an object", admin, SET_POLICY, (f) => ({ id: f.campaignId, p: "heavy" })),
    bad("an unknown field", admin, SET_POLICY, (f) => ({ id: f.campaignId, p: { bonus: 1 } })),
    bad("a negative penalty", admin, SET_POLICY, (f) => ({
      id: f.campaignId,
      p: { penalties: { overdueRectification: -1 } },
    })),
    bad("an unknown venue type", admin, SET_POLICY, (f) => ({ id: f.campaignId, p: { weights: { SHOP: 1 } } })),
  ],
  requestAnnualEvaluation: [
    bad(
      "unknown campaign",
      admin,
      `mutation($id: ID!) { requestAnnualEvaluation(campaignId: $id) { id } }`,
      () => ({ id: UNKNOWN }),
      "NOT_FOUND",
    ),
    bad(
      "campaign id not a number",
      admin,
      `mutation($id: ID!) { requestAnnualEvaluation(campaignId: $id) { id } }`,
      () => ({ id: "2024" + "x" }),
    ),
  ],
  markNotificationsRead: [
    bad("an id that is not one", manager, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, () => ({
      ids: ["n1"],
    })),
    bad("more than 1000 ids", manager, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, () => ({
      ids: Array.from({ length: 1001 }, (_x, i) => String(i + 1)),
    })),
  ],
  assignTask: [
    bad("unknown campaign", manager, ASSIGN, (f) => assignInput(f, { campaignId: UNKNOWN }), "NOT_FOUND"),
    bad("unknown assignee", manager, ASSIGN, (f) => assignInput(f, { assigneeId: UNKNOWN }), "NOT_FOUND"),
    bad("unknown venue", manager, ASSIGN, (f) => assignInput(f, { venueId: UNKNOWN }), "NOT_FOUND"),
    bad(
      "unknown problem",
      manager,
      ASSIGN,
      (f) => assignInput(f, { kind: "RECTIFICATION", venueId: null, problemIds: [UNKNOWN] }),
      "NOT_FOUND",
    ),
    bad(
      "unknown unit of a report",
      admin,
      ASSIGN,
      (f) => assignInput(f, { kind: "ANNUAL_REPORT", venueId: null, unitId: UNKNOWN, assigneeId: f.manager.id }),
      "NOT_FOUND",
    ),
    bad("an unknown kind", manager, ASSIGN, (f) => assignInput(f, { kind: "AUDIT" })),
    bad("an id that is not one", manager, ASSIGN, (f) => assignInput(f, { venueId: "12abc" })),
    bad("an empty id", manager, ASSIGN, (f) => assignInput(f, { assigneeId: "" })),
    bad("a self-check without a venue", manager, ASSIGN, (f) => assignInput(f, { venueId: null })),
    bad("a self-check with problems", manager, ASSIGN, (f) => assignInput(f, { problemIds: [f.problemId] })),
    bad("a self-check with another unit", manager, ASSIGN, (f) => assignInput(f, { unitId: f.villageId })),
    bad("a report without a unit", admin, ASSIGN, (f) =>
      assignInput(f, { kind: "ANNUAL_REPORT", venueId: null, assigneeId: f.manager.id }),
    ),
    bad("a report with a venue", admin, ASSIGN, (f) =>
      assignInput(f, { kind: "ANNUAL_REPORT", unitId: f.districtId, assigneeId: f.manager.id }),
    ),
    bad("a report of a township", admin, ASSIGN, (f) =>
      assignInput(f, { kind: "ANNUAL_REPORT", venueId: null, unitId: f.townshipId, assigneeId: f.manager.id }),
    ),
    bad("a rectification without problems", manager, ASSIGN, (f) =>
      assignInput(f, { kind: "RECTIFICATION", venueId: null, problemIds: [] }),
    ),
    bad("a problem twice", manager, ASSIGN, (f) =>
      assignInput(f, { kind: "RECTIFICATION", venueId: null, problemIds: [f.problemId, f.problemId] }),
    ),
    bad("an integrator as assignee", manager, ASSIGN, (f) => assignInput(f, { assigneeId: f.integrator })),
    bad("another venue's staff", manager, ASSIGN, (f) => assignInput(f, { assigneeId: f.stationStaff.id })),
    bad("a deactivated venue", manager, ASSIGN, (f) => assignInput(f, { venueId: f.deactivated })),
    bad("a due date that is not one", manager, ASSIGN, (f) => assignInput(f, { dueAt: "tomorrow" })),
  ],
  assignTasks: [
    bad("unknown campaign", manager, ASSIGN_MANY, (f) => manyInput(f, { campaignId: UNKNOWN }), "NOT_FOUND"),
    bad("unknown unit", manager, ASSIGN_MANY, (f) => manyInput(f, { unitId: UNKNOWN }), "NOT_FOUND"),
    bad("unknown assignee", manager, ASSIGN_MANY, (f) => manyInput(f, { assigneeId: UNKNOWN }), "NOT_FOUND"),
    bad("a rectification in bulk", manager, ASSIGN_MANY, (f) => manyInput(f, { kind: "RECTIFICATION" })),
    bad("an annual report in bulk", manager, ASSIGN_MANY, (f) => manyInput(f, { kind: "ANNUAL_REPORT" })),
    bad("an unknown venue type", manager, ASSIGN_MANY, (f) => manyInput(f, { venueTypes: ["SHOP"] })),
    bad("an integrator as assignee", manager, ASSIGN_MANY, (f) => manyInput(f, { assigneeId: f.integrator })),
    bad("an empty unit id", manager, ASSIGN_MANY, (f) => manyInput(f, { unitId: "" })),
  ],
  startTask: [
    bad("unknown task", assessor, START, () => ({ id: UNKNOWN }), "NOT_FOUND"),
    bad("empty id", assessor, START, () => ({ id: "" })),
    bad("id 0", assessor, START, () => ({ id: "0" })),
  ],
  saveFindings: [
    bad("unknown task", assessor, SAVE, () => ({ id: UNKNOWN, f: finding({}) }), "NOT_FOUND"),
    bad("unknown indicator", assessor, SAVE, (f) => ({ id: f.inspection.id, f: finding({ indicatorCode: "I99" }) })),
    bad("empty indicator", assessor, SAVE, (f) => ({ id: f.inspection.id, f: finding({ indicatorCode: "" }) })),
    bad("unknown rule", assessor, SAVE, (f) => ({ id: f.inspection.id, f: finding({ ruleCode: "R9" }) })),
    bad("negative occurrences", assessor, SAVE, (f) => ({
      id: f.inspection.id,
      f: finding({ indicatorCode: "I18", occurrences: -1 }),
    })),
    bad("a FIXED rule twice", assessor, SAVE, (f) => ({ id: f.inspection.id, f: finding({ occurrences: 2 }) })),
    bad("too many occurrences", assessor, SAVE, (f) => ({
      id: f.inspection.id,
      f: finding({ indicatorCode: "I18", occurrences: 1001 }),
    })),
    bad("occurrences beyond Int", assessor, SAVE, (f) => ({
      id: f.inspection.id,
      f: finding({ indicatorCode: "I18", occurrences: 2 ** 31 }),
    })),
    bad("a note too long", assessor, SAVE, (f) => ({ id: f.inspection.id, f: finding({ note: "x".repeat(10_001) }) })),
    bad(
      "unknown evidence",
      assessor,
      SAVE,
      (f) => ({ id: f.inspection.id, f: finding({ evidenceIds: [UNKNOWN] }) }),
      "NOT_FOUND",
    ),
    bad("an evidence id that is not one", assessor, SAVE, (f) => ({
      id: f.inspection.id,
      f: finding({ evidenceIds: ["photo.jpg"] }),
    })),
    bad("a version below 1", assessor, SAVE, (f) => ({ id: f.inspection.id, f: finding({}), v: -1 })),
    bad("a task without a sheet", assessor, SAVE, (f) => ({ id: f.recheck.id, f: finding({}) })),
    bad("a rule limited to 社区 at a 村 station", assessor, SAVE, (f) => ({
      id: f.inspection.id,
      f: finding({ ruleCode: "R2" }),
    })),
    bad("an indicator 明察暗访 does not assess, in an inspection", assessor, SAVE, (f) => ({
      id: f.inspection.id,
      f: finding({ indicatorCode: "I01" }),
    })),
  ],
  saveSheet: [
    bad("unknown task", assessor, SHEET, () => ({ id: UNKNOWN, f: [], e: [] }), "NOT_FOUND"),
    bad("an unknown indicator examined", assessor, SHEET, (f) => ({ id: f.inspection.id, f: [], e: ["I14", "I99"] })),
    bad("an empty code examined", assessor, SHEET, (f) => ({ id: f.inspection.id, f: [], e: [""] })),
    bad("an indicator examined twice", assessor, SHEET, (f) => ({
      id: f.inspection.id,
      f: [],
      e: ["I14", "I15", "I14"],
    })),
    bad("the bonus row examined", assessor, SHEET, (f) => ({ id: f.centreInspection.id, f: [], e: ["I24"] })),
    bad("an indicator an inspection cannot examine", assessor, SHEET, (f) => ({
      id: f.inspection.id,
      f: [],
      e: ["I01"],
    })),
    bad("examined not a list of strings", assessor, SHEET, (f) => ({ id: f.inspection.id, f: [], e: [13] })),
    bad("examined missing", assessor, SHEET, (f) => ({ id: f.inspection.id, f: [] })),
    bad("a bad finding", assessor, SHEET, (f) => ({ id: f.inspection.id, f: finding({ ruleCode: "R9" }), e: ["I13"] })),
    bad("a rule limited to 社区 at a 村 station", assessor, SHEET, (f) => ({
      id: f.inspection.id,
      f: finding({ ruleCode: "R2" }),
      e: [],
    })),
    bad("a version below 1", assessor, SHEET, (f) => ({ id: f.inspection.id, f: [], e: [], v: 0 })),
    bad("a task without a sheet", assessor, SHEET, (f) => ({ id: f.recheck.id, f: [], e: [] })),
  ],
  reportProblem: [
    bad("unknown task", assessor, REPORT, (f) => reportInput(f, { taskId: UNKNOWN }), "NOT_FOUND"),
    bad("empty description", assessor, REPORT, (f) => reportInput(f, { description: " " })),
    bad("unknown indicator", assessor, REPORT, (f) => reportInput(f, { indicatorCode: "I77" })),
    bad("unknown rule", assessor, REPORT, (f) => reportInput(f, { ruleCode: "R7" })),
    bad("zero occurrences", assessor, REPORT, (f) => reportInput(f, { occurrences: 0 })),
    bad("negative occurrences", assessor, REPORT, (f) => reportInput(f, { indicatorCode: "I18", occurrences: -2 })),
    bad("a FIXED rule twice", assessor, REPORT, (f) => reportInput(f, { occurrences: 2 })),
    bad("a bonus (加分项)", assessor, REPORT, (f) =>
      reportInput(f, { taskId: f.centreInspection.id, indicatorCode: "I24" }),
    ),
    bad("a task that is not an inspection", assessor, REPORT, (f) => reportInput(f, { taskId: f.recheck.id })),
    bad("a rule limited to 社区 at a 村 station", assessor, REPORT, (f) => reportInput(f, { ruleCode: "R2" })),
    bad("an indicator 明察暗访 does not assess", assessor, REPORT, (f) => reportInput(f, { indicatorCode: "I01" })),
    bad("unknown evidence", assessor, REPORT, (f) => reportInput(f, { evidenceIds: [UNKNOWN] }), "NOT_FOUND"),
  ],
  submitTask: [
    bad("unknown task", assessor, SUBMIT, () => ({ id: UNKNOWN }), "NOT_FOUND"),
    bad(
      "unknown evidence",
      assessor,
      SUBMIT,
      (f) => ({ id: f.inspection.id, i: { evidenceIds: [UNKNOWN] } }),
      "NOT_FOUND",
    ),
    bad("verdicts on an inspection", assessor, SUBMIT, (f) => ({
      id: f.inspection.id,
      i: { verdicts: [{ problemId: f.problemId, resolved: true }] },
    })),
    bad("a verdict on a problem not re-checked", assessor, SUBMIT, (f) => ({
      id: f.recheck.id,
      i: { verdicts: [{ problemId: UNKNOWN, resolved: true }] },
    })),
    bad("a verdict id that is not one", assessor, SUBMIT, (f) => ({
      id: f.recheck.id,
      i: { verdicts: [{ problemId: "p1", resolved: true }] },
    })),
    bad("a verdict note too long", assessor, SUBMIT, (f) => ({
      id: f.recheck.id,
      i: { verdicts: [{ problemId: f.problemId, resolved: true, note: "x".repeat(2001) }] },
    })),
    bad("an empty annual report", manager, SUBMIT, (f) => ({ id: f.report.id, i: { report: "" } })),
    bad("a report too long", manager, SUBMIT, (f) => ({ id: f.report.id, i: { report: "x".repeat(10_001) } })),
  ],
  reviewTask: [
    bad("unknown task", manager, REVIEW, () => ({ id: UNKNOWN, a: true }), "NOT_FOUND"),
    bad("id not a number", manager, REVIEW, () => ({ id: "first", a: true })),
    bad("a comment too long", manager, REVIEW, (f) => ({ id: f.submitted.id, a: false, c: "x".repeat(2001) })),
    bad("approve not a Boolean", manager, REVIEW, (f) => ({ id: f.submitted.id, a: "yes" })),
  ],
  cancelTask: [
    bad("unknown task", manager, CANCEL, () => ({ id: UNKNOWN, r: "why" }), "NOT_FOUND"),
    bad("empty reason", manager, CANCEL, (f) => ({ id: f.inspection.id, r: "" })),
    bad("a blank reason", manager, CANCEL, (f) => ({ id: f.inspection.id, r: "   " })),
    bad("a reason too long", manager, CANCEL, (f) => ({ id: f.inspection.id, r: "x".repeat(2001) })),
  ],
  redateTask: [
    bad("unknown task", manager, REDATE, () => ({ id: UNKNOWN, d: inDays(5), r: "why" }), "NOT_FOUND"),
    bad("a due date that is not one", manager, REDATE, (f) => ({ id: f.rect.id, d: "next week", r: "why" })),
    bad("a due date before now", manager, REDATE, (f) => ({ id: f.rect.id, d: inDays(-1), r: "why" })),
    bad("a rectification's due date past its period, by a manager", manager, REDATE, (f) => ({
      id: f.rect.id,
      d: inDays(90),
      r: "why",
    })),
    bad("an empty reason", manager, REDATE, (f) => ({ id: f.rect.id, d: inDays(5), r: " " })),
  ],
  requestExtension: [
    bad("unknown task", manager, ASK, () => ({ id: UNKNOWN, d: inDays(60), r: "why" }), "NOT_FOUND"),
    bad("a due date earlier than the task's", manager, ASK, (f) => ({ id: f.rect.id, d: inDays(1), r: "why" })),
    bad("a due date that is not one", manager, ASK, (f) => ({ id: f.rect.id, d: "later", r: "why" })),
    bad("an empty reason", manager, ASK, (f) => ({ id: f.rect.id, d: inDays(60), r: "" })),
  ],
  decideExtension: [
    bad("unknown request", admin, DECIDE, () => ({ id: UNKNOWN, g: true }), "NOT_FOUND"),
    bad("id not a number", admin, DECIDE, () => ({ id: "first", g: true })),
    bad("grant not a Boolean", admin, DECIDE, () => ({ id: UNKNOWN, g: "yes" })),
  ],
};

/** The mutations in a few tests (each with a fixture of its own), by what they are about. */
const AREAS: Record<string, string[]> = {
  "sign-in, users and API tokens": [
    "login",
    "createUser",
    "createApiToken",
    "revokeApiToken",
    "changePassword",
    "updateUser",
    "deactivateUser",
    "resetPassword",
    "markNotificationsRead",
  ],
  "units and venues": ["createUnit", "updateUnit", "createVenue", "updateVenue"],
  "campaigns and jobs": ["createCampaign", "updateCampaign", "setEvaluationPolicy", "requestAnnualEvaluation"],
  "assignTask and assignTasks": ["assignTask", "assignTasks"],
  "the work on a task": [
    "startTask",
    "saveFindings",
    "saveSheet",
    "reportProblem",
    "submitTask",
    "reviewTask",
    "cancelTask",
  ],
  "due dates and extensions": ["redateTask", "requestExtension", "decideExtension"],
  webhooks: ["createWebhook", "deleteWebhook"],
};

let tried = 0;
afterAll(() =>
  console.log(
    `bad input: ${tried} requests over ${Object.keys(CASES).length} mutations, each answered BAD_USER_INPUT or NOT_FOUND with nothing written`,
  ),
);

describe("bad input", () => {
  it("is tried for every mutation of the schema", async () => {
    const a = await user(api, "CITY_ADMIN");
    const fields = ok(
      await api.gql(`{ __schema { mutationType { fields { name } } } }`, {}, a.token),
    ).__schema.mutationType.fields.map((x: { name: string }) => x.name);
    const withoutInput = ["triggerEscalation"];
    expect(fields.filter((m: string) => !CASES[m] && !withoutInput.includes(m))).toEqual([]);
    expect(Object.values(AREAS).flat().sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(AREAS))(
    "%s: answered with BAD_USER_INPUT or NOT_FOUND, and nothing written",
    async (_area, mutations) => {
      const f = await fixture();
      const [rows, state] = [await rowCounts(api), await stateFingerprint(api)];
      const wrong: string[] = [];
      for (const mutation of mutations) {
        for (const c of CASES[mutation]!) {
          const who = c.as(f);
          const r: GqlResult = await api.gql(c.query, c.vars(f), who?.token ?? null);
          tried++;
          if (code(r) !== c.expect)
            wrong.push(
              `${mutation}, ${c.label}: ${r.errors ? `${code(r)} ${r.errors[0]!.message}` : `succeeded ${JSON.stringify(r.data)}`}`,
            );
          if (r.data && Object.values(r.data).some((v) => v !== null))
            wrong.push(`${mutation}, ${c.label}: answered data`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await rowCounts(api)).toEqual(rows);
      expect(await stateFingerprint(api)).toBe(state);
    },
  );
});
