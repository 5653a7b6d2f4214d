import type { TaskKind, VenueType } from "@assess/domain";
import type { SignedIn } from "./factories";
import { city, unit, user, venue } from "./factories";
import type { Api, GqlResult } from "./harness";
import { ok } from "./harness";

/** The task fields the workflow tests read back. */
export const TASK_FIELDS = `id kind status version dueAt report venue { id } unit { id } assignee { id }
  findings { indicatorCode ruleCode occurrences deduction } examined score { total deducted bonus }
  problems { id status indicatorCode ruleCode }`;

export const M = {
  assignTask: `mutation($i: AssignTaskInput!) { assignTask(input: $i) { ${TASK_FIELDS} } }`,
  assignTasks: `mutation($i: AssignTasksInput!) { assignTasks(input: $i) }`,
  startTask: `mutation($id: ID!) { startTask(id: $id) { ${TASK_FIELDS} } }`,
  saveFindings: `mutation($id: ID!, $f: [FindingInput!]!, $v: Int) { saveFindings(taskId: $id, findings: $f, expectedVersion: $v) { ${TASK_FIELDS} } }`,
  saveSheet: `mutation($id: ID!, $f: [FindingInput!]!, $e: [String!]!, $v: Int) { saveSheet(taskId: $id, findings: $f, examined: $e, expectedVersion: $v) { ${TASK_FIELDS} } }`,
  submitTask: `mutation($id: ID!, $i: SubmitTaskInput) { submitTask(id: $id, input: $i) { ${TASK_FIELDS} } }`,
  reviewTask: `mutation($id: ID!, $a: Boolean!, $c: String) { reviewTask(id: $id, approve: $a, comment: $c) { ${TASK_FIELDS} } }`,
  cancelTask: `mutation($id: ID!, $r: String!) { cancelTask(id: $id, reason: $r) { ${TASK_FIELDS} } }`,
  reportProblem: `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id status recurrence indicatorCode ruleCode description } }`,
};

export interface Finding {
  indicatorCode: string;
  ruleCode: string;
  occurrences?: number;
  note?: string | null;
  evidenceIds?: string[];
}

export interface Task {
  id: string;
  kind: TaskKind;
  status: string;
  version: number;
  dueAt: string;
  report: string | null;
  venue: { id: string } | null;
  unit: { id: string } | null;
  assignee: { id: string };
  findings: { indicatorCode: string; ruleCode: string; occurrences: number; deduction: number }[];
  examined: string[];
  score: { total: number; deducted: number; bonus: number } | null;
  problems: { id: string; status: string; indicatorCode: string; ruleCode: string }[];
}

export interface AssignInput {
  campaignId: string;
  kind: TaskKind;
  assigneeId: string;
  venueId?: string;
  unitId?: string;
  problemIds?: string[];
  dueAt?: string;
}

/** The raw answers, for tests that look at errors. */
export const raw = {
  assign: (api: Api, by: SignedIn, i: AssignInput): Promise<GqlResult> => api.gql(M.assignTask, { i }, by.token),
  start: (api: Api, by: SignedIn, id: string): Promise<GqlResult> => api.gql(M.startTask, { id }, by.token),
  save: (api: Api, by: SignedIn, id: string, f: Finding[], v?: number): Promise<GqlResult> =>
    api.gql(M.saveFindings, { id, f, v }, by.token),
  sheet: (api: Api, by: SignedIn, id: string, f: Finding[], e: string[], v?: number): Promise<GqlResult> =>
    api.gql(M.saveSheet, { id, f, e, v }, by.token),
  submit: (api: Api, by: SignedIn, id: string, i?: Record<string, unknown>): Promise<GqlResult> =>
    api.gql(M.submitTask, { id, i }, by.token),
  review: (api: Api, by: SignedIn, id: string, a: boolean, c?: string): Promise<GqlResult> =>
    api.gql(M.reviewTask, { id, a, c }, by.token),
  cancel: (api: Api, by: SignedIn, id: string, r: string): Promise<GqlResult> =>
    api.gql(M.cancelTask, { id, r }, by.token),
};

export const assign = async (api: Api, by: SignedIn, i: AssignInput): Promise<Task> =>
  ok(await raw.assign(api, by, i)).assignTask;
export const start = async (api: Api, by: SignedIn, id: string): Promise<Task> =>
  ok(await raw.start(api, by, id)).startTask;
export const save = async (api: Api, by: SignedIn, id: string, f: Finding[], v?: number): Promise<Task> =>
  ok(await raw.save(api, by, id, f, v)).saveFindings;
export const saveSheet = async (
  api: Api,
  by: SignedIn,
  id: string,
  f: Finding[],
  e: string[],
  v?: number,
): Promise<Task> => ok(await raw.sheet(api, by, id, f, e, v)).saveSheet;
export const submit = async (api: Api, by: SignedIn, id: string, i?: Record<string, unknown>): Promise<Task> =>
  ok(await raw.submit(api, by, id, i)).submitTask;
export const review = async (api: Api, by: SignedIn, id: string, a: boolean, c?: string): Promise<Task> =>
  ok(await raw.review(api, by, id, a, c)).reviewTask;
export const cancel = async (api: Api, by: SignedIn, id: string, r: string): Promise<Task> =>
  ok(await raw.cancel(api, by, id, r)).cancelTask;

/** The codes of the deduction indicators of a task's rubric (all but the 加分项 row): what a complete sheet examines. */
export async function deductionIndicators(api: Api, by: SignedIn, taskId: string): Promise<string[]> {
  const task = ok(
    await api.gql(
      `query($id: ID!) { task(id: $id) { rubric { indicators { code bonus } } } }`,
      { id: taskId },
      by.token,
    ),
  ).task;
  return task.rubric.indicators.filter((i: { bonus: boolean }) => !i.bonus).map((i: { code: string }) => i.code);
}

/** Saves a complete sheet: the findings, and every deduction indicator of the rubric marked examined. */
export async function examineAll(api: Api, by: SignedIn, id: string, f: Finding[] = [], v?: number): Promise<Task> {
  return saveSheet(api, by, id, f, await deductionIndicators(api, by, id), v);
}

/**
 * A scoring task taken all the way to COMPLETED (assign, start, save the sheet, submit, approve). The sheet marks
 * every deduction indicator examined unless `examined` says which.
 */
export async function completeScoring(
  api: Api,
  o: {
    campaignId: string;
    kind: TaskKind;
    venueId: string;
    assigner: SignedIn;
    assignee: SignedIn;
    findings: Finding[];
    examined?: string[];
    reviewer?: SignedIn;
  },
): Promise<Task> {
  const t = await assign(api, o.assigner, {
    campaignId: o.campaignId,
    kind: o.kind,
    venueId: o.venueId,
    assigneeId: o.assignee.id,
  });
  await start(api, o.assignee, t.id);
  if (o.examined) await saveSheet(api, o.assignee, t.id, o.findings, o.examined);
  else await examineAll(api, o.assignee, t.id, o.findings);
  await submit(api, o.assignee, t.id);
  return review(api, o.reviewer ?? o.assigner, t.id, true);
}

/**
 * A city of its own with a district manager, an assessor and the district sub-centre's staff, whose unified
 * assessment (assigned by the manager) found `findings` and was approved: its problems are OPEN.
 */
export async function assessedSubcenter(api: Api, findings: Finding[]) {
  const c = await city(api);
  const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
  const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
  const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
  const assessment = await completeScoring(api, {
    campaignId: c.campaignId,
    kind: "UNIFIED_ASSESSMENT",
    venueId: c.venues.districtSubcenter,
    assigner: manager,
    assignee: assessor,
    findings,
  });
  return { ...c, manager, assessor, staff, assessment, problemIds: assessment.problems.map((p) => p.id) };
}

/** Uploads a small PDF as `by` (证明材料, e.g. for a bonus finding) and answers its evidence id. */
export async function proof(api: Api, by: SignedIn, fileName = "证明材料.pdf"): Promise<string> {
  const form = new FormData();
  form.append(
    "file",
    new Blob([new Uint8Array(Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"))], { type: "application/pdf" }),
    fileName,
  );
  const res = await fetch(`${api.url}/evidence`, {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${by.token}` },
  });
  if (res.status !== 201) throw new Error(`upload of ${fileName} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Row counts of every table but the audit log, to show that a refused request wrote nothing. */
export async function rowCounts(api: Api): Promise<Record<string, number>> {
  const tables: { t: string }[] = await api.ds.query(
    // The audit log records refused requests too (that is its purpose): it is not "written" by them in this sense.
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT IN ('migrations', 'audit_log') ORDER BY table_name",
  );
  const counts = await api.ds.query(
    tables.map((x) => `SELECT '${x.t}' AS t, COUNT(*) AS n FROM \`${x.t}\``).join(" UNION ALL "),
  );
  return Object.fromEntries(counts.map((r: { t: string; n: number | string }) => [r.t, Number(r.n)]));
}

/** A fingerprint of every row's version and status, so that an UPDATE that was refused shows up too. */
export async function stateFingerprint(api: Api): Promise<string> {
  const parts = await Promise.all([
    api.ds.query(
      "SELECT id, status, version, assignee_id, due_at, score_total, examined, report, cancel_reason FROM task ORDER BY id",
    ),
    api.ds.query("SELECT id, status, version, rectification_task_id, failed_rechecks FROM problem ORDER BY id"),
    api.ds.query("SELECT id, name, path, active, parent_id FROM unit ORDER BY id"),
    api.ds.query("SELECT id, name, unit_id, active, community FROM venue ORDER BY id"),
    api.ds.query("SELECT id, password_hash, active FROM user ORDER BY id"),
    api.ds.query("SELECT id, name, version FROM campaign ORDER BY id"),
    api.ds.query("SELECT id, revoked_at FROM api_token ORDER BY id"),
  ]);
  return JSON.stringify(parts);
}

/** A district's venues: a centre and two subcentres. */
export const THREE_VENUES = ["COMPREHENSIVE_CENTER", "PROFESSIONAL_SUBCENTER", "PROFESSIONAL_SUBCENTER"] as const;

/**
 * A city (from `city`) grown by `districts` more districts with a venue of each of `types`, and a unified assessment
 * (one finding) completed for every other venue but those in `except`: data that an evaluation in small parts
 * splits over several of them. Answers every venue of the city.
 */
export async function assessedCity(
  api: Api,
  c: Awaited<ReturnType<typeof city>>,
  assessor: SignedIn,
  o: { districts: number; types: readonly VenueType[]; except?: string[] },
): Promise<string[]> {
  const venues = Object.values(c.venues);
  for (let i = 0; i < o.districts; i++) {
    const d = await unit(api, c.admin, "DISTRICT", c.cityId);
    for (const type of o.types) venues.push(await venue(api, c.admin, type, d));
  }
  for (const venueId of venues.filter((v, i) => i % 2 === 0 && !o.except?.includes(v))) {
    await completeScoring(api, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId,
      assigner: c.admin,
      assignee: assessor,
      findings: [{ indicatorCode: "I01", ruleCode: "R1" }],
    });
  }
  return venues;
}
