import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { city, user } from "../support/factories";
import {
  assign,
  cancel,
  completeScoring,
  examineAll,
  proof,
  raw,
  review,
  rowCounts,
  start,
  stateFingerprint,
  submit,
} from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());
beforeEach(() => api.clock.set("2024-05-10T02:00:00Z"));

const PROBLEM = `id status recurrence foundAgain lastFoundAt failedRechecks indicatorCode ruleCode description resolvedAt source { id kind } rectification { id kind }`;

async function problem(id: string, token: string) {
  return ok(await api.gql(`query($id: ID!) { problem(id: $id) { ${PROBLEM} } }`, { id }, token)).problem;
}

async function problemsOfVenue(venueId: string, token: string, status?: string) {
  const r = ok(
    await api.gql(
      `query($f: ProblemFilter) { problems(filter: $f, first: 100) { totalCount nodes { ${PROBLEM} } } }`,
      { f: { venueId, status } },
      token,
    ),
  );
  return r.problems.nodes as {
    id: string;
    status: string;
    recurrence: number;
    indicatorCode: string;
    ruleCode: string;
    source: { id: string; kind: string };
  }[];
}

/** A district with its manager, an assessor of the district and the staff of its professional sub-centre. */
async function district() {
  const c = await city(api);
  const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
  const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
  const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
  return { ...c, manager, assessor, staff, venueId: c.venues.districtSubcenter };
}

/** A unified assessment of the sub-centre, approved, with the problems it found. */
async function assessed(
  d: Awaited<ReturnType<typeof district>>,
  findings = [
    { indicatorCode: "I01", ruleCode: "R1" },
    { indicatorCode: "I03", ruleCode: "R1", occurrences: 2, note: "两个事项超范围审批" },
  ],
) {
  const t = await completeScoring(api, {
    campaignId: d.campaignId,
    kind: "UNIFIED_ASSESSMENT",
    venueId: d.venueId,
    assigner: d.manager,
    assignee: d.assessor,
    findings,
  });
  return { task: t, problemIds: t.problems.map((p) => p.id) };
}

/** A rectification of the problems, assigned by the district's manager to the staff, started and submitted. */
async function rectified(d: Awaited<ReturnType<typeof district>>, problemIds: string[]) {
  const rect = await assign(api, d.manager, {
    campaignId: d.campaignId,
    kind: "RECTIFICATION",
    problemIds,
    assigneeId: d.staff.id,
  });
  await start(api, d.staff, rect.id);
  return submit(api, d.staff, rect.id, { report: "done" });
}

describe("the whole flow: self-check → unified assessment → problems → rectification → re-check", () => {
  it("runs from a self-check to resolved and reopened problems", async () => {
    const d = await district();

    // 自检评估: the district assigns the sub-centre's self-check to its staff.
    const selfCheck = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venueId,
      assigneeId: d.staff.id,
    });
    expect(selfCheck).toMatchObject({
      kind: "SELF_CHECK",
      status: "ASSIGNED",
      venue: { id: d.venueId },
      assignee: { id: d.staff.id },
      score: null,
    });
    expect(selfCheck.dueAt).toBe("2024-05-31T15:59:59.999Z");
    expect((await start(api, d.staff, selfCheck.id)).status).toBe("IN_PROGRESS");
    const saved = await examineAll(api, d.staff, selfCheck.id, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I02", ruleCode: "R2", occurrences: 4, note: "四个事项未进驻" },
    ]);
    expect(saved.score).toEqual({ total: 95, deducted: 5, bonus: 0 });
    expect(saved.findings.map((f) => f.deduction)).toEqual([3, 2]);
    expect((await submit(api, d.staff, selfCheck.id)).status).toBe("SUBMITTED");
    const doneSelf = await review(api, d.manager, selfCheck.id, true, "自检完成");
    expect(doneSelf.status).toBe("COMPLETED");
    expect(doneSelf.problems.map((p) => [p.indicatorCode, p.ruleCode, p.status])).toEqual([
      ["I01", "R1", "OPEN"],
      ["I02", "R2", "OPEN"],
    ]);

    // 统一考核: the district's assessor scores the sub-centre; a bonus and a zero finding make no problem.
    const ua = await completeScoring(api, {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: d.venueId,
      assigner: d.manager,
      assignee: d.assessor,
      findings: [
        { indicatorCode: "I01", ruleCode: "R1", note: "综合窗口未设置" },
        { indicatorCode: "I03", ruleCode: "R1", occurrences: 2 },
        { indicatorCode: "I04", ruleCode: "R1", occurrences: 0 },
        // A bonus (加分项) comes with its evidence (证明材料).
        { indicatorCode: "I20", ruleCode: "R1", evidenceIds: [await proof(api, d.assessor)] },
      ],
    });
    expect(ua.status).toBe("COMPLETED");
    expect(ua.score).toEqual({ total: 98, deducted: 7, bonus: 5 });
    // I01/R1 is the self-check's problem, still open: found again, not a new problem and not a recurrence.
    expect(ua.problems.map((p) => [p.indicatorCode, p.ruleCode])).toEqual([["I03", "R1"]]);
    const [again, fresh] = await Promise.all(
      [doneSelf.problems[0]!.id, ua.problems[0]!.id].map((id) => problem(id, d.manager.token)),
    );
    expect(again).toMatchObject({
      status: "OPEN",
      recurrence: 0,
      foundAgain: 1,
      lastFoundAt: "2024-05-10T02:00:00.000Z",
      source: { id: selfCheck.id, kind: "SELF_CHECK" },
      rectification: null,
    });
    expect(fresh).toMatchObject({ status: "OPEN", recurrence: 0, foundAgain: 0, failedRechecks: 0 });
    expect(await problemsOfVenue(d.venueId, d.manager.token)).toHaveLength(3);

    // 整改: a rectification of both problems, by the venue's staff.
    const rect = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [again.id, fresh.id],
      assigneeId: d.staff.id,
    });
    expect(rect).toMatchObject({ kind: "RECTIFICATION", status: "ASSIGNED", venue: { id: d.venueId } });
    expect(rect.problems.map((p) => p.status)).toEqual(["RECTIFYING", "RECTIFYING"]);
    // The staff see the problem and their rectification; the assessment that found it is not theirs to see.
    const asStaff = ok(
      await api.gql(
        `query($id: ID!) { problem(id: $id) { status sourceKind rectification { id kind } } }`,
        { id: again.id },
        d.staff.token,
      ),
    ).problem;
    expect(asStaff).toEqual({
      status: "RECTIFYING",
      sourceKind: "SELF_CHECK",
      rectification: { id: rect.id, kind: "RECTIFICATION" },
    });
    await start(api, d.staff, rect.id);
    const rectDone = await submit(api, d.staff, rect.id, { report: "已设置综合窗口，清理超范围审批事项" });
    expect(rectDone.problems.map((p) => p.status)).toEqual(["AWAITING_RECHECK", "AWAITING_RECHECK"]);
    expect((await review(api, d.manager, rect.id, true)).status).toBe("COMPLETED");

    // 复检复查: whoever assigned the assessment assigns the re-check; one problem passes, one does not.
    const recheck = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds: [again.id, fresh.id],
      assigneeId: d.assessor.id,
    });
    expect(recheck.dueAt).toBe("2024-10-31T15:59:59.999Z");
    await start(api, d.assessor, recheck.id);
    const verdicts = await submit(api, d.assessor, recheck.id, {
      verdicts: [
        { problemId: again.id, resolved: true },
        { problemId: fresh.id, resolved: false, note: "仍有一个事项超范围" },
      ],
    });
    expect(verdicts.status).toBe("SUBMITTED");
    // The verdicts take effect when the re-check is approved, not before.
    expect(verdicts.problems.map((p) => p.status)).toEqual(["AWAITING_RECHECK", "AWAITING_RECHECK"]);
    await review(api, d.manager, recheck.id, true);
    expect(await problem(again.id, d.manager.token)).toMatchObject({
      status: "RESOLVED",
      failedRechecks: 0,
      resolvedAt: "2024-05-10T02:00:00.000Z",
    });
    expect(await problem(fresh.id, d.manager.token)).toMatchObject({
      status: "OPEN",
      failedRechecks: 1,
      resolvedAt: null,
    });

    // Reopened: a second round resolves it.
    api.clock.advanceHours(24);
    const rect2 = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [fresh.id],
      assigneeId: d.staff.id,
    });
    expect((await problem(fresh.id, d.manager.token)).rectification.id).toBe(rect2.id);
    await start(api, d.staff, rect2.id);
    await submit(api, d.staff, rect2.id, { report: "已全部整改" });
    await review(api, d.manager, rect2.id, true);
    const recheck2 = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds: [fresh.id],
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, recheck2.id);
    await submit(api, d.assessor, recheck2.id, { verdicts: [{ problemId: fresh.id, resolved: true }] });
    await review(api, d.manager, recheck2.id, true);
    expect(await problem(fresh.id, d.manager.token)).toMatchObject({
      status: "RESOLVED",
      failedRechecks: 1,
      resolvedAt: "2024-05-11T02:00:00.000Z",
    });

    const resolved = await problemsOfVenue(d.venueId, d.manager.token, "RESOLVED");
    expect(resolved.map((p) => p.id).sort()).toEqual([again.id, fresh.id].sort());
    const open = await problemsOfVenue(d.venueId, d.manager.token, "OPEN");
    expect(open.map((p) => [p.source.kind, p.indicatorCode, p.ruleCode])).toEqual([["SELF_CHECK", "I02", "R2"]]);
  });

  it("counts a recurrence (相同问题反复出现) only when a RESOLVED problem is found again; never within one sheet, nor while it is open", async () => {
    const d = await district();
    const first = await assessed(d, [{ indicatorCode: "I03", ruleCode: "R1" }]);
    const [p1] = first.problemIds;
    // Found again while still open: no new problem, no recurrence; counted on the open one.
    const second = await assessed(d, [
      { indicatorCode: "I03", ruleCode: "R1" },
      { indicatorCode: "I02", ruleCode: "R1" },
    ]);
    expect(second.task.problems.map((p) => [p.indicatorCode, p.ruleCode])).toEqual([["I02", "R1"]]);
    expect(await problem(p1!, d.manager.token)).toMatchObject({ recurrence: 0, foundAgain: 1, status: "OPEN" });
    expect((await problem(second.problemIds[0]!, d.manager.token)).recurrence).toBe(0);
    // Rectified and re-checked: RESOLVED.
    await rectified(d, [p1!]);
    const rc = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds: [p1!],
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, rc.id);
    await submit(api, d.assessor, rc.id, { verdicts: [{ problemId: p1!, resolved: true }] });
    await review(api, d.manager, rc.id, true);
    api.clock.advanceHours(24);
    // It comes back, itemised twice on one sheet: two problems, each recurring once (the sheet's findings do not count
    // against each other).
    const third = await assessed(d, [
      { indicatorCode: "I03", ruleCode: "R1", note: "一号窗口" },
      { indicatorCode: "I03", ruleCode: "R1", note: "二号窗口" },
    ]);
    const back = await Promise.all(third.problemIds.map((id) => problem(id, d.manager.token)));
    expect(back.map((p) => [p.description, p.recurrence])).toEqual([
      ["一号窗口", 1],
      ["二号窗口", 1],
    ]);
    // Another venue's identical problem is not a recurrence here.
    const other = await user(api, "VENUE_STAFF", { venueId: d.venues.departmentSubcenter });
    const dept = await completeScoring(api, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venues.departmentSubcenter,
      assigner: d.admin,
      assignee: other,
      findings: [{ indicatorCode: "I01", ruleCode: "R2" }],
    });
    expect((await problem(dept.problems[0]!.id, d.admin.token)).recurrence).toBe(0);
  });

  it("makes no problem of an unapproved sheet, and none of bonus or zero findings", async () => {
    const d = await district();
    const t = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: d.venueId,
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, t.id);
    await examineAll(api, d.assessor, t.id, [
      { indicatorCode: "I20", ruleCode: "R2", occurrences: 2, evidenceIds: [await proof(api, d.assessor)] },
      { indicatorCode: "I02", ruleCode: "R2", occurrences: 0 },
    ]);
    const submitted = await submit(api, d.assessor, t.id);
    expect(submitted.problems).toEqual([]);
    const returned = await review(api, d.manager, t.id, false, "请补充照片");
    expect(returned.status).toBe("RETURNED");
    await start(api, d.assessor, t.id);
    await submit(api, d.assessor, t.id);
    const done = await review(api, d.manager, t.id, true);
    expect(done.score).toEqual({ total: 105, deducted: 0, bonus: 5 });
    expect(done.problems).toEqual([]);
  });
});

describe("rectifications and re-checks", () => {
  it("returns a rectification: its problems go back to RECTIFYING until it is submitted again", async () => {
    const d = await district();
    const { problemIds } = await assessed(d);
    const rect = await rectified(d, problemIds);
    const back = await review(api, d.manager, rect.id, false, "照片不清楚");
    expect(back.status).toBe("RETURNED");
    expect(back.problems.map((p) => p.status)).toEqual(["RECTIFYING", "RECTIFYING"]);
    // A re-check cannot be assigned while the rectification is not submitted.
    const early = await raw.assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds,
      assigneeId: d.assessor.id,
    });
    expect(code(early)).toBe("CONFLICT");
    await start(api, d.staff, rect.id);
    const again = await submit(api, d.staff, rect.id, { report: "done, with photos" });
    expect(again.report).toBe("done, with photos");
    expect(again.problems.map((p) => p.status)).toEqual(["AWAITING_RECHECK", "AWAITING_RECHECK"]);
  });

  it("cancels a rectification: its problems are OPEN again and can be rectified anew", async () => {
    const d = await district();
    const { problemIds } = await assessed(d);
    const rect = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds,
      assigneeId: d.staff.id,
    });
    const cancelled = await cancel(api, d.manager, rect.id, "assigned to the wrong person");
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.problems.map((p) => p.status)).toEqual(["OPEN", "OPEN"]);
    const next = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds,
      assigneeId: d.staff.id,
    });
    expect(next.problems.map((p) => p.status)).toEqual(["RECTIFYING", "RECTIFYING"]);
  });

  it("returns a re-check: its verdicts are undone", async () => {
    const d = await district();
    const { problemIds } = await assessed(d);
    await rectified(d, problemIds);
    const rc = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds,
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, rc.id);
    await submit(api, d.assessor, rc.id, {
      verdicts: [
        { problemId: problemIds[0], resolved: true },
        { problemId: problemIds[1], resolved: false },
      ],
    });
    const back = await review(api, d.manager, rc.id, false, "复检意见不完整");
    expect(back.problems.map((p) => p.status)).toEqual(["AWAITING_RECHECK", "AWAITING_RECHECK"]);
    const [a, b] = await Promise.all(problemIds.map((id) => problem(id!, d.manager.token)));
    expect([a.failedRechecks, b.failedRechecks, a.resolvedAt]).toEqual([0, 0, null]);
    await start(api, d.assessor, rc.id);
    const redone = await submit(api, d.assessor, rc.id, {
      verdicts: [
        { problemId: problemIds[0], resolved: true },
        { problemId: problemIds[1], resolved: true },
      ],
    });
    expect(redone.problems.map((p) => p.status)).toEqual(["AWAITING_RECHECK", "AWAITING_RECHECK"]);
    expect((await review(api, d.manager, rc.id, true)).problems.map((p) => p.status)).toEqual(["RESOLVED", "RESOLVED"]);
  });

  it("cancels a submitted re-check: its verdicts do not stand", async () => {
    const d = await district();
    const { problemIds } = await assessed(d);
    await rectified(d, problemIds);
    const rc = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds,
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, rc.id);
    await submit(api, d.assessor, rc.id, {
      verdicts: [
        { problemId: problemIds[0], resolved: true },
        { problemId: problemIds[1], resolved: false },
      ],
    });
    const cancelled = await cancel(api, d.manager, rc.id, "wrong assessor");
    expect(cancelled.status).toBe("CANCELLED");
    const [a, b] = await Promise.all(problemIds.map((id) => problem(id!, d.manager.token)));
    expect([a.status, b.status, b.failedRechecks]).toEqual(["AWAITING_RECHECK", "AWAITING_RECHECK", 0]);
    const rc2 = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds,
      assigneeId: d.assessor.id,
    });
    expect(rc2.problems.map((p) => p.status)).toEqual(["AWAITING_RECHECK", "AWAITING_RECHECK"]);
  });

  it("keeps a rectification as it is while a re-check of its problems is open", async () => {
    const d = await district();
    const { problemIds } = await assessed(d);
    const rect = await rectified(d, problemIds);
    const rc = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds,
      assigneeId: d.assessor.id,
    });
    const before = await stateFingerprint(api);
    expect(code(await raw.review(api, d.manager, rect.id, false, "late second thoughts"))).toBe("CONFLICT");
    expect(code(await raw.cancel(api, d.manager, rect.id, "late second thoughts"))).toBe("CONFLICT");
    expect(await stateFingerprint(api)).toBe(before);
    await cancel(api, d.manager, rc.id, "not yet");
    expect((await review(api, d.manager, rect.id, false, "now")).problems.map((p) => p.status)).toEqual([
      "RECTIFYING",
      "RECTIFYING",
    ]);
  });

  it("never moves a problem that a later rectification has taken over", async () => {
    const d = await district();
    const { problemIds } = await assessed(d, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    const [pid] = problemIds as [string];
    const rect1 = await rectified(d, [pid]);
    const rc = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds: [pid],
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, rc.id);
    await submit(api, d.assessor, rc.id, { verdicts: [{ problemId: pid, resolved: false }] });
    await review(api, d.manager, rc.id, true);
    const rect2 = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [pid],
      assigneeId: d.staff.id,
    });
    const held = () => problem(pid, d.manager.token).then((p) => [p.status, p.rectification.id]);
    expect(await held()).toEqual(["RECTIFYING", rect2.id]);
    // rect1 was never reviewed: returning, resubmitting or cancelling it leaves rect2's problem alone.
    await review(api, d.manager, rect1.id, false);
    expect(await held()).toEqual(["RECTIFYING", rect2.id]);
    await start(api, d.staff, rect1.id);
    await submit(api, d.staff, rect1.id, { report: "again" });
    expect(await held()).toEqual(["RECTIFYING", rect2.id]);
    await cancel(api, d.manager, rect1.id, "superseded");
    expect(await held()).toEqual(["RECTIFYING", rect2.id]);
  });

  it("wants a verdict for each problem of a re-check, and none for another problem", async () => {
    const d = await district();
    const { problemIds } = await assessed(d);
    await rectified(d, problemIds);
    const rc = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECHECK",
      problemIds,
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, rc.id);
    const before = await stateFingerprint(api);
    const missing = await raw.submit(api, d.assessor, rc.id, {
      verdicts: [{ problemId: problemIds[0], resolved: true }],
    });
    expect(code(missing)).toBe("BAD_USER_INPUT");
    const twice = await raw.submit(api, d.assessor, rc.id, {
      verdicts: [
        { problemId: problemIds[0], resolved: true },
        { problemId: problemIds[0], resolved: false },
        { problemId: problemIds[1], resolved: true },
      ],
    });
    expect(code(twice)).toBe("BAD_USER_INPUT");
    const none = await raw.submit(api, d.assessor, rc.id);
    expect(code(none)).toBe("BAD_USER_INPUT");
    expect(await stateFingerprint(api)).toBe(before);
  });

  it("takes only OPEN problems of one venue into a rectification", async () => {
    const d = await district();
    const { problemIds } = await assessed(d);
    const otherStaff = await user(api, "VENUE_STAFF", { venueId: d.venues.station });
    const station = await completeScoring(api, {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: d.venues.station,
      assigner: d.manager,
      assignee: d.assessor,
      findings: [{ indicatorCode: "I01", ruleCode: "R1" }],
    });
    const mixed = await raw.assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [problemIds[0]!, station.problems[0]!.id],
      assigneeId: d.staff.id,
    });
    expect(code(mixed)).toBe("BAD_USER_INPUT");
    await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [problemIds[0]!],
      assigneeId: d.staff.id,
    });
    const twice = await raw.assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [problemIds[0]!],
      assigneeId: d.staff.id,
    });
    expect(code(twice)).toBe("CONFLICT");
    // Venue staff take rectifications of their own venue only.
    const wrongStaff = await raw.assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [problemIds[1]!],
      assigneeId: otherStaff.id,
    });
    expect(code(wrongStaff)).toBe("BAD_USER_INPUT");
  });
});

describe("unannounced inspections and annual reports", () => {
  it("puts a problem reported during an inspection on the list at once", async () => {
    const d = await district();
    const t = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: d.venues.station,
      assigneeId: d.assessor.id,
    });
    await start(api, d.assessor, t.id);
    const r = ok(
      await api.gql(
        `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id status recurrence indicatorCode ruleCode description venue { id } source { id kind } } }`,
        { i: { taskId: t.id, indicatorCode: "I13", ruleCode: "R1", description: "窗口无人值守" } },
        d.assessor.token,
      ),
    ).reportProblem;
    expect(r).toMatchObject({
      status: "OPEN",
      recurrence: 0,
      description: "窗口无人值守",
      venue: { id: d.venues.station },
      source: { id: t.id, kind: "UNANNOUNCED_INSPECTION" },
    });
    const list = ok(
      await api.gql(
        `query($f: ProblemFilter) { problems(filter: $f) { totalCount nodes { id } } }`,
        { f: { venueId: d.venues.station } },
        d.manager.token,
      ),
    ).problems;
    expect(list.nodes).toEqual([{ id: r.id }]);
    const bonus = await api.gql(
      `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`,
      { i: { taskId: t.id, indicatorCode: "I99", ruleCode: "R1", description: "x" } },
      d.assessor.token,
    );
    expect(code(bonus)).toBe("BAD_USER_INPUT");
    // The inspection's problem can be rectified like any other.
    const staff = await user(api, "VENUE_STAFF", { venueId: d.venues.station });
    const rect = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "RECTIFICATION",
      problemIds: [r.id],
      assigneeId: staff.id,
    });
    expect(rect.problems).toEqual([{ id: r.id, status: "RECTIFYING", indicatorCode: "I13", ruleCode: "R1" }]);
  });

  it("assigns a district's annual report from the city and wants its text", async () => {
    const d = await district();
    const t = await assign(api, d.admin, {
      campaignId: d.campaignId,
      kind: "ANNUAL_REPORT",
      unitId: d.districtId,
      assigneeId: d.manager.id,
    });
    expect(t).toMatchObject({
      kind: "ANNUAL_REPORT",
      venue: null,
      unit: { id: d.districtId },
      dueAt: "2024-10-31T15:59:59.999Z",
    });
    await start(api, d.manager, t.id);
    expect(code(await raw.submit(api, d.manager, t.id, { report: "   " }))).toBe("BAD_USER_INPUT");
    const sent = await submit(api, d.manager, t.id, { report: "本地区政务服务中心标准化建设情况年度工作报告" });
    expect(sent.status).toBe("SUBMITTED");
    expect((await review(api, d.admin, t.id, true)).status).toBe("COMPLETED");
  });
});

describe("the state machine", () => {
  it("refuses illegal transitions with CONFLICT and changes nothing", async () => {
    const d = await district();
    const t = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venueId,
      assigneeId: d.staff.id,
    });
    let before = await stateFingerprint(api);
    expect(code(await raw.submit(api, d.staff, t.id))).toBe("CONFLICT");
    expect(code(await raw.review(api, d.manager, t.id, true))).toBe("CONFLICT");
    expect(code(await raw.save(api, d.staff, t.id, []))).toBe("CONFLICT");
    expect(await stateFingerprint(api)).toBe(before);
    await start(api, d.staff, t.id);
    before = await stateFingerprint(api);
    expect(code(await raw.start(api, d.staff, t.id))).toBe("CONFLICT");
    expect(code(await raw.review(api, d.manager, t.id, false))).toBe("CONFLICT");
    expect(await stateFingerprint(api)).toBe(before);
    expect((await examineAll(api, d.staff, t.id)).score).toEqual({ total: 100, deducted: 0, bonus: 0 });
    await submit(api, d.staff, t.id);
    await review(api, d.manager, t.id, true);
    before = await stateFingerprint(api);
    expect(code(await raw.cancel(api, d.manager, t.id, "too late"))).toBe("CONFLICT");
    expect(code(await raw.save(api, d.staff, t.id, []))).toBe("CONFLICT");
    expect(code(await raw.start(api, d.staff, t.id))).toBe("CONFLICT");
    expect(await stateFingerprint(api)).toBe(before);
  });

  it("refuses an untouched sheet (not examined is not 'nothing found'); a complete sheet without findings scores full marks", async () => {
    const d = await district();
    const t = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venueId,
      assigneeId: d.staff.id,
    });
    await start(api, d.staff, t.id);
    const [rows, state] = [await rowCounts(api), await stateFingerprint(api)];
    const untouched = await raw.submit(api, d.staff, t.id);
    expect(code(untouched)).toBe("BAD_USER_INPUT");
    expect(untouched.errors![0]!.extensions!.field).toBe("examined");
    expect(untouched.errors![0]!.message).toContain("I01, I02, I03");
    expect([await rowCounts(api), await stateFingerprint(api)]).toEqual([rows, state]);
    await examineAll(api, d.staff, t.id);
    await submit(api, d.staff, t.id);
    await review(api, d.manager, t.id, true);
    const done = ok(
      await api.gql(
        `query($id: ID!) { task(id: $id) { status score { total deducted } problems { id } } }`,
        { id: t.id },
        d.manager.token,
      ),
    ).task;
    expect(done).toEqual({ status: "COMPLETED", score: { total: 100, deducted: 0 }, problems: [] });
  });

  it("keeps one open self-check and one open unified assessment per venue and campaign", async () => {
    const d = await district();
    const t = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venueId,
      assigneeId: d.staff.id,
    });
    expect(
      code(
        await raw.assign(api, d.manager, {
          campaignId: d.campaignId,
          kind: "SELF_CHECK",
          venueId: d.venueId,
          assigneeId: d.staff.id,
        }),
      ),
    ).toBe("CONFLICT");
    await cancel(api, d.manager, t.id, "re-assign");
    await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venueId,
      assigneeId: d.staff.id,
    });
  });

  it("tells overdue tasks by the clock, and stops when they are done", async () => {
    const d = await district();
    const t = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "SELF_CHECK",
      venueId: d.venueId,
      assigneeId: d.staff.id,
      dueAt: "2024-05-12T00:00:00.000Z",
    });
    const overdue = async () =>
      ok(await api.gql(`query($id: ID!) { task(id: $id) { overdue } }`, { id: t.id }, d.manager.token)).task.overdue;
    const listed = async () =>
      ok(
        await api.gql(
          `query($f: TaskFilter) { tasks(filter: $f) { nodes { id } } }`,
          { f: { venueId: d.venueId, overdue: true } },
          d.manager.token,
        ),
      ).tasks.nodes;
    expect(await overdue()).toBe(false);
    api.clock.advanceHours(72);
    expect(await overdue()).toBe(true);
    expect(await listed()).toEqual([{ id: t.id }]);
    await start(api, d.staff, t.id);
    await examineAll(api, d.staff, t.id);
    await submit(api, d.staff, t.id);
    await review(api, d.manager, t.id, true);
    expect(await overdue()).toBe(false);
    expect(await listed()).toEqual([]);
  });
});
