import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, SignedIn, city, uid, unit, user, venue } from "../support/factories";
import {
  assessedSubcenter,
  assign,
  completeScoring,
  proof,
  rowCounts,
  start,
  stateFingerprint,
  submit,
} from "../support/flow";
import { Api, GqlResult, code, ok, startApi } from "../support/harness";

/**
 * The authorization matrix: every mutation of the schema (and each kind of assignTask) against every role,
 * in and out of scope. A refused cell must answer FORBIDDEN or NOT_FOUND (UNAUTHENTICATED without a token)
 * and write nothing; an allowed cell must succeed, so that the matrix is not vacuous.
 */

let api: Api;
beforeAll(async () => {
  // Every actor tries the city admin's password wrong (a refused cell): the username lockout would then refuse the admin.
  api = await startApi({ LOGIN_FAILURES_PER_USER: "1000" });
});

const tally = { mutationCells: 0, queryCells: 0, unauthorizedSuccesses: 0, allowedCells: 0 };
afterAll(async () => {
  console.log(
    `authorization matrix: ${tally.mutationCells + tally.queryCells} cells ` +
      `(${tally.mutationCells} mutation cells, ${tally.allowedCells} of them allowed; ${tally.queryCells} query cells), ` +
      `${tally.unauthorizedSuccesses} unauthorized successes`,
  );
  await api?.close();
});

const ACTORS = [
  "admin",
  "mgrA",
  "mgrA2",
  "mgrB",
  "mgrDept",
  "mgrTown",
  "assessor",
  "assessor2",
  "staff",
  "staffB",
  "integrator",
  "anonymous",
] as const;
type ActorKey = (typeof ACTORS)[number];

/**
 * A city of its own with one user of each role and scope:
 * mgrA assigns the work of district A; mgrA2 manages district A too but assigned nothing; mgrB manages district B;
 * mgrDept a city department; mgrTown a township of district A; assessor takes district A's tasks, assessor2 (also of
 * district A) none; staff works at district A's professional sub-centre, staffB at a village station; integrator holds
 * a city-wide API token; anonymous sends no token.
 */
async function world() {
  const c = await city(api);
  const districtB = await unit(api, c.admin, "DISTRICT", c.cityId);
  const venueB = await venue(api, c.admin, "PROFESSIONAL_SUBCENTER", districtB);
  const [mgrA, mgrA2, mgrB, mgrDept, mgrTown, assessor, assessor2, assessorDept, staff, staffB] = await Promise.all([
    user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    user(api, "UNIT_MANAGER", { unitId: districtB }),
    user(api, "UNIT_MANAGER", { unitId: c.departmentId }),
    user(api, "UNIT_MANAGER", { unitId: c.townshipId }),
    user(api, "ASSESSOR", { unitId: c.districtId }),
    user(api, "ASSESSOR", { unitId: c.districtId }),
    user(api, "ASSESSOR", { unitId: c.departmentId }),
    user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter }),
    user(api, "VENUE_STAFF", { venueId: c.venues.station }),
  ]);
  const integratorToken = ok(await api.gql(`mutation { createApiToken(name: "matrix") }`, {}, c.admin.token))
    .createApiToken as string;
  const integrator: SignedIn = { id: "0", token: integratorToken, username: "-" };
  const anonymous: SignedIn = { id: "0", token: "", username: "nobody" };
  const actors: Record<ActorKey, SignedIn> = {
    admin: c.admin,
    mgrA,
    mgrA2,
    mgrB,
    mgrDept,
    mgrTown,
    assessor,
    assessor2,
    staff,
    staffB,
    integrator,
    anonymous,
  };
  return { ...c, districtB, venueB, actors, assessorDept };
}
type World = Awaited<ReturnType<typeof world>>;

/** Runs a GraphQL request as an actor; the anonymous actor sends no token. */
const as = (a: SignedIn, query: string, variables: Record<string, unknown> = {}) =>
  api.gql(query, variables, a.token || null);

// Fixtures: fresh state for one cell.
async function inspection(w: World) {
  const t = await assign(api, w.actors.mgrA, {
    campaignId: w.campaignId,
    kind: "UNANNOUNCED_INSPECTION",
    venueId: w.venues.station,
    assigneeId: w.actors.assessor.id,
  });
  return { taskId: t.id };
}
async function startedInspection(w: World) {
  const { taskId } = await inspection(w);
  await start(api, w.actors.assessor, taskId);
  return { taskId };
}
async function submittedInspection(w: World) {
  const { taskId } = await startedInspection(w);
  await submit(api, w.actors.assessor, taskId);
  return { taskId };
}
async function openProblems(w: World) {
  // Each case needs problems of its own: the earlier cases' I01/R1 problem of this venue is closed first (directly: a
  // fixture shortcut), or this finding would be that unresolved problem found again, not a new one.
  await api.ds.query(
    "UPDATE problem SET status = 'RESOLVED', resolved_at = ? WHERE venue_id = ? AND status <> 'RESOLVED'",
    [api.clock.now(), w.venues.districtSubcenter],
  );
  const t = await completeScoring(api, {
    campaignId: w.campaignId,
    kind: "UNIFIED_ASSESSMENT",
    venueId: w.venues.districtSubcenter,
    assigner: w.actors.mgrA,
    assignee: w.actors.assessor,
    findings: [{ indicatorCode: "I01", ruleCode: "R1" }],
  });
  return { problemIds: t.problems.map((p) => p.id) };
}
async function rectified(w: World) {
  const { problemIds } = await openProblems(w);
  const rect = await assign(api, w.actors.mgrA, {
    campaignId: w.campaignId,
    kind: "RECTIFICATION",
    problemIds,
    assigneeId: w.actors.staff.id,
  });
  await start(api, w.actors.staff, rect.id);
  await submit(api, w.actors.staff, rect.id, { report: "done" });
  return { problemIds };
}
async function submittedRecheck(w: World) {
  const { problemIds } = await rectified(w);
  const rc = await assign(api, w.actors.mgrA, {
    campaignId: w.campaignId,
    kind: "RECHECK",
    problemIds,
    assigneeId: w.actors.assessor.id,
  });
  await start(api, w.actors.assessor, rc.id);
  await submit(api, w.actors.assessor, rc.id, {
    verdicts: problemIds.map((problemId) => ({ problemId, resolved: true })),
  });
  return { taskId: rc.id };
}
/** A fresh professional sub-centre of district A, so that one-open-task-per-venue does not get in the way. */
async function freshSubcenter(w: World) {
  return { venueId: await venue(api, w.admin, "PROFESSIONAL_SUBCENTER", w.districtId) };
}
async function freshTownship(w: World) {
  const townshipId = await unit(api, w.admin, "TOWNSHIP", w.districtId);
  const villageId = await unit(api, w.admin, "VILLAGE", townshipId);
  await venue(api, w.admin, "CONVENIENCE_CENTER", townshipId);
  await venue(api, w.admin, "CONVENIENCE_STATION", villageId);
  return { unitId: townshipId };
}
async function tokenOfMgrA(w: World) {
  ok(await as(w.actors.mgrA, `mutation { createApiToken(name: "to revoke") }`));
  const tokens = ok(await as(w.actors.mgrA, `{ apiTokens { id } }`)).apiTokens as { id: string }[];
  return { tokenId: tokens[tokens.length - 1]!.id };
}

type Fixture = Record<string, any>;
interface Case {
  name: string;
  allowed: readonly ActorKey[];
  setup?: (w: World) => Promise<Fixture>;
  run: (w: World, a: SignedIn, f: Fixture, key: ActorKey) => Promise<GqlResult>;
  /** Answers other than success that still show the actor got past authorization (createCampaign: the year exists). */
  allowedCodes?: string[];
}

const MANAGERS_OF_A = ["admin", "mgrA", "mgrA2"] as const;
const EVERY_PASSWORD_USER = ACTORS.filter((a) => a !== "integrator" && a !== "anonymous");

const assignCase = (
  name: string,
  allowed: readonly ActorKey[],
  input: (w: World, f: Fixture) => Record<string, unknown>,
  setup?: Case["setup"],
): Case => ({
  name: `assignTask ${name}`,
  allowed,
  setup,
  run: (w, a, f) =>
    as(a, `mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, {
      i: { campaignId: w.campaignId, ...input(w, f) },
    }),
});

const CASES: Case[] = [
  {
    name: "login with one's own password",
    allowed: EVERY_PASSWORD_USER,
    run: (_w, a) =>
      api.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
        u: a.username,
        p: PASSWORD,
      }),
  },
  {
    name: "login as the city admin with a wrong password",
    allowed: [],
    run: (w, a) =>
      as(a, `mutation($u: String!) { login(username: $u, password: "wrong-password") { token } }`, {
        u: w.admin.username,
      }),
  },
  {
    name: "createUnit (a township of district A)",
    allowed: MANAGERS_OF_A,
    run: (w, a) =>
      as(a, `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`, {
        i: { code: `t-${uid()}`, name: "新乡镇", kind: "TOWNSHIP", parentId: w.districtId },
      }),
  },
  {
    name: "createUnit (a district of the city)",
    allowed: ["admin"],
    run: (w, a) =>
      as(a, `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`, {
        i: { code: `d-${uid()}`, name: "新区", kind: "DISTRICT", parentId: w.cityId },
      }),
  },
  {
    name: "updateUnit (rename a township of district A)",
    allowed: MANAGERS_OF_A,
    run: (w, a) =>
      as(a, `mutation($id: ID!) { updateUnit(id: $id, input: { name: "更名乡镇" }) { id } }`, { id: w.townshipId }),
  },
  {
    name: "updateUnit (rename district A itself)",
    allowed: ["admin"],
    run: (w, a) =>
      as(a, `mutation($id: ID!) { updateUnit(id: $id, input: { name: "更名区" }) { id } }`, { id: w.districtId }),
  },
  {
    name: "createVenue (a convenience centre of district A's township)",
    allowed: [...MANAGERS_OF_A, "mgrTown"],
    run: (w, a) =>
      as(a, `mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`, {
        i: { code: `v-${uid()}`, name: "新中心", type: "CONVENIENCE_CENTER", unitId: w.townshipId },
      }),
  },
  {
    name: "createVenue (a sub-centre of district A itself)",
    allowed: MANAGERS_OF_A,
    run: (w, a) =>
      as(a, `mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`, {
        i: { code: `v-${uid()}`, name: "新分中心", type: "PROFESSIONAL_SUBCENTER", unitId: w.districtId },
      }),
  },
  {
    name: "updateVenue (rename district A's sub-centre)",
    allowed: MANAGERS_OF_A,
    run: (w, a) =>
      as(a, `mutation($id: ID!) { updateVenue(id: $id, input: { name: "更名分中心" }) { id } }`, {
        id: w.venues.districtSubcenter,
      }),
  },
  {
    name: "createUser (an assessor of district A)",
    allowed: MANAGERS_OF_A,
    run: (w, a) =>
      as(a, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: {
          username: `a_${uid()}`,
          displayName: "考核员",
          password: "long-enough-1",
          role: "ASSESSOR",
          unitId: w.districtId,
        },
      }),
  },
  {
    name: "createUser (a city admin)",
    allowed: ["admin"],
    run: (_w, a) =>
      as(a, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { username: `c_${uid()}`, displayName: "管理员", password: "long-enough-1", role: "CITY_ADMIN" },
      }),
  },
  {
    name: "createApiToken",
    allowed: ["admin", "mgrA", "mgrA2", "mgrB", "mgrDept", "mgrTown"],
    run: (_w, a) => as(a, `mutation { createApiToken(name: "integration") }`),
  },
  {
    // A public address written as one (no DNS here); no worker runs in this file, so nothing is sent.
    name: "createWebhook",
    allowed: ["admin", "mgrA", "mgrA2", "mgrB", "mgrDept", "mgrTown"],
    run: (_w, a) =>
      as(
        a,
        `mutation { createWebhook(url: "https://93.184.216.34/hook", events: [TASK_ASSIGNED]) { webhook { id } } }`,
      ),
  },
  {
    name: "deleteWebhook (mgrA's webhook)",
    allowed: ["admin", "mgrA"],
    setup: async (w) => ({
      webhookId: ok(
        await as(
          w.actors.mgrA,
          `mutation { createWebhook(url: "https://93.184.216.34/hook", events: [TASK_COMPLETED]) { webhook { id } } }`,
        ),
      ).createWebhook.webhook.id,
    }),
    run: (_w, a, f) => as(a, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: f.webhookId }),
  },
  {
    name: "revokeApiToken (mgrA's token)",
    allowed: ["admin", "mgrA"],
    setup: tokenOfMgrA,
    run: (_w, a, f) => as(a, `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: f.tokenId }),
  },
  {
    name: "changePassword (one's own)",
    allowed: EVERY_PASSWORD_USER,
    // A change ends every session of the user: the actor signs in again, and changes back, so the world stays usable.
    run: async (_w, a) => {
      const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
      const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
      const next = "matrix-next-pass-42";
      const r = await as(a, CHANGE, { c: PASSWORD, n: next });
      if (r.errors?.length) return r;
      a.token = ok(await api.gql(LOGIN, { u: a.username, p: next })).login.token;
      ok(await as(a, CHANGE, { c: next, n: PASSWORD }));
      a.token = ok(await api.gql(LOGIN, { u: a.username, p: PASSWORD })).login.token;
      return r;
    },
  },
  {
    name: "deactivateUser (staff of district A's sub-centre)",
    allowed: ["admin", "mgrA", "mgrA2"],
    setup: async (w) => ({ userId: (await user(api, "VENUE_STAFF", { venueId: w.venues.districtSubcenter })).id }),
    run: (_w, a, f) => as(a, `mutation($id: ID!) { deactivateUser(id: $id) { id active } }`, { id: f.userId }),
  },
  {
    name: "updateUser (staff of district A's sub-centre, renamed)",
    allowed: ["admin", "mgrA", "mgrA2"],
    setup: async (w) => ({ userId: (await user(api, "VENUE_STAFF", { venueId: w.venues.districtSubcenter })).id }),
    run: (_w, a, f) =>
      as(a, `mutation($id: ID!) { updateUser(id: $id, input: { displayName: "更名" }) { id } }`, { id: f.userId }),
  },
  {
    name: "updateUser (an assessor of district A, moved to the township)",
    allowed: ["admin", "mgrA", "mgrA2"],
    setup: async (w) => ({ userId: (await user(api, "ASSESSOR", { unitId: w.districtId })).id }),
    run: (w, a, f) =>
      as(a, `mutation($id: ID!, $u: ID!) { updateUser(id: $id, input: { unitId: $u }) { id } }`, {
        id: f.userId,
        u: w.townshipId,
      }),
  },
  {
    name: "resetPassword (staff of district A's sub-centre)",
    allowed: ["admin", "mgrA", "mgrA2"],
    setup: async (w) => ({ userId: (await user(api, "VENUE_STAFF", { venueId: w.venues.districtSubcenter })).id }),
    run: (_w, a, f) => as(a, `mutation($id: ID!) { resetPassword(id: $id) }`, { id: f.userId }),
  },
  {
    name: "createCampaign",
    allowed: ["admin"],
    allowedCodes: ["CONFLICT"],
    run: (_w, a) => as(a, `mutation { createCampaign(input: { year: 2024, name: "2024" }) { id } }`),
  },
  {
    name: "updateCampaign",
    allowed: ["admin"],
    run: (w, a) =>
      as(a, `mutation($id: ID!) { updateCampaign(id: $id, input: { name: "2024年考核" }) { id } }`, {
        id: w.campaignId,
      }),
  },
  {
    name: "setEvaluationPolicy",
    allowed: ["admin"],
    run: (w, a) =>
      as(a, `mutation($id: ID!) { setEvaluationPolicy(campaignId: $id, policy: {}) { id } }`, { id: w.campaignId }),
  },
  {
    name: "triggerEscalation",
    allowed: ["admin"],
    run: (_w, a) => as(a, `mutation { triggerEscalation { id } }`),
  },
  {
    name: "requestAnnualEvaluation",
    allowed: ["admin"],
    run: (w, a) =>
      as(a, `mutation($id: ID!) { requestAnnualEvaluation(campaignId: $id) { id } }`, { id: w.campaignId }),
  },
  {
    name: "markNotificationsRead (one's own)",
    allowed: EVERY_PASSWORD_USER,
    run: (_w, a) => as(a, `mutation { markNotificationsRead }`),
  },
  assignCase(
    "SELF_CHECK of a district sub-centre",
    MANAGERS_OF_A,
    (_w, f) => ({ kind: "SELF_CHECK", venueId: f.venueId, assigneeId: _w.actors.assessor.id }),
    freshSubcenter,
  ),
  assignCase(
    "SELF_CHECK of a department's sub-centre",
    ["admin", "mgrDept"],
    (w) => ({ kind: "SELF_CHECK", venueId: w.venues.departmentSubcenter, assigneeId: w.assessorDept.id }),
    async (w) => {
      await cancelOpen(w, w.venues.departmentSubcenter);
      return {};
    },
  ),
  assignCase(
    "SELF_CHECK of a village station",
    MANAGERS_OF_A,
    (w) => ({ kind: "SELF_CHECK", venueId: w.venues.station, assigneeId: w.actors.assessor.id }),
    async (w) => {
      await cancelOpen(w, w.venues.station);
      return {};
    },
  ),
  assignCase("UNIFIED_ASSESSMENT of the city's centre", ["admin"], (w) => ({
    kind: "UNIFIED_ASSESSMENT",
    venueId: w.venues.cityCenter,
    assigneeId: w.actors.assessor.id,
  })),
  assignCase("UNIFIED_ASSESSMENT of a department's sub-centre", ["admin"], (w) => ({
    kind: "UNIFIED_ASSESSMENT",
    venueId: w.venues.departmentSubcenter,
    assigneeId: w.assessorDept.id,
  })),
  assignCase("UNIFIED_ASSESSMENT of a district's comprehensive centre", ["admin"], (w) => ({
    kind: "UNIFIED_ASSESSMENT",
    venueId: w.venues.districtCenter,
    assigneeId: w.actors.assessor.id,
  })),
  assignCase(
    "UNIFIED_ASSESSMENT of a district sub-centre",
    MANAGERS_OF_A,
    (w, f) => ({ kind: "UNIFIED_ASSESSMENT", venueId: f.venueId, assigneeId: w.actors.assessor.id }),
    freshSubcenter,
  ),
  assignCase(
    "UNIFIED_ASSESSMENT of a convenience centre",
    MANAGERS_OF_A,
    (w) => ({ kind: "UNIFIED_ASSESSMENT", venueId: w.venues.convenienceCenter, assigneeId: w.actors.assessor.id }),
    async (w) => {
      await cancelOpen(w, w.venues.convenienceCenter);
      return {};
    },
  ),
  assignCase("UNANNOUNCED_INSPECTION of a village station", MANAGERS_OF_A, (w) => ({
    kind: "UNANNOUNCED_INSPECTION",
    venueId: w.venues.station,
    assigneeId: w.actors.assessor.id,
  })),
  assignCase(
    "RECTIFICATION of a district sub-centre's problems",
    MANAGERS_OF_A,
    (w, f) => ({ kind: "RECTIFICATION", problemIds: f.problemIds, assigneeId: w.actors.staff.id }),
    openProblems,
  ),
  assignCase(
    "RECHECK of problems found by mgrA's assessment",
    ["admin", "mgrA"],
    (w, f) => ({ kind: "RECHECK", problemIds: f.problemIds, assigneeId: w.actors.assessor.id }),
    rectified,
  ),
  assignCase("ANNUAL_REPORT of district A", ["admin"], (w) => ({
    kind: "ANNUAL_REPORT",
    unitId: w.districtId,
    assigneeId: w.actors.mgrA.id,
  })),
  {
    name: "assignTasks (unified assessments of a township's convenience venues)",
    allowed: MANAGERS_OF_A,
    setup: freshTownship,
    run: (w, a, f) =>
      as(a, `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`, {
        i: {
          campaignId: w.campaignId,
          kind: "UNIFIED_ASSESSMENT",
          unitId: f.unitId,
          venueTypes: ["CONVENIENCE_CENTER", "CONVENIENCE_STATION"],
          assigneeId: w.actors.assessor.id,
        },
      }),
  },
  {
    name: "assignTasks (inspections of every venue of a township, types not named)",
    allowed: MANAGERS_OF_A,
    setup: freshTownship,
    run: (w, a, f) =>
      as(a, `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`, {
        i: {
          campaignId: w.campaignId,
          kind: "UNANNOUNCED_INSPECTION",
          unitId: f.unitId,
          assigneeId: w.actors.assessor.id,
        },
      }),
  },
  {
    name: "assignTasks (self-checks of all of district A, types not named)",
    allowed: MANAGERS_OF_A,
    run: (w, a) =>
      as(a, `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`, {
        i: { campaignId: w.campaignId, kind: "SELF_CHECK", unitId: w.districtId, assigneeId: w.actors.assessor.id },
      }),
  },
  {
    name: "assignTasks (unified assessments of district A's comprehensive centre)",
    allowed: ["admin"],
    run: (w, a) =>
      as(a, `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`, {
        i: {
          campaignId: w.campaignId,
          kind: "UNIFIED_ASSESSMENT",
          unitId: w.districtId,
          venueTypes: ["COMPREHENSIVE_CENTER"],
          assigneeId: w.actors.assessor.id,
        },
      }),
  },
  {
    name: "startTask (an inspection assigned to the assessor)",
    allowed: ["assessor"],
    setup: inspection,
    run: (_w, a, f) => as(a, `mutation($id: ID!) { startTask(id: $id) { id } }`, { id: f.taskId }),
  },
  {
    name: "startTask (a self-check assigned to the venue's staff)",
    allowed: ["staff"],
    setup: async (w) => {
      await cancelOpen(w, w.venues.districtSubcenter);
      const t = await assign(api, w.actors.mgrA, {
        campaignId: w.campaignId,
        kind: "SELF_CHECK",
        venueId: w.venues.districtSubcenter,
        assigneeId: w.actors.staff.id,
      });
      return { taskId: t.id };
    },
    run: (_w, a, f) => as(a, `mutation($id: ID!) { startTask(id: $id) { id } }`, { id: f.taskId }),
  },
  {
    name: "saveFindings",
    allowed: ["assessor"],
    setup: startedInspection,
    run: (_w, a, f) =>
      as(
        a,
        `mutation($id: ID!) { saveFindings(taskId: $id, findings: [{ indicatorCode: "I13", ruleCode: "R1" }]) { id } }`,
        { id: f.taskId },
      ),
  },
  {
    name: "saveSheet",
    allowed: ["assessor"],
    setup: startedInspection,
    run: (_w, a, f) =>
      as(
        a,
        `mutation($id: ID!) { saveSheet(taskId: $id, findings: [{ indicatorCode: "I13", ruleCode: "R1" }], examined: ["I14"]) { id } }`,
        { id: f.taskId },
      ),
  },
  {
    name: "reportProblem",
    allowed: ["assessor"],
    setup: startedInspection,
    run: (_w, a, f) =>
      as(a, `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`, {
        i: { taskId: f.taskId, indicatorCode: "I13", ruleCode: "R1", description: "无人值守" },
      }),
  },
  {
    name: "submitTask",
    allowed: ["assessor"],
    setup: startedInspection,
    run: (_w, a, f) => as(a, `mutation($id: ID!) { submitTask(id: $id) { id } }`, { id: f.taskId }),
  },
  {
    name: "reviewTask approve (an inspection mgrA assigned)",
    allowed: MANAGERS_OF_A,
    setup: submittedInspection,
    run: (_w, a, f) => as(a, `mutation($id: ID!) { reviewTask(id: $id, approve: true) { id } }`, { id: f.taskId }),
  },
  {
    name: "reviewTask return (an inspection mgrA assigned)",
    allowed: MANAGERS_OF_A,
    setup: submittedInspection,
    run: (_w, a, f) =>
      as(a, `mutation($id: ID!) { reviewTask(id: $id, approve: false, comment: "redo") { id } }`, { id: f.taskId }),
  },
  {
    name: "reviewTask approve (a re-check mgrA assigned)",
    allowed: ["admin", "mgrA"],
    setup: submittedRecheck,
    run: (_w, a, f) => as(a, `mutation($id: ID!) { reviewTask(id: $id, approve: true) { id } }`, { id: f.taskId }),
  },
  {
    name: "cancelTask (an inspection mgrA assigned)",
    allowed: MANAGERS_OF_A,
    setup: inspection,
    run: (_w, a, f) =>
      as(a, `mutation($id: ID!) { cancelTask(id: $id, reason: "no longer needed") { id } }`, { id: f.taskId }),
  },
  {
    name: "cancelTask (a department's self-check)",
    allowed: ["admin", "mgrDept"],
    setup: async (w) => {
      await cancelOpen(w, w.venues.departmentSubcenter);
      const t = await assign(api, w.actors.mgrDept, {
        campaignId: w.campaignId,
        kind: "SELF_CHECK",
        venueId: w.venues.departmentSubcenter,
        assigneeId: w.assessorDept.id,
      });
      return { taskId: t.id };
    },
    run: (_w, a, f) =>
      as(a, `mutation($id: ID!) { cancelTask(id: $id, reason: "no longer needed") { id } }`, { id: f.taskId }),
  },
  {
    name: "redateTask (an inspection mgrA assigned)",
    allowed: MANAGERS_OF_A,
    setup: inspection,
    run: (_w, a, f) =>
      as(a, `mutation($id: ID!, $d: DateTime!) { redateTask(id: $id, dueAt: $d, reason: "重新安排") { id } }`, {
        id: f.taskId,
        d: "2024-06-20T15:59:59.999Z",
      }),
  },
  {
    name: "requestExtension (a rectification mgrA assigned)",
    allowed: ["mgrA", "mgrA2"],
    setup: rectification,
    run: (_w, a, f) =>
      as(
        a,
        `mutation($id: ID!, $d: DateTime!) { requestExtension(taskId: $id, dueAt: $d, reason: "需要更多时间") { id } }`,
        { id: f.taskId, d: "2024-08-30T15:59:59.999Z" },
      ),
  },
  {
    name: "decideExtension (mgrA's request)",
    allowed: ["admin"],
    setup: async (w) => {
      const { taskId } = await rectification(w);
      const r = ok(
        await as(
          w.actors.mgrA,
          `mutation($id: ID!) { requestExtension(taskId: $id, dueAt: "2024-08-30T15:59:59.999Z", reason: "需要更多时间") { id } }`,
          { id: taskId },
        ),
      );
      return { extensionId: r.requestExtension.id };
    },
    run: (_w, a, f) =>
      as(a, `mutation($id: ID!) { decideExtension(id: $id, grant: true, comment: "同意") { id } }`, {
        id: f.extensionId,
      }),
  },
];

/** A rectification of a fresh problem of district A's sub-centre, assigned by mgrA to its staff. */
async function rectification(w: World) {
  const { problemIds } = await openProblems(w);
  const rect = await assign(api, w.actors.mgrA, {
    campaignId: w.campaignId,
    kind: "RECTIFICATION",
    problemIds,
    assigneeId: w.actors.staff.id,
  });
  return { taskId: rect.id };
}

/** Cancels the venue's open self-checks and unified assessments (one of each may be open), as the admin. */
async function cancelOpen(w: World, venueId: string) {
  const open = ok(
    await as(w.admin, `query($f: TaskFilter) { tasks(filter: $f, first: 100) { nodes { id kind status } } }`, {
      f: { venueId },
    }),
  ).tasks.nodes as {
    id: string;
    kind: string;
    status: string;
  }[];
  for (const t of open.filter(
    (x) => ["SELF_CHECK", "UNIFIED_ASSESSMENT"].includes(x.kind) && !["COMPLETED", "CANCELLED"].includes(x.status),
  )) {
    ok(await as(w.admin, `mutation($id: ID!) { cancelTask(id: $id, reason: "matrix") { id } }`, { id: t.id }));
  }
}

const REFUSALS = ["FORBIDDEN", "NOT_FOUND"];

/** The cases in a few tests (each with a city of its own), by what they are about. */
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
  "campaigns and jobs": [
    "createCampaign",
    "updateCampaign",
    "setEvaluationPolicy",
    "triggerEscalation",
    "requestAnnualEvaluation",
  ],
  "assignTask, of each kind": ["assignTask"],
  assignTasks: ["assignTasks"],
  "the assignee's work: startTask, saveFindings, saveSheet, reportProblem, submitTask": [
    "startTask",
    "saveFindings",
    "saveSheet",
    "reportProblem",
    "submitTask",
  ],
  "reviewTask and cancelTask": ["reviewTask", "cancelTask"],
  "due dates and extensions": ["redateTask", "requestExtension", "decideExtension"],
  webhooks: ["createWebhook", "deleteWebhook"],
};
const mutationOf = (c: Case) => c.name.split(" ")[0]!;
const GROUPS = Object.fromEntries(
  Object.entries(AREAS).map(([area, mutations]) => [area, CASES.filter((c) => mutations.includes(mutationOf(c)))]),
);

describe("the authorization matrix of the mutations", () => {
  it("covers every mutation of the schema", async () => {
    const admin = await user(api, "CITY_ADMIN");
    const schema = ok(await api.gql(`{ __schema { mutationType { fields { name } } } }`, {}, admin.token));
    const inSchema: string[] = schema.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    const covered = new Set(Object.values(GROUPS).flatMap((cases) => cases.map(mutationOf)));
    expect(inSchema.filter((m) => !covered.has(m))).toEqual([]);
    expect(Object.values(GROUPS).flat()).toHaveLength(CASES.length);
  });

  it.each(Object.entries(GROUPS))("%s", async (_group, cases) => {
    // One city per test; each case starts from a fixture of its own within it.
    const w = await world();
    const wrong: string[] = [];
    for (const c of cases) {
      const denied = ACTORS.filter((a) => !c.allowed.includes(a));
      // Refused cells share one fixture: nothing they do may change it.
      const f = (await c.setup?.(w)) ?? {};
      const [rowsBefore, stateBefore] = [await rowCounts(api), await stateFingerprint(api)];
      for (const key of denied) {
        const r = await c.run(w, w.actors[key], f, key);
        tally.mutationCells++;
        if (!r.errors?.length) {
          tally.unauthorizedSuccesses++;
          wrong.push(`${c.name} / ${key}: succeeded`);
          continue;
        }
        const expected =
          key === "anonymous" || c.name.startsWith("login")
            ? ["UNAUTHENTICATED"]
            : key === "integrator"
              ? ["FORBIDDEN"]
              : REFUSALS;
        if (!expected.includes(code(r)!)) wrong.push(`${c.name} / ${key}: ${code(r)} ${r.errors[0]!.message}`);
        if (JSON.stringify(r.data ?? null).match(/"id"|"token"/))
          wrong.push(`${c.name} / ${key}: answered data ${JSON.stringify(r.data)}`);
      }
      expect(await rowCounts(api), `${c.name}: rows written by refused cells`).toEqual(rowsBefore);
      expect(await stateFingerprint(api), `${c.name}: rows changed by refused cells`).toBe(stateBefore);

      // Allowed cells each get a fresh fixture.
      for (const key of c.allowed) {
        const fresh = c.setup ? await c.setup(w) : {};
        const r = await c.run(w, w.actors[key], fresh, key);
        tally.mutationCells++;
        tally.allowedCells++;
        if (r.errors?.length && !c.allowedCodes?.includes(code(r)!))
          wrong.push(`${c.name} / ${key} (allowed): ${code(r)} ${r.errors[0]!.message}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("what each role sees", () => {
  it("shows tasks, problems, venues and units only within scope, and never their data outside it", async () => {
    const w = await world();
    const { actors } = w;
    // A self-check of district A's sub-centre by its staff, approved with a problem; an open unified assessment by the assessor.
    const selfCheck = await completeScoring(api, {
      campaignId: w.campaignId,
      kind: "SELF_CHECK",
      venueId: w.venues.districtSubcenter,
      assigner: actors.mgrA,
      assignee: actors.staff,
      findings: [{ indicatorCode: "I01", ruleCode: "R1" }],
    });
    const problemId = selfCheck.problems[0]!.id;
    const ua = await assign(api, actors.mgrA, {
      campaignId: w.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: w.venues.districtSubcenter,
      assigneeId: actors.assessor.id,
    });

    const venueName = ok(
      await as(w.admin, `query($id: ID!) { venue(id: $id) { name } }`, { id: w.venues.districtSubcenter }),
    ).venue.name as string;
    const sees: Record<string, readonly ActorKey[]> = {
      selfCheck: ["admin", "mgrA", "mgrA2", "staff", "integrator"],
      unifiedAssessment: ["admin", "mgrA", "mgrA2", "assessor", "integrator"],
      problem: ["admin", "mgrA", "mgrA2", "staff", "integrator"],
      venue: ["admin", "mgrA", "mgrA2", "assessor", "staff", "integrator"],
      districtA: ["admin", "mgrA", "mgrA2", "assessor", "assessor2", "staff", "integrator"],
    };
    const wrong: string[] = [];
    const cell = (what: string, key: ActorKey, visible: boolean, r: GqlResult, shown: boolean) => {
      tally.queryCells++;
      const should = sees[what]!.includes(key);
      if (key === "anonymous") {
        if (code(r) !== "UNAUTHENTICATED" || r.data) wrong.push(`${what}/${key}: ${code(r)} ${JSON.stringify(r.data)}`);
        return;
      }
      if (should !== visible)
        wrong.push(`${what}/${key}: ${visible ? "visible" : "hidden"}, should be ${should ? "visible" : "hidden"}`);
      if (!should && shown) {
        tally.unauthorizedSuccesses++;
        wrong.push(`${what}/${key}: data shown`);
      }
      if (!should && !visible && r.errors?.length && !REFUSALS.includes(code(r)!))
        wrong.push(`${what}/${key}: ${code(r)}`);
    };

    for (const key of ACTORS) {
      const a = actors[key];
      for (const [what, id] of [
        ["selfCheck", selfCheck.id],
        ["unifiedAssessment", ua.id],
      ] as const) {
        const one = await as(a, `query($id: ID!) { task(id: $id) { id kind } }`, { id });
        cell(what, key, !!one.data?.task, one, !!one.data?.task);
        const list = await as(
          a,
          `query($f: TaskFilter) { tasks(filter: $f, first: 100) { totalCount nodes { id } } }`,
          { f: { venueId: w.venues.districtSubcenter } },
        );
        const listed = !!list.data?.tasks.nodes.some((t: { id: string }) => t.id === id);
        cell(what, key, listed, list, listed);
      }
      const pr = await as(a, `query($id: ID!) { problem(id: $id) { id description } }`, { id: problemId });
      cell("problem", key, !!pr.data?.problem, pr, !!pr.data?.problem);
      const prs = await as(
        a,
        `query($v: ID) { problems(filter: { venueId: $v }, first: 100) { totalCount nodes { id } } }`,
        { v: w.venues.districtSubcenter },
      );
      const prListed = !!prs.data?.problems.nodes.some((p: { id: string }) => p.id === problemId);
      cell("problem", key, prListed, prs, prListed);
      const v = await as(a, `query($id: ID!) { venue(id: $id) { id name } }`, { id: w.venues.districtSubcenter });
      cell("venue", key, !!v.data?.venue, v, !!v.data?.venue);
      const vs = await as(
        a,
        `query($s: String) { venues(filter: { search: $s }, first: 100) { totalCount nodes { id } } }`,
        { s: venueName },
      );
      const vListed = !!vs.data?.venues.nodes.some((x: { id: string }) => x.id === w.venues.districtSubcenter);
      cell("venue", key, vListed, vs, vListed);
      const u = await as(a, `query($id: ID!) { unit(id: $id) { id name } }`, { id: w.districtId });
      cell("districtA", key, !!u.data?.unit, u, !!u.data?.unit);
      const us = await as(a, `query($p: ID) { units(parentId: $p) { id } }`, { p: w.cityId });
      const uListed = !!us.data?.units.some((x: { id: string }) => x.id === w.districtId);
      cell("districtA", key, uListed, us, uListed);
    }
    expect(wrong).toEqual([]);
  });

  it("keeps an unannounced inspection from the venue's staff until it has found something", async () => {
    const w = await world();
    const { taskId } = await startedInspection(w);
    const seen = async () =>
      ok(
        await as(w.actors.staffB, `query($v: ID!) { tasks(filter: { venueId: $v }) { nodes { id } } }`, {
          v: w.venues.station,
        }),
      ).tasks.nodes.map((n: { id: string }) => n.id);
    expect(await seen()).not.toContain(taskId);
    expect(code(await as(w.actors.staffB, `query($id: ID!) { task(id: $id) { id } }`, { id: taskId }))).toBe(
      "NOT_FOUND",
    );
    // Once it puts a problem on the venue's list, the staff sees the problem and where it came from.
    const reported = ok(
      await as(w.actors.assessor, `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`, {
        i: { taskId, indicatorCode: "I18", ruleCode: "R1", description: "首问负责制度执行不到位" },
      }),
    ).reportProblem;
    expect(await seen()).toContain(taskId);
    const problem = ok(
      await as(w.actors.staffB, `query($id: ID!) { problem(id: $id) { source { id kind } } }`, { id: reported.id }),
    ).problem;
    expect(problem.source).toEqual({ id: taskId, kind: "UNANNOUNCED_INSPECTION" });
  });

  it("never shows through a nested field what the top-level queries hide", async () => {
    const w = await world();
    const { actors } = w;
    // Problems of district A's sub-centre found by a unified assessment, in a rectification by its staff.
    const { problemIds } = await openProblems(w);
    const rect = await assign(api, actors.mgrA, {
      campaignId: w.campaignId,
      kind: "RECTIFICATION",
      problemIds,
      assigneeId: actors.staff.id,
    });
    // The staff sees the problem, its rectification and the completed assessment that found it (the venue's own
    // result, which the problems come from), but not another venue's problems or their sources.
    const viaTask = ok(
      await as(actors.staff, `query($id: ID!) { task(id: $id) { problems { id source { id kind } } } }`, {
        id: rect.id,
      }),
    );
    expect(viaTask.task.problems[0].source.kind).toBe("UNIFIED_ASSESSMENT");
    const ok1 = ok(
      await as(actors.staff, `query($id: ID!) { problem(id: $id) { id sourceKind rectification { id } } }`, {
        id: problemIds[0],
      }),
    );
    expect(ok1.problem).toEqual({
      id: problemIds[0],
      sourceKind: "UNIFIED_ASSESSMENT",
      rectification: { id: rect.id },
    });
    const sourceOfOthers = await as(actors.staffB, `query($id: ID!) { problem(id: $id) { source { id } } }`, {
      id: problemIds[0],
    });
    expect(sourceOfOthers.data?.problem ?? null).toBeNull();

    // A unit seen through a task's people shows only if the viewer may see the unit.
    const staffB = actors.staffB;
    const stationTask = await assign(api, actors.mgrA, {
      campaignId: w.campaignId,
      kind: "SELF_CHECK",
      venueId: w.venues.station,
      assigneeId: staffB.id,
    });
    const seen = ok(
      await as(
        staffB,
        `query($id: ID!) { task(id: $id) { assignee { unit { id } venue { id } } history { actor { id unit { id name } } } } }`,
        { id: stationTask.id },
      ),
    ).task;
    expect(seen.assignee.venue).toEqual({ id: w.venues.station });
    expect(seen.history[0].actor.id).toBe(actors.mgrA.id);
    expect(seen.history[0].actor.unit).toBeNull();
    // Children and venues of a unit are filtered by scope too.
    const city = ok(
      await as(actors.mgrB, `query($id: ID!) { unit(id: $id) { children { id } venues { id } } }`, { id: w.districtB }),
    );
    expect(city.unit).toEqual({ children: [], venues: [{ id: w.venueB }] });
    const parent = ok(
      await as(actors.mgrB, `query($id: ID!) { unit(id: $id) { parent { id } } }`, { id: w.districtB }),
    );
    expect(parent.unit.parent).toBeNull();
  });

  it("answers every nested field exactly as the top-level read would: shown if and only if that read shows it (the nested-field matrix)", async () => {
    const w = await world();
    const { actors } = w;
    // Work of every kind to walk through: problems found by district A's assessment, rectified by the staff with a
    // photo, re-checked; an extension request; the city's unannounced inspection (hidden from the district); district B's task.
    const { problemIds } = await openProblems(w);
    const rect = await assign(api, actors.mgrA, {
      campaignId: w.campaignId,
      kind: "RECTIFICATION",
      problemIds,
      assigneeId: actors.staff.id,
    });
    await start(api, actors.staff, rect.id);
    await submit(api, actors.staff, rect.id, { report: "已整改", evidenceIds: [await proof(api, actors.staff)] });
    const rc = await assign(api, actors.mgrA, {
      campaignId: w.campaignId,
      kind: "RECHECK",
      problemIds,
      assigneeId: actors.assessor.id,
    });
    await start(api, actors.assessor, rc.id);
    await submit(api, actors.assessor, rc.id, {
      verdicts: problemIds.map((problemId) => ({ problemId, resolved: true })),
    });
    const own = await assign(api, actors.mgrA, {
      campaignId: w.campaignId,
      kind: "SELF_CHECK",
      venueId: w.venues.station,
      assigneeId: actors.staffB.id,
    });
    ok(
      await as(
        actors.mgrA,
        `mutation($id: ID!, $d: DateTime!) { requestExtension(taskId: $id, dueAt: $d, reason: "人手不足") { id } }`,
        { id: own.id, d: new Date(Date.parse(own.dueAt as string) + 86_400_000 * 3).toISOString() },
      ),
    );
    await assign(api, w.admin, {
      campaignId: w.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: w.venues.districtSubcenter,
      assigneeId: w.assessorDept.id,
    });
    await assign(api, w.admin, {
      campaignId: w.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: w.venueB,
      assigneeId: actors.assessor2.id,
    });

    // Several requests, each within the cost limit; tasks and problems of this city only (the database holds others).
    const NESTED = [
      `query($c: ID!, $u: ID!) { tasks(first: 100, filter: { campaignId: $c, unitId: $u }) { nodes { __typename id venue { __typename id unit { __typename id } } unit { __typename id } problems { __typename id } } } }`,
      `query($c: ID!, $u: ID!) { tasks(first: 100, filter: { campaignId: $c, unitId: $u }) { nodes { __typename id evidence { __typename id } findings { evidence { __typename id } } extensions { task { __typename id } } verdicts { problem { __typename id } } } } }`,
      `query($c: ID!, $u: ID!) { problems(first: 100, filter: { campaignId: $c, unitId: $u }) { nodes { __typename id venue { __typename id } rectification { __typename id } evidence { __typename id } } } }`,
      `{ notifications(first: 50) { nodes { task { __typename id } problem { __typename id } } } }`,
      `{ me { __typename id unit { __typename id parent { __typename id } children { __typename id } ancestors { __typename id } venues { __typename id } } venue { __typename id unit { __typename id } } } }`,
      `{ units { __typename id children { __typename id } venues { __typename id } } }`,
    ];
    const nested = async (a: SignedIn) =>
      Promise.all(
        NESTED.map(async (q) => ok(await as(a, q, q.includes("$c") ? { c: w.campaignId, u: w.cityId } : {}))),
      );
    type Node = { __typename: string; id: string };
    const isNode = (v: unknown): v is Node => !!v && typeof v === "object" && "__typename" in v && "id" in v;
    /** Edges parent -field-> child of an answer, and every node in it; a list item without a parent starts a chain. */
    function edgesOf(data: unknown) {
      const edges = new Set<string>();
      const nodes = new Set<string>();
      /** parent.field pairs the answer holds (null or empty ones too): the edges it could have shown. */
      const asked = new Set<string>();
      const walk = (v: unknown, parent: Node | null) => {
        if (Array.isArray(v)) return v.forEach((x) => walk(x, parent));
        if (!v || typeof v !== "object") return;
        const here = isNode(v) ? v : parent;
        if (isNode(v)) nodes.add(`${v.__typename}:${v.id}`);
        for (const [field, child] of Object.entries(v)) {
          if (here && (child === null || typeof child === "object"))
            asked.add(`${here.__typename}:${here.id}.${field}`);
          const children = (Array.isArray(child) ? child : [child]).filter(isNode);
          if (here && children.length)
            for (const c of children) edges.add(`${here.__typename}:${here.id}.${field}>${c.__typename}:${c.id}`);
          walk(child, here);
        }
      };
      walk(data, null);
      return { edges, nodes, asked };
    }
    /** What the actor's top-level reads show: task(id), problem(id), unit(id), venue(id), GET /evidence/:id. */
    async function topLevel(a: SignedIn, keys: string[]): Promise<Map<string, boolean>> {
      const shown = new Map<string, boolean>();
      const reads = { Task: "task", Problem: "problem", Unit: "unit", Venue: "venue" } as Record<string, string>;
      const graph = keys.filter((k) => k.split(":")[0]! in reads);
      for (let i = 0; i < graph.length; i += 12) {
        const chunk = graph.slice(i, i + 12);
        const q = `{ ${chunk.map((k, j) => `r${j}: ${reads[k.split(":")[0]!]}(id: "${k.split(":")[1]}") { id }`).join(" ")} }`;
        const r = await as(a, q);
        chunk.forEach((k, j) => shown.set(k, !!(r.data as Record<string, unknown> | undefined)?.[`r${j}`]));
      }
      for (const k of keys.filter((k) => k.startsWith("Evidence:"))) {
        const res = await fetch(`${api.url}/evidence/${k.split(":")[1]}`, {
          headers: { authorization: `Bearer ${a.token}` },
        });
        await res.arrayBuffer();
        shown.set(k, res.status === 200);
      }
      return shown;
    }
    /** Problem.source is required: FORBIDDEN where the reader may not see the task that found the problem. */
    async function sources(a: SignedIn, problemKeys: string[]) {
      const edges = new Set<string>();
      for (const k of problemKeys) {
        const r = await as(a, `query($id: ID!) { problem(id: $id) { source { id } } }`, { id: k.split(":")[1] });
        if (r.data?.problem?.source) edges.add(`${k}.source>Task:${r.data.problem.source.id}`);
        else expect(code(r), `${k}.source`).toBe("FORBIDDEN");
      }
      return edges;
    }

    const truth = edgesOf(await nested(w.admin));
    const problemKeys = (nodes: Set<string>) => [...nodes].filter((n) => n.startsWith("Problem:"));
    for (const e of await sources(w.admin, problemKeys(truth.nodes))) truth.edges.add(e);
    const USERS = `query($after: String) { users(first: 100, after: $after) { nodes { __typename id unit { __typename id } venue { __typename id } } pageInfo { hasNextPage endCursor } } }`;
    /** Every user the actor may list, page by page. */
    const allUsers = async (a: SignedIn) => {
      const pages: unknown[] = [];
      for (let after: string | null = null; ;) {
        const page: any = ok(await as(a, USERS, { after })).users;
        pages.push(page.nodes);
        if (!page.pageInfo.hasNextPage) return pages;
        after = page.pageInfo.endCursor;
      }
    };
    for (const e of edgesOf(await allUsers(w.admin)).edges) truth.edges.add(e);
    /** The units and venues among `nodes` read top-level with their nested units and venues, as `a`. */
    async function expand(a: SignedIn, nodes: Set<string>) {
      const todo = [...nodes].filter((n) => n.startsWith("Unit:") || n.startsWith("Venue:"));
      const answers: unknown[] = [];
      for (let i = 0; i < todo.length; i += 12) {
        const chunk = todo.slice(i, i + 12);
        const q = `{ ${chunk
          .map((k, j) =>
            k.startsWith("Unit:")
              ? `r${j}: unit(id: "${k.slice(5)}") { __typename id parent { __typename id } children { __typename id } ancestors { __typename id } venues { __typename id } }`
              : `r${j}: venue(id: "${k.slice(6)}") { __typename id unit { __typename id } }`,
          )
          .join(" ")} }`;
        answers.push((await as(a, q)).data);
      }
      return edgesOf(answers);
    }
    let cells = 0;
    let hidden = 0;
    const wrong: string[] = [];
    for (const key of ACTORS.filter((k) => k !== "anonymous" && k !== "admin")) {
      const a = actors[key];
      const seen = edgesOf([await nested(a), await allUsers(a)]);
      for (const e of await sources(a, problemKeys(seen.nodes))) seen.edges.add(e);
      seen.nodes.forEach((n) => n.startsWith("Problem:") && seen.asked.add(`${n}.source`));
      // The units and venues it reached, read again top-level with their own nested fields, by the actor and by the city.
      const more = await expand(a, seen.nodes);
      more.edges.forEach((e) => seen.edges.add(e));
      more.asked.forEach((e) => seen.asked.add(e));
      (await expand(w.admin, seen.nodes)).edges.forEach((e) => truth.edges.add(e));
      // Every edge of the truth that the actor's answers could have shown (its parent and field are in them): the child
      // is shown nested if and only if the top-level read shows it.
      const due = [...truth.edges].filter((e) => seen.asked.has(e.split(">")[0]!));
      const shown = await topLevel(a, [...new Set(due.map((e) => e.split(">")[1]!))]);
      for (const e of due) {
        const child = e.split(">")[1]!;
        cells++;
        if (!shown.get(child)) hidden++;
        if (seen.edges.has(e) !== shown.get(child))
          wrong.push(
            `${key}: ${e} nested ${seen.edges.has(e) ? "shown" : "hidden"}, top-level ${shown.get(child) ? "shown" : "refused"}`,
          );
      }
      // And nothing nested that the truth does not have.
      for (const e of seen.edges) if (!truth.edges.has(e)) wrong.push(`${key}: ${e} is not in the city's view`);
    }
    console.log(
      `nested-field matrix: ${cells} cells over ${ACTORS.length - 2} actors, ${hidden} hidden because the top-level read refuses them, ${wrong.length} inconsistent`,
    );
    expect(wrong).toEqual([]);
    expect(cells).toBeGreaterThan(100);
    expect(hidden).toBeGreaterThan(10);
  });

  it("lists a task's problems only as far as problem(id) shows them (an assessor re-checking one of two)", async () => {
    const c = await assessedSubcenter(api, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I02", ruleCode: "R1" },
    ]);
    const checker = await user(api, "ASSESSOR", { unitId: c.districtId });
    const rect = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: c.problemIds,
      assigneeId: c.staff.id,
    });
    await start(api, c.staff, rect.id);
    await submit(api, c.staff, rect.id, { report: "已整改" });
    await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECHECK",
      problemIds: [c.problemIds[0]!],
      assigneeId: checker.id,
    });
    const seen = ok(
      await as(checker, `query($id: ID!) { task(id: $id) { problems { id } } }`, { id: c.assessment.id }),
    ).task.problems.map((p: { id: string }) => p.id);
    const single = await Promise.all(
      c.problemIds.map(
        async (id) => code(await as(checker, `query($id: ID!) { problem(id: $id) { id } }`, { id })) ?? "OK",
      ),
    );
    expect(single).toEqual(["OK", "NOT_FOUND"]);
    expect(seen).toEqual([c.problemIds[0]]);
    // The manager who assigned it all sees both, either way.
    expect(
      ok(await as(c.manager, `query($id: ID!) { task(id: $id) { problems { id } } }`, { id: c.assessment.id })).task
        .problems,
    ).toHaveLength(2);
  });
});
